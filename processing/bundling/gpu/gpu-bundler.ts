/**
 * The WebGPU bundling backend: the same algorithm as the CPU generator in ../bundle.ts, with every
 * iteration's work (resample, splat, resolve, blur ×3, gradient, advect, smooth per gap) recorded as
 * compute passes and kept in GPU memory. The host reads back only for a progress report (the current
 * polylines) and at the end. Lifecycle: createGpuBundler → run (any number of times) → destroy.
 */
import type { ProcessedNetwork } from '../../format/processed-network';
import { classWeightLine, nodeClassData } from '../../importance/sample-classes';
import { nodePhaseFrame, snapLayers } from '../../layout/node-advection';
import { finishNetwork, type BundleOptions, type BundleResult } from '../bundle';
import { projectForBundling } from '../class-components';
import { levelRun } from '../level-runs';
import { blurWeight, gridGeometry } from '../density-grid';
import { classForces } from '../edge-passes';
import { edgeGridCells, gapBoxes, gapWindow, nodePhaseInput, planBundling, planEdges, spacingAt } from '../plan';
import { toCsr } from '../polyline-store';
import type { BundlingDevice } from './device';
import { createChunkBuffers, readChunks, type ChunkBuffers } from './edge-chunks';
import { createKernels, type Kernels } from './kernels';
import type { ParamValues } from './params';
import { Recorder, type BufferSource } from './recorder';
import { createRunBuffers, readBack, type RunBufferName } from './run-buffers';
import { gridBytesPerCell, planChunks, planSlabs, wholeGrid, type Slab } from './split';

export interface GpuBundler {
  adapterName: string;
  /** Bundles a straight network (as bundleNetwork does on the CPU). */
  run(net: ProcessedNetwork, options?: BundleOptions): Promise<BundleResult>;
  /** Frees the pipelines; the device belongs to the caller. */
  destroy(): void;
}

export interface GpuBundlerOptions {
  /**
   * Largest buffer binding to use, in bytes (default and cap: the device's limits). Edges are bound in
   * chunks and grids processed in z-slabs that fit it (gpu/split.ts); tests lower it to exercise splitting.
   */
  maxBindingBytes?: number;
}

/** Compiles the kernels on `handle.device`. */
export async function createGpuBundler(handle: BundlingDevice, bundlerOptions: GpuBundlerOptions = {}): Promise<GpuBundler> {
  const kernels = await createKernels(handle.device);
  const { limits } = handle.device;
  const limit = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize, bundlerOptions.maxBindingBytes ?? Infinity);
  return {
    adapterName: handle.adapterName,
    async run(net, options = {}) {
      const projection = projectForBundling(net);
      const r = await levelRun(projection.net, options, (n, o) => runOnGpu(handle, kernels, limit, n, o));
      return { ...r, network: projection.restore(r.network) };
    },
    destroy() {
      // Pipelines and layouts are garbage-collected with the device; nothing else is held between runs.
    },
  };
}

/** Grid fields of a params block for the window [lo, hi] at bandwidth h. */
function gridParams(lo: ArrayLike<number>, hi: ArrayLike<number>, h: number, C: number): ParamValues & { nx: number; ny: number; nz: number } {
  const g = gridGeometry(lo, hi, h);
  return {
    origin_x: lo[0], origin_y: lo[1], origin_z: lo[2], inv_cell: 1 / g.cell, nx: g.nx, ny: g.ny, nz: g.nz, channels: C,
    w0: blurWeight(0), w1: blurWeight(1), w2: blurWeight(2),
    lo0: lo[0] + g.cell * 0.5, lo1: lo[1] + g.cell * 0.5, hi0: lo[0] + g.cell * (g.nx - 0.5), hi1: lo[1] + g.cell * (g.ny - 0.5),
  };
}

/** Slab fields of a params block. */
function slabParams(s: Slab): ParamValues {
  return { slab_z0: s.z0, slab_nz: s.nz, own_z0: s.own0, own_z1: s.own1 };
}

/** Records the density passes shared by both phases: resolve the splat, blur three axes, gradients. */
function recordDensity(rec: Recorder, pass: GPUComputePassEncoder, slot: number, cells: number, C: number, grid: BufferSource): void {
  rec.dispatch(pass, 'resolve', slot, cells * C, grid);
  rec.dispatch(pass, 'blurX', slot, cells * C, grid);
  rec.dispatch(pass, 'blurY', slot, cells * C, grid);
  rec.dispatch(pass, 'blurZ', slot, cells * C, grid);
  rec.dispatch(pass, 'gradient', slot, cells, grid);
}

function checkRun(handle: BundlingDevice, signal?: AbortSignal): void {
  if (handle.failure) throw new Error(handle.failure);
  if (signal?.aborted) throw new Error('bundling cancelled');
}

/** One gap's work in one edge iteration: params slots per z-slab and chunk (slab 0's serve the chunk-only kernels). */
interface GapStep {
  chunks: ChunkBuffers[];
  slabs: { cells: number; slots: number[] }[];
}

