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
import { blurWeight, gridGeometry } from '../density-grid';
import { classForces } from '../edge-passes';
import { edgeGridCells, gapBoxes, gapWindow, nodePhaseInput, planBundling, planEdges, spacingAt } from '../plan';
import { toCsr } from '../polyline-store';
import type { BundlingDevice } from './device';
import { createKernels, type KernelName, type Kernels } from './kernels';
import { kParamBytes, kParamStride, writeParams, type ParamValues } from './params';
import { createRunBuffers, readBack, type RunBufferName, type RunBuffers } from './run-buffers';

export interface GpuBundler {
  adapterName: string;
  /** Bundles a straight network (as bundleNetwork does on the CPU). */
  run(net: ProcessedNetwork, options?: BundleOptions): Promise<BundleResult>;
  /** Frees the pipelines; the device belongs to the caller. */
  destroy(): void;
}

/** Which buffers each kernel binds, in binding order (mirrors kKernels' binding table). */
const kBindings: Record<KernelName, RunBufferName[]> = {
  resample: ['points', 'slotStart', 'count'],
  splatEdges: ['accum', 'points', 'slotStart', 'count', 'lines'],
  splatNodes: ['accum', 'positions', 'importance'],
  resolve: ['accum', 'densityA'],
  blurX: ['densityA', 'densityB'],
  blurY: ['densityB', 'densityA'],
  blurZ: ['densityA', 'densityB'],
  gradient: ['densityB', 'gradient'],
  advectEdges: ['points', 'slotStart', 'count', 'lines', 'gradient'],
  smooth: ['points', 'slotStart', 'count'],
  advectNodes: ['positions', 'importance', 'moving', 'gradient'],
};

const kWorkgroupSize = 64;
const kMaxGroups = 65535;

/** Compiles the kernels on `handle.device`. */
export async function createGpuBundler(handle: BundlingDevice): Promise<GpuBundler> {
  const kernels = await createKernels(handle.device);
  return {
    adapterName: handle.adapterName,
    run: (net, options = {}) => runOnGpu(handle, kernels, net, options),
    destroy() {
      // Pipelines and layouts are garbage-collected with the device; nothing else is held between runs.
    },
  };
}

/** Records compute passes for one run: bind groups per kernel and a params block per grid/range. */
class Recorder {
  readonly groups = new Map<KernelName, GPUBindGroup>();
  readonly slots: ParamValues[] = [];
  paramsBuffer: GPUBuffer | null = null;
  paramsGroup: GPUBindGroup | null = null;

  constructor(private readonly device: GPUDevice, private readonly kernels: Kernels, private readonly buffers: RunBuffers) {}

  /** The kernel's storage bind group, made on first use (its buffers exist by then). */
  private group(name: KernelName): GPUBindGroup {
    let group = this.groups.get(name);
    if (!group) {
      group = this.device.createBindGroup({
        label: name,
        layout: this.kernels.byName[name].storageLayout,
        entries: kBindings[name].map((b, binding) => ({ binding, resource: { buffer: this.buffers.get(b) } })),
      });
      this.groups.set(name, group);
    }
    return group;
  }

  /** Adds a params block; returns its slot. */
  slot(values: ParamValues): number {
    this.slots.push(values);
    return this.slots.length - 1;
  }

