/**
 * The WebGPU bundling backend in Node (Dawn on SwiftShader through the `webgpu` package): the kernels
 * compile, the fixed-point splat is exact, and the whole run matches the CPU backend (bundling-fast.md §3:
 * mean point distance < 0.5 grid cell, identical endpoints, sample counts within ±1).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, globals } from 'webgpu';
import { bundleNetwork } from '../../processing/bundling/bundle';
import { gridGeometry, kCellsPerBandwidth } from '../../processing/bundling/density-grid';
import { acquireBundlingDevice, type BundlingDevice } from '../../processing/bundling/gpu/device';
import { createGpuBundler, type GpuBundler } from '../../processing/bundling/gpu/gpu-bundler';
import { kKernels, kernelSource, type KernelName } from '../../processing/bundling/gpu/kernels';
import { gapBoxes, gapWindow, planBundling } from '../../processing/bundling/plan';
import { gridBytesPerCell } from '../../processing/bundling/gpu/split';
import { defaultProcessingConfig } from '../../processing/config/processing-config';
import { defaultRenderingConfig } from '../../processing/config/rendering-config';
import { fromDigitSet } from '../../processing/data/dataset';
import { decodeDigitSet } from '../../processing/format/digits';
import type { ProcessedNetwork } from '../../processing/format/processed-network';
import { randomImportance } from '../../processing/importance/random';
import { taylorImportance } from '../../processing/importance/taylor';
import { compareBundlings } from '../../processing/metrics/parity';
import { loadTfjsModelFile } from '../../processing/model/load-node';
import { buildStraightNetwork, shapeOf } from '../../processing/network/build-straight';
import { resnetNetwork } from '../fixtures/cnn-networks';
import { handNetwork } from '../fixtures/hand-network';

Object.assign(globalThis, globals);

const root = join(import.meta.dirname, '..', '..');
const L = 1 / 15;
const cell = L / 3;
const one = [1, 0];

let handle: BundlingDevice;
let bundler: GpuBundler;

beforeAll(async () => {
  // Under CI the adapter must exist (Chromium's SwiftShader is installed by .ci/run): a missing one fails here.
  handle = await acquireBundlingDevice(create([]) as unknown as GPU);
  bundler = await createGpuBundler(handle);
});

afterAll(() => {
  bundler?.destroy();
  handle?.destroy();
});

/** The last edge grid's cell (the parity unit). */
function lastCell(net: ProcessedNetwork): number {
  const hs = planBundling(net, false).edgeBandwidths;
  return hs[hs.length - 1] / kCellsPerBandwidth;
}

function expectParity(gpu: ProcessedNetwork, cpu: ProcessedNetwork): ReturnType<typeof compareBundlings> {
  const report = compareBundlings({ offsets: gpu.polylineOffsets, points: gpu.polylinePoints }, { offsets: cpu.polylineOffsets, points: cpu.polylinePoints });
  expect(report.endpointMismatches).toBe(0);
  expect(report.maxCountDifference).toBeLessThanOrEqual(1);
  expect(report.meanDistance).toBeLessThan(0.5 * lastCell(cpu));
  expect(Array.from(gpu.nodePositions)).toEqual(Array.from(cpu.nodePositions));
  return report;
}

describe('WGSL kernels', () => {
  it('compile on a fallback (software) adapter, which is accepted', () => {
    expect(handle.adapterName).toMatch(/swiftshader/i);
    expect(Object.keys(kKernels)).toHaveLength(11);
    for (const name of Object.keys(kKernels) as KernelName[]) expect(kernelSource(name)).toContain('struct Params');
  });
});