async function runOnGpu(handle: BundlingDevice, kernels: Kernels, limit: number, net: ProcessedNetwork, options: BundleOptions): Promise<BundleResult> {
  const { device } = handle;
  const t0 = performance.now();
  const classAware = options.classAware !== false;
  const plan = planBundling(net, options.moveNodes !== false);
  const C = plan.classCount;
  const N = net.nodePositions.length / 3;
  const E = net.edgeSource.length;
  const positions = Float32Array.from(net.nodePositions);
  const nodeInput = nodePhaseInput(net, plan, positions);
  const frame = nodePhaseFrame(nodeInput);
  // Grid buffers serve both phases: size them for the larger grid, at most one binding (larger edge grids
  // run in z-slabs). The gaps' boxes do not change in the node phase (nodes trade grid slots within their
  // layer), so the edge grids' size is known now.
  const maxGridCells = Math.floor(limit / gridBytesPerCell(C));
  const hn = plan.nodeBandwidths;
  const nodeCells = hn.length ? frame.maxCells : 0;
  if (nodeCells > maxGridCells) throw new Error(`the node phase's density grid (${nodeCells} cells) exceeds one GPU buffer binding (${maxGridCells} cells)`);
  const gridCells = Math.min(maxGridCells, Math.max(nodeCells, edgeGridCells(plan, gapBoxes(net, positions))));
  const buffers = createRunBuffers(device);
  const grid: BufferSource = { key: 'grid', get: (name) => buffers.get(name as RunBufferName) };
  buffers.create({ nodes: N, classes: C, gridCells });
  const rec = new Recorder(device, kernels);
  const chunks: ChunkBuffers[] = [];
  const stages: Record<string, number> = {};
  try {
    // Node phase: every iteration in one submission, one readback for the rank snap.
    if (hn.length) {
      device.queue.writeBuffer(buffers.get('positions'), 0, positions);
      device.queue.writeBuffer(buffers.get('importance'), 0, net.nodeImportance);
      device.queue.writeBuffer(buffers.get('moving'), 0, Uint32Array.from(frame.moving));
      const nodeSlots = hn.map((h, k) => {
        const g = gridParams(frame.min, frame.max, h, C);
        return { slot: rec.slot({ ...g, ...slabParams(wholeGrid(g.nz)), item_from: 0, item_to: N, step: frame.stepPerBandwidth * h, alpha: -plan.nodeSimilarities[k], beta: 1, lo0: frame.min[0], lo1: frame.min[1], hi0: frame.max[0], hi1: frame.max[1] }), cells: g.nx * g.ny * g.nz };
      });
      rec.upload();
      const encoder = device.createCommandEncoder({ label: 'node phase' });
      const pass = encoder.beginComputePass();
      for (const { slot, cells } of nodeSlots) {
        rec.dispatch(pass, 'splatNodes', slot, N, grid);
        recordDensity(rec, pass, slot, cells, C, grid);
        rec.dispatch(pass, 'advectNodes', slot, N, grid);
      }
      pass.end();
      device.queue.submit([encoder.finish()]);
      const [advected] = await readBack(device, [{ buffer: buffers.get('positions'), offset: 0, bytes: N * 12 }]);
      checkRun(handle, options.signal);
      snapLayers(positions, new Float32Array(advected), frame, nodeInput.fixedLayers);
      options.onProgress?.({ stage: 'nodes', iteration: hn.length, iterations: hn.length, bandwidth: hn[hn.length - 1], elapsedMs: performance.now() - t0 });
    }
    const tNodes = performance.now();
    stages.nodes = tNodes - t0;

    // Edge phase: the same straight samples as the CPU backend, uploaded once, in chunks that fit a binding.
    const phase = planEdges(net, plan, positions);
    const { store, gapStart, gapBounds } = phase;
    const lines = edgeLines(net, plan.cfg.edge_importance_type, classAware);
    const gapChunks = planChunks(gapStart, store.slotStart, C, limit).map((gap) => gap.map((chunk) => {
      const made = createChunkBuffers(device, chunk, store, lines, C, `edges ${chunk.from}-${chunk.to}`, grid.get);
      chunks.push(made);
      return made;
    }));
    rec.clearSlots();
    const hs = plan.edgeBandwidths;
    const lo = new Float64Array(3);
    const hi = new Float64Array(3);
    let reductionSoFar = 1;
    const iterations: GapStep[][] = hs.map((h, k) => {
      reductionSoFar *= plan.cfg.edge_bandwidth_reduction;
      const [alpha, beta] = classForces(plan.edgeSimilarities[k], classAware);
      const gaps: GapStep[] = [];
      gapChunks.forEach((gap, g) => {
        if (!gap.length) return;
        gapWindow(gapBounds[g], h, lo, hi);
        const params = { ...gridParams(lo, hi, h, C), sample_length: spacingAt(plan, h), step: h, alpha, beta, passes: plan.cfg.smoothing ? plan.cfg.smoothing_iterations : 0, reduction_so_far: reductionSoFar };
        const slabs = planSlabs(params.nx, params.ny, params.nz, gridCells).map((slab) => ({
          cells: params.nx * params.ny * slab.nz,
          slots: gap.map((c) => rec.slot({ ...params, ...slabParams(slab), item_from: 0, item_to: c.edges, half_floats: c.halfFloats })),
        }));
        gaps.push({ chunks: gap, slabs });
      });
      return gaps;
    });
    const finalSlots = chunks.map((c) => rec.slot({ item_from: 0, item_to: c.edges, half_floats: c.halfFloats, sample_length: plan.consts.sampleLength }));
    rec.upload();
    // Progress readbacks land here (global slot layout), never in the straight samples of `store`.
    const current = { edges: E, slotStart: store.slotStart, count: new Uint32Array(E), points: new Float32Array(store.points.length) };
    let lastReadback = -Infinity;
    for (let k = 0; k < iterations.length; k++) {
      checkRun(handle, options.signal);
      const encoder = device.createCommandEncoder({ label: `edge iteration ${k}` });
      const pass = encoder.beginComputePass();
      for (const { chunks: gap, slabs } of iterations[k]) {
        gap.forEach((c, i) => rec.dispatch(pass, 'resample', slabs[0].slots[i], c.edges, c));
        for (const { cells, slots } of slabs) {
          gap.forEach((c, i) => rec.dispatch(pass, 'splatEdges', slots[i], c.edges, c));
          recordDensity(rec, pass, slots[0], cells, C, grid);
          gap.forEach((c, i) => rec.dispatch(pass, 'advectEdges', slots[i], c.edges, c));
        }
        gap.forEach((c, i) => rec.dispatch(pass, 'smooth', slabs[0].slots[i], c.edges, c));
      }
      pass.end();
      device.queue.submit([encoder.finish()]);
      let polylines: { offsets: Uint32Array; points: Float32Array } | undefined;
      if (options.withPolylines && performance.now() - lastReadback >= (options.polylineIntervalMs ?? 0)) {
        lastReadback = performance.now();
        await readChunks(device, chunks, current, 'A');
        polylines = toCsr(current);
      } else {
        await device.queue.onSubmittedWorkDone();
      }
      checkRun(handle, options.signal);
      options.onProgress?.({ stage: 'edges', iteration: k + 1, iterations: hs.length, bandwidth: hs[k], elapsedMs: performance.now() - t0, polylines, nodePositions: polylines ? positions.slice() : undefined });
    }
    const tIterations = performance.now();
    stages.edges = tIterations - tNodes;

    // Final resample at L into half B, read back once.
    const encoder = device.createCommandEncoder({ label: 'final resample' });
    const pass = encoder.beginComputePass();
    chunks.forEach((c, i) => rec.dispatch(pass, 'resample', finalSlots[i], c.edges, c));
    pass.end();
    device.queue.submit([encoder.finish()]);
    await readChunks(device, chunks, current, 'B');
    checkRun(handle, options.signal);
    const csr = toCsr(current);
    const tEnd = performance.now();
    stages.readback = tEnd - tIterations;
    const network = finishNetwork(net, plan, phase, positions, csr, { classAware, samples: csr.offsets[E], backend: `webgpu: ${handle.adapterName}${splitNote(iterations, chunks.length)}` });
    return { network, timings: { nodesMs: stages.nodes, edgesMs: tEnd - tNodes, totalMs: tEnd - t0, stages } };
  } finally {
    rec.destroy();
    for (const c of chunks) c.destroy();
    buffers.destroy();
  }
}