  /** Uploads every params block (call once all slots are known, before recording). */
  upload(): void {
    const bytes = Math.max(1, this.slots.length) * kParamStride;
    this.paramsBuffer?.destroy();
    this.paramsBuffer = this.device.createBuffer({ label: 'bundling params', size: bytes, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    const data = new ArrayBuffer(bytes);
    const view = new DataView(data);
    this.slots.forEach((values, i) => writeParams(view, i * kParamStride, values));
    this.device.queue.writeBuffer(this.paramsBuffer, 0, data);
    this.paramsGroup = this.device.createBindGroup({
      layout: this.kernels.paramsLayout, entries: [{ binding: 0, resource: { buffer: this.paramsBuffer, size: kParamBytes } }],
    });
  }

  /** Records one dispatch of `kernel` over `items` work items with params block `slot`. */
  dispatch(pass: GPUComputePassEncoder, kernel: KernelName, slot: number, items: number): void {
    if (items <= 0) return;
    pass.setPipeline(this.kernels.byName[kernel].pipeline);
    pass.setBindGroup(0, this.paramsGroup!, [slot * kParamStride]);
    pass.setBindGroup(1, this.group(kernel));
    const groups = Math.ceil(items / kWorkgroupSize);
    pass.dispatchWorkgroups(Math.min(groups, kMaxGroups), Math.ceil(groups / kMaxGroups));
  }

  destroy(): void {
    this.paramsBuffer?.destroy();
    this.paramsBuffer = null;
  }
}

/** Grid fields of a params block for the window [lo, hi] at bandwidth h. */
function gridParams(lo: ArrayLike<number>, hi: ArrayLike<number>, h: number, C: number): ParamValues & { cells: number } {
  const g = gridGeometry(lo, hi, h);
  return {
    origin_x: lo[0], origin_y: lo[1], origin_z: lo[2], inv_cell: 1 / g.cell, nx: g.nx, ny: g.ny, nz: g.nz, channels: C,
    w0: blurWeight(0), w1: blurWeight(1), w2: blurWeight(2),
    lo0: lo[0] + g.cell * 0.5, lo1: lo[1] + g.cell * 0.5, hi0: lo[0] + g.cell * (g.nx - 0.5), hi1: lo[1] + g.cell * (g.ny - 0.5),
    cells: g.nx * g.ny * g.nz,
  };
}

/** Records the density passes shared by both phases: resolve the splat, blur three axes, gradients. */
function recordDensity(rec: Recorder, pass: GPUComputePassEncoder, slot: number, cells: number, C: number): void {
  rec.dispatch(pass, 'resolve', slot, cells * C);
  rec.dispatch(pass, 'blurX', slot, cells * C);
  rec.dispatch(pass, 'blurY', slot, cells * C);
  rec.dispatch(pass, 'blurZ', slot, cells * C);
  rec.dispatch(pass, 'gradient', slot, cells);
}

function checkRun(handle: BundlingDevice, signal?: AbortSignal): void {
  if (handle.failure) throw new Error(handle.failure);
  if (signal?.aborted) throw new Error('bundling cancelled');
}

async function runOnGpu(handle: BundlingDevice, kernels: Kernels, net: ProcessedNetwork, options: BundleOptions): Promise<BundleResult> {
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
  // Grid buffers serve both phases: size them for the larger. The gaps' boxes do not change in the node
  // phase (nodes trade grid slots within their layer), so the edge grids' size is known now.
  const edgeCells = edgeGridCells(plan, gapBoxes(net, positions));
  const buffers = createRunBuffers(device);
  const gridSizes = { slots: 0, edges: 0, nodes: N, classes: C, gridCells: Math.max(edgeCells, plan.nodeBandwidths.length ? frame.maxCells : 0) };
  buffers.add(gridSizes, ['accum', 'densityA', 'densityB', 'gradient', 'positions', 'importance', 'moving']);
  const rec = new Recorder(device, kernels, buffers);
  const stages: Record<string, number> = {};
  try {
    // Node phase: every iteration in one submission, one readback for the rank snap.
    const hn = plan.nodeBandwidths;
    if (hn.length) {
      device.queue.writeBuffer(buffers.get('positions'), 0, positions);
      device.queue.writeBuffer(buffers.get('importance'), 0, net.nodeImportance);
      device.queue.writeBuffer(buffers.get('moving'), 0, Uint32Array.from(frame.moving));
      const nodeSlots = hn.map((h, k) => {
        const g = gridParams(frame.min, frame.max, h, C);
        return { slot: rec.slot({ ...g, item_from: 0, item_to: N, step: frame.stepPerBandwidth * h, alpha: -plan.nodeSimilarities[k], beta: 1, lo0: frame.min[0], lo1: frame.min[1], hi0: frame.max[0], hi1: frame.max[1] }), cells: g.cells };
      });
      rec.upload();
      const encoder = device.createCommandEncoder({ label: 'node phase' });
      const pass = encoder.beginComputePass();
      for (const { slot, cells } of nodeSlots) {
        rec.dispatch(pass, 'splatNodes', slot, N);
        recordDensity(rec, pass, slot, cells, C);
        rec.dispatch(pass, 'advectNodes', slot, N);
      }
      pass.end();
      device.queue.submit([encoder.finish()]);
      const advected = new Float32Array(await readBack(device, buffers.get('positions'), 0, N * 12));
      checkRun(handle, options.signal);
      snapLayers(positions, advected, frame, nodeInput.fixedLayers);
      options.onProgress?.({ stage: 'nodes', iteration: hn.length, iterations: hn.length, bandwidth: hn[hn.length - 1], elapsedMs: performance.now() - t0 });
    }
    const tNodes = performance.now();
    stages.nodes = tNodes - t0;

    // Edge phase: the same straight samples as the CPU backend, uploaded once.
    const phase = planEdges(net, plan, positions);
    const { store, gapStart, gapBounds } = phase;
    const half = store.slotStart[E] * 3;
    buffers.add({ ...gridSizes, slots: store.slotStart[E], edges: E }, ['points', 'slotStart', 'count', 'lines']);
    device.queue.writeBuffer(buffers.get('points'), 0, store.points);
    device.queue.writeBuffer(buffers.get('slotStart'), 0, store.slotStart);
    device.queue.writeBuffer(buffers.get('count'), 0, store.count);
    device.queue.writeBuffer(buffers.get('lines'), 0, edgeLines(net, plan.cfg.edge_importance_type, classAware));
    rec.slots.length = 0;
    const hs = plan.edgeBandwidths;
    const lo = new Float64Array(3);
    const hi = new Float64Array(3);
    let reductionSoFar = 1;
    const iterations = hs.map((h, k) => {
      reductionSoFar *= plan.cfg.edge_bandwidth_reduction;
      const [alpha, beta] = classForces(plan.edgeSimilarities[k], classAware);
      const gaps: { slot: number; cells: number; edges: number }[] = [];
      for (let g = 0; g + 1 < gapStart.length; g++) {
        if (gapStart[g + 1] === gapStart[g]) continue;
        gapWindow(gapBounds[g], h, lo, hi);
        const grid = gridParams(lo, hi, h, C);
        const slot = rec.slot({
          ...grid, item_from: gapStart[g], item_to: gapStart[g + 1], half_floats: half, sample_length: spacingAt(plan, h), step: h, alpha, beta,
          passes: plan.cfg.smoothing ? plan.cfg.smoothing_iterations : 0, reduction_so_far: reductionSoFar,
        });
        gaps.push({ slot, cells: grid.cells, edges: gapStart[g + 1] - gapStart[g] });
      }
      return gaps;
    });
    const finalSlot = rec.slot({ item_from: 0, item_to: E, half_floats: half, sample_length: plan.consts.sampleLength });
    rec.upload();
    let lastReadback = -Infinity;
    for (let k = 0; k < iterations.length; k++) {
      checkRun(handle, options.signal);
      const encoder = device.createCommandEncoder({ label: `edge iteration ${k}` });
      const pass = encoder.beginComputePass();
      for (const { slot, cells, edges } of iterations[k]) {
        rec.dispatch(pass, 'resample', slot, edges);
        rec.dispatch(pass, 'splatEdges', slot, edges);
        recordDensity(rec, pass, slot, cells, C);
        rec.dispatch(pass, 'advectEdges', slot, edges);
        rec.dispatch(pass, 'smooth', slot, edges);
      }
      pass.end();
      device.queue.submit([encoder.finish()]);
      let polylines: { offsets: Uint32Array; points: Float32Array } | undefined;
      if (options.withPolylines && performance.now() - lastReadback >= (options.polylineIntervalMs ?? 0)) {
        lastReadback = performance.now();
        const points = new Float32Array(await readBack(device, buffers.get('points'), 0, half * 4));
        const count = new Uint32Array(await readBack(device, buffers.get('count'), 0, E * 4));
        polylines = toCsr({ edges: E, slotStart: store.slotStart, count, points });
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
    rec.dispatch(pass, 'resample', finalSlot, E);
    pass.end();
    device.queue.submit([encoder.finish()]);
    const points = new Float32Array(await readBack(device, buffers.get('points'), half * 4, half * 4));
    const count = new Uint32Array(await readBack(device, buffers.get('count'), 0, E * 4));
    checkRun(handle, options.signal);
    const csr = toCsr({ edges: E, slotStart: store.slotStart, count, points });
    const tEnd = performance.now();
    stages.readback = tEnd - tIterations;
    const network = finishNetwork(net, plan, phase, positions, csr, { classAware, samples: csr.offsets[E], backend: `webgpu: ${handle.adapterName}` });
    return { network, timings: { nodesMs: stages.nodes, edgesMs: tEnd - tNodes, totalMs: tEnd - t0, stages } };
  } finally {
    rec.destroy();
    buffers.destroy();
  }
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