describe('WebGPU backend = CPU backend', () => {
  it('merges two parallel edges exactly as the CPU does', async () => {
    const net = handNetwork({ layers: [[[0, 0], [2 * cell, 0]], [[0, 0], [2 * cell, 0]]], edges: [[0, 2], [1, 3]], importance: [one, one, one, one] });
    const gpu = await bundler.run(net, { moveNodes: false });
    const report = expectParity(gpu.network, bundleNetwork(net, { moveNodes: false }).network);
    expect(report.maxDistance).toBeLessThan(1e-5);
    expect(gpu.network.stats.backend).toMatch(/^webgpu/);
  });

  it('keeps crossing edges and a class-blind run equal to the CPU', async () => {
    const net = handNetwork({ layers: [[[-0.3, 0], [0, -0.3]], [[0.3, 0], [0, 0.3]]], edges: [[0, 2], [1, 3]], importance: [one, one, one, one] });
    expectParity((await bundler.run(net, { moveNodes: false })).network, bundleNetwork(net, { moveNodes: false }).network);
    expectParity((await bundler.run(net, { moveNodes: false, classAware: false })).network, bundleNetwork(net, { moveNodes: false, classAware: false }).network);
  });

  it('bundles a many-class network on its class components like the CPU (negative components splat exactly)', async () => {
    const sizes = [20, 10, 40];
    const net = buildStraightNetwork({ name: 'many', layerSizes: sizes, classNames: sizes.slice(-1).flatMap((n) => Array.from({ length: n }, (_, c) => `c${c}`)) }, randomImportance(sizes, 5), {
      processing: { ...defaultProcessingConfig, class_components: 6 }, rendering: defaultRenderingConfig,
    });
    const gpu = (await bundler.run(net)).network;
    expectParity(gpu, bundleNetwork(net).network);
    expect(gpu.classCount).toBe(40);
    expect(gpu.nodeImportance).toBe(net.nodeImportance);
    expect(gpu.stats.classComponents).toBe(6);
  });

  it('bundles the default network like the CPU: node phase on the same slots, edges within a fraction of a cell, progress with polylines', async () => {
    const graph = await loadTfjsModelFile(join(root, 'src/assets/models/mnist-mlp/model.json'));
    const data = fromDigitSet(decodeDigitSet(new Uint8Array(readFileSync(join(root, 'src/assets/digits/mnist-heldout.nnwd')))), 'held-out');
    const net = buildStraightNetwork(shapeOf(graph), taylorImportance(graph, data), { processing: defaultProcessingConfig, rendering: defaultRenderingConfig });
    const stages: string[] = [];
    let withPoints = 0;
    const gpu = await bundler.run(net, {
      withPolylines: true,
      onProgress: (p) => {
        stages.push(`${p.stage}${p.iteration}`);
        if (p.polylines && p.polylines.offsets.length === net.edgeSource.length + 1) withPoints++;
      },
    });
    expect(stages[0]).toBe('nodes56');
    expect(withPoints).toBe(23);
    // Node phase: 56 iterations of a non-linear flow. A node on a density ridge can leave it either way on
    // float differences (measured: 4 of the 924 nodes land on other slots of their layer); every other node
    // lands on the same slot, and every node on a slot of its own layer.
    const cpu = bundleNetwork(net).network;
    let same = 0;
    for (let i = 0; i < cpu.nodePositions.length; i += 3) {
      if (cpu.nodePositions[i] === gpu.network.nodePositions[i] && cpu.nodePositions[i + 1] === gpu.network.nodePositions[i + 1]) same++;
    }
    expect(same / (cpu.nodePositions.length / 3)).toBeGreaterThan(0.98);
    // Edge phase on one layout: the GPU run's edges, bundled between its own node positions, against the
    // CPU's edge phase on those positions (a second GPU run of the edges alone would repeat the first).
    const placed = { ...net, nodePositions: gpu.network.nodePositions };
    const report = expectParity(gpu.network, bundleNetwork(placed, { moveNodes: false }).network);
    // Measured: mean 0.065 cells, counts equal on 98 % of edges and never more than one apart.
    expect(report.meanDistance).toBeLessThan(0.2 * lastCell(net));
  }, 180_000);

  it('bundles a ResNet through its layered form (lanes, skip edges) like the CPU', async () => {
    const { net } = await resnetNetwork();
    const gpu = (await bundler.run(net, { moveNodes: false })).network;
    const cpu = bundleNetwork(net, { moveNodes: false }).network;
    // Joined polylines: each of a skip edge's (up to 3) segments may differ by one sample, as one-gap edges do.
    const report = compareBundlings({ offsets: gpu.polylineOffsets, points: gpu.polylinePoints }, { offsets: cpu.polylineOffsets, points: cpu.polylinePoints });
    expect(report.endpointMismatches).toBe(0);
    expect(report.maxCountDifference).toBeLessThanOrEqual(3);
    expect(report.meanDistance).toBeLessThan(0.5 * lastCell(cpu));
    expect(Array.from(gpu.nodePositions)).toEqual(Array.from(cpu.nodePositions));
    expect(gpu.planes).toEqual(net.planes);
    expect(gpu.polylineOffsets.length).toBe(net.edgeSource.length + 1);
    expect(gpu.stats.dummyNodes).toBe(96);
  }, 120_000);

  it('fails a run with a clear message when the device is lost mid-way', async () => {
    const lost = await acquireBundlingDevice(create([]) as unknown as GPU);
    const own = await createGpuBundler(lost);
    const net = handNetwork({ layers: [[[0, 0], [2 * cell, 0]], [[0, 0], [2 * cell, 0]]], edges: [[0, 2], [1, 3]], importance: [one, one, one, one] });
    // Lost from outside (as a driver reset would): not through the handle's own destroy().
    await expect(own.run(net, { moveNodes: false, onProgress: (p) => { if (p.iteration === 2) lost.device.destroy(); } })).rejects.toThrow('the WebGPU device was lost');
    expect(lost.failure).toContain('the WebGPU device was lost');
  });

  it('stops with a clear error when cancelled', async () => {
    const net = handNetwork({ layers: [[[0, 0], [2 * cell, 0]], [[0, 0], [2 * cell, 0]]], edges: [[0, 2], [1, 3]], importance: [one, one, one, one] });
    const controller = new AbortController();
    await expect(bundler.run(net, { moveNodes: false, signal: controller.signal, onProgress: (p) => { if (p.iteration === 3) controller.abort(); } })).rejects.toThrow('bundling cancelled');
  });
});