/** How the run was split to fit the binding limit, for the statistics ('' when it was not). */
function splitNote(iterations: GapStep[][], chunks: number): string {
  const gaps = iterations[0]?.length ?? 0;
  const slabs = Math.max(1, ...iterations.flatMap((gap) => gap.map((g) => g.slabs.length)));
  if (chunks <= gaps && slabs === 1) return '';
  return `, split to fit buffer limits: ${chunks} edge chunks, grids in up to ${slabs} z-slabs`;
}

/** Per edge: its class-weight line (start C values, slope C values), or uniform weights when class-blind. */
function edgeLines(net: ProcessedNetwork, type: number, classAware: boolean): Float32Array {
  const C = net.classCount;
  const E = net.edgeSource.length;
  const out = new Float32Array(Math.max(1, E) * 2 * C);
  if (!classAware) {
    for (let e = 0; e < E; e++) out.fill(1 / Math.sqrt(C), e * 2 * C, e * 2 * C + C);
    return out;
  }
  const nodes = nodeClassData(net.nodeImportance, C);
  for (let e = 0; e < E; e++) {
    classWeightLine(type, nodes, net.edgeSource[e], net.edgeTarget[e], out.subarray(e * 2 * C, e * 2 * C + C), out.subarray(e * 2 * C + C, e * 2 * C + 2 * C));
  }
  return out;
}