/** Three layers of 6 × 6 nodes, every gap fully connected, two classes (seeded). */
function gridNetwork(): ProcessedNetwork {
  let seed = 7;
  const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const layer = (shift: number) => Array.from({ length: 36 }, (_, i): [number, number] => [((i % 6) - 2.5) * 0.15 + shift, (Math.floor(i / 6) - 2.5) * 0.15]);
  const edges: [number, number][] = [];
  for (let g = 0; g < 2; g++) for (let s = 0; s < 36; s++) for (let t = 0; t < 36; t++) edges.push([g * 36 + s, (g + 1) * 36 + t]);
  return handNetwork({ layers: [layer(0), layer(0.05), layer(-0.05)], edges, importance: Array.from({ length: 108 }, () => [random(), random()]) });
}

describe('WebGPU backend within small buffer limits', () => {
  it('splits edges into chunks and grids into z-slabs with exactly the unsplit result', async () => {
    const net = gridNetwork();
    const whole = await bundler.run(net, { moveNodes: false });
    expect(whole.network.stats.backend).not.toContain('split');
    // The limit: three own z-layers (plus 2 × 2 halo) of the finest grid, so every iteration's grid is split.
    const hs = planBundling(net, false).edgeBandwidths;
    const h = hs[hs.length - 1];
    const lo = new Float64Array(3);
    const hi = new Float64Array(3);
    gapWindow(gapBoxes(net, net.nodePositions)[0], h, lo, hi);
    const finest = gridGeometry(lo, hi, h);
    const small = await createGpuBundler(handle, { maxBindingBytes: 7 * finest.nx * finest.ny * gridBytesPerCell(net.classCount) });
    const split = await small.run(net, { moveNodes: false });
    const [, chunks, slabs] = /split to fit buffer limits: (\d+) edge chunks, grids in up to (\d+) z-slabs/.exec(String(split.network.stats.backend)) ?? [];
    const report = compareBundlings(
      { offsets: split.network.polylineOffsets, points: split.network.polylinePoints }, { offsets: whole.network.polylineOffsets, points: whole.network.polylinePoints },
    );
    expect(report.maxDistance).toBe(0);
    expect(Array.from(split.network.polylineOffsets)).toEqual(Array.from(whole.network.polylineOffsets));
    expect(Number(chunks)).toBeGreaterThan(2); // more than one per gap
    expect(Number(slabs)).toBeGreaterThanOrEqual(Math.ceil(finest.nz / 3));
  }, 60_000);

  it('names what does not fit when even one grid layer exceeds the limit', async () => {
    const tiny = await createGpuBundler(handle, { maxBindingBytes: 2048 });
    await expect(tiny.run(gridNetwork(), { moveNodes: false })).rejects.toThrow(/cell layer of the density grid \(with its 4 halo layers\) exceeds one GPU buffer binding \(56 cells\)/);
  });
});
