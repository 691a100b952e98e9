/**
 * Bundling on the CPU: node phase, straight edges between the moved nodes, then the edge iterations
 * (resample → per gap: splat, blur, class-aware advect → smoothing), as nn_vis orders them (spec §1.10).
 *
 * The algorithm is one generator (`bundleSteps`) yielding events; two small drivers run it: synchronously
 * (CLI, tests) or asynchronously (workers: yielding to the event loop so cancel messages arrive, and
 * exchanging density grids with the other workers when the edges are split between several).
 */
import type { ProcessedNetwork } from '../format/processed-network';
import { nodeClassData } from '../importance/sample-classes';
import { advectNodes } from '../layout/node-advection';
import { projectForBundling } from './class-components';
import { blurAndNormalise, configureGrid, createDensityGrid, type DensityGrid } from './density-grid';
import { advectEdge, createEdgeContext, gridFrame, splatEdge, type EdgeContext } from './edge-passes';
import { levelSteps } from './level-runs';
import { gapWindow, nodePhaseInput, planBundling, planEdges, shareRange, spacingAt, type BundlingPlan, type EdgePhase } from './plan';
import { largestSlot, toCsr, totalPoints, type PolylineStore } from './polyline-store';
import { resampleAll, resampleEdge } from './sampling';
import { smoothEdge } from './smoothing';
import { seedEdge, warmSeed, type WarmSeed, type WarmStart } from './warm';

export { kSpacingPerBandwidth } from './plan';

export interface BundleProgress {
  stage: 'nodes' | 'edges';
  iteration: number;
  iterations: number;
  bandwidth: number;
  elapsedMs: number;
  /** Current polylines (CSR) during the edge stage, when `withPolylines` asked for them. */
  polylines?: { offsets: Uint32Array; points: Float32Array };
  /** Node positions the polylines end at (after the node phase), with `polylines`. */
  nodePositions?: Float32Array;
}

export interface BundleOptions {
  /** Class-aware attraction (default true); false runs plain KDEEB for comparison. */
  classAware?: boolean;
  /** Run the node phase first (default true). */
  moveNodes?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: BundleProgress) => void;
  /** Attach CSR copies of the polylines to edge progress reports. */
  withPolylines?: boolean;
  /**
   * WebGPU backend only: minimum time between two reports that carry polylines (each one is a readback
   * of every point); reports in between carry the iteration only. Default 0: every iteration. The CPU
   * backend attaches polylines to every report (split runs merge the two workers' reports by iteration).
   */
  polylineIntervalMs?: number;
  /**
   * Work on share `index` of `of` of every gap's edges (the others stay straight) and ask for the other
   * shares' density after each splat (an `exchange` event). Only the async driver can answer it.
   */
  share?: { index: number; of: number };
  /** Start the edges from an earlier bundling of the same architecture and run only the schedule's last iterations. */
  warm?: WarmStart;
  /** Internal: `warm` as seed polylines of the layered run (bundleSteps sets it). */
  seed?: WarmSeed;
}

export interface BundleTimings {
  nodesMs: number;
  edgesMs: number;
  totalMs: number;
  /** Backend-specific stage times (WebGPU: nodes, edges, readback), ms. */
  stages?: Record<string, number>;
}

export interface BundleResult { network: ProcessedNetwork; timings: BundleTimings }

/** Events of a bundling run: progress reports, and (split runs) requests to add the other shares' density. */
export type BundleEvent =
  | { type: 'progress'; progress: BundleProgress }
  | { type: 'exchange'; grid: DensityGrid };

function checkCancel(signal?: AbortSignal): void {
  if (signal?.aborted) throw new Error('bundling cancelled');
}

/** The bundling algorithm as a generator of events; returns the bundled network (networks with planes via their layered form). */
export function* bundleSteps(net: ProcessedNetwork, options: BundleOptions = {}): Generator<BundleEvent, BundleResult> {
  const projection = projectForBundling(net);
  const seed = options.warm ? warmSeed(projection.net, options.warm) : undefined;
  const r = yield* levelSteps(projection.net, { ...options, seed }, layeredSteps);
  return { ...r, network: projection.restore(r.network) };
}

/** The algorithm on a layered network (every edge joins layer l to l + 1). */
function* layeredSteps(net: ProcessedNetwork, options: BundleOptions = {}): Generator<BundleEvent, BundleResult> {
  const t0 = performance.now();
  const plan = planBundling(net, options.moveNodes !== false);
  // A warm start moves the nodes on from the earlier arrangement, through the node schedule's last iterations.
  const positions = Float32Array.from(options.seed?.positions ?? net.nodePositions);
  const nodeInput = nodePhaseInput(net, plan, positions);
  const hn = options.seed ? nodeInput.bandwidths.slice(-options.seed.iterations) : nodeInput.bandwidths;
  for (const k of advectNodes({ ...nodeInput, bandwidths: hn, similarities: nodeInput.similarities.slice(nodeInput.similarities.length - hn.length) })) {
    checkCancel(options.signal);
    yield { type: 'progress', progress: { stage: 'nodes', iteration: k + 1, iterations: hn.length, bandwidth: hn[k], elapsedMs: performance.now() - t0 } };
  }
  const tNodes = performance.now();

  const share = options.share ?? { index: 0, of: 1 };
  const phase = planEdges(net, plan, positions, share);
  const { store, gapStart, gapBounds } = phase;
  const ctx = createEdgeContext({
    source: net.edgeSource, target: net.edgeTarget, nodes: nodeClassData(net.nodeImportance, plan.classCount),
    edgeImportanceType: plan.cfg.edge_importance_type, classAware: options.classAware !== false,
  });
  const hs = plan.edgeBandwidths;
  const grid = createDensityGrid(plan.classCount, phase.maxCells);
  const scratch = new Float64Array(largestSlot(store) * 4);
  const lo = new Float64Array(3);
  const hi = new Float64Array(3);
  // A warm start begins late in the schedule, from the seed's polylines.
  const first = options.seed ? Math.max(0, hs.length - options.seed.iterations) : 0;
  if (options.seed) seedEdges(store, options.seed, net, positions, gapStart, share, spacingAt(plan, hs[first] ?? plan.consts.edgeBandwidth0));
  let reductionSoFar = plan.cfg.edge_bandwidth_reduction ** first;
  for (let k = first; k < hs.length; k++) {
    checkCancel(options.signal);
    const h = hs[k];
    const S = plan.edgeSimilarities[k];
    reductionSoFar *= plan.cfg.edge_bandwidth_reduction;
    const o = { sampleLength: spacingAt(plan, h), passes: plan.cfg.smoothing ? plan.cfg.smoothing_iterations : 0, reductionSoFar, scratch };
    for (let g = 0; g + 1 < gapStart.length; g++) {
      if (gapStart[g + 1] === gapStart[g]) continue;
      gapWindow(gapBounds[g], h, lo, hi);
      configureGrid(grid, lo, hi, h);
      const [from, to] = shareRange(gapStart[g], gapStart[g + 1], share.index, share.of);
      splatGap(grid, store, ctx, from, to, h, S, o);
      // A split run's driver adds the other shares' density and blurs (exchange or combine); alone, blur here.
      if (share.of > 1) yield { type: 'exchange', grid };
      else blurAndNormalise(grid);
      advectGap(grid, store, ctx, from, to, h, S, o);
    }
    yield {
      type: 'progress',
      progress: {
        stage: 'edges', iteration: k - first + 1, iterations: hs.length - first, bandwidth: h, elapsedMs: performance.now() - t0,
        ...(options.withPolylines ? { polylines: toCsr(store), nodePositions: positions.slice() } : {}),
      },
    };
  }
  // A split run resamples its own edges only: the merge takes every other edge from its owner.
  if (share.of === 1) resampleAll(store, plan.consts.sampleLength, scratch);
  else {
    for (let g = 0; g + 1 < gapStart.length; g++) {
      const [from, to] = shareRange(gapStart[g], gapStart[g + 1], share.index, share.of);
      for (let e = from; e < to; e++) resampleEdge(store, e, plan.consts.sampleLength, scratch);
    }
  }
  const tEdges = performance.now();
  const network = finishNetwork(net, plan, phase, positions, toCsr(store), { classAware: options.classAware !== false, samples: totalPoints(store), backend: 'cpu', warmIterations: options.seed ? hs.length - first : undefined });
  return { network, timings: { nodesMs: tNodes - t0, edgesMs: tEdges - tNodes, totalMs: tEdges - t0 } };
}

/** Puts the seed's polylines into this share's slots (bent onto the new node positions). */
function seedEdges(store: PolylineStore, seed: WarmSeed, net: ProcessedNetwork, positions: Float32Array, gapStart: Uint32Array, share: { index: number; of: number }, spacing: number): void {
  let longest = 2;
  for (let e = 0; e < store.edges; e++) longest = Math.max(longest, seed.offsets[e + 1] - seed.offsets[e]);
  const scratch = new Float64Array(longest);
  for (let g = 0; g + 1 < gapStart.length; g++) {
    const [from, to] = shareRange(gapStart[g], gapStart[g + 1], share.index, share.of);
    for (let e = from; e < to; e++) seedEdge(store, e, seed, positions, net.edgeSource[e], net.edgeTarget[e], spacing, scratch);
  }
}

type GapOptions = { sampleLength: number; passes: number; reductionSoFar: number; scratch: Float64Array };

/** Resample + splat each edge of [from, to) (one pass, each polyline kept in cache). */
function splatGap(grid: DensityGrid, store: PolylineStore, ctx: EdgeContext, from: number, to: number, h: number, S: number, o: GapOptions): void {
  const splatting = gridFrame(grid, h, S, ctx.classAware);
  for (let e = from; e < to; e++) {
    resampleEdge(store, e, o.sampleLength, o.scratch);
    splatEdge(splatting, store, ctx, e);
  }
}

/**
 * Advect + smooth each edge of [from, to) on the blurred grid. Every step but the blur is local to one
 * edge (advection reads the grid, fixed during the pass), so this is nn_vis's order per edge.
 */
function advectGap(grid: DensityGrid, store: PolylineStore, ctx: EdgeContext, from: number, to: number, h: number, S: number, o: GapOptions): void {
  const advecting = gridFrame(grid, h, S, ctx.classAware);
  for (let e = from; e < to; e++) {
    advectEdge(advecting, store, ctx, e);
    smoothEdge(store, e, o.passes, o.reductionSoFar, o.scratch);
  }
}

/** The bundled network: moved nodes, polylines and the run's statistics. */
export function finishNetwork(
  net: ProcessedNetwork, plan: BundlingPlan, phase: EdgePhase, positions: Float32Array, csr: { offsets: Uint32Array; points: Float32Array },
  extra: { classAware: boolean; samples: number; backend?: string; warmIterations?: number },
): ProcessedNetwork {
  return {
    ...net,
    nodePositions: positions,
    polylineOffsets: csr.offsets,
    polylinePoints: csr.points,
    stats: {
      ...net.stats,
      bundled: true,
      classAware: extra.classAware,
      nodeIterations: plan.nodeBandwidths.length,
      edgeIterations: plan.edgeBandwidths.length,
      samples: extra.samples,
      gridCellsMax: phase.maxCells,
      ...(extra.backend ? { backend: extra.backend } : {}),
      ...(extra.warmIterations ? { warmStart: extra.warmIterations } : {}),
    },
  };
}

/** Bundles a (straight) network synchronously; returns a new network with moved nodes and bundled polylines. */
export function bundleNetwork(net: ProcessedNetwork, options: BundleOptions = {}): BundleResult {
  if ((options.share?.of ?? 1) > 1) throw new Error('a split bundling run needs the async driver (bundleNetworkAsync)');
  const steps = bundleSteps(net, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (r.value.type === 'progress') options.onProgress?.(r.value.progress);
  }
}

export interface AsyncBundleOptions extends BundleOptions {
  /** Adds the other shares' density into `density[0, length)` (split runs); the driver then blurs. */
  exchange?: (density: Float32Array, length: number) => Promise<void>;
  /**
   * Split runs, instead of `exchange`: leaves `grid` summed over every share, blurred, with norms and
   * gradients (the threads of a shared-memory split do that work together).
   */
  combine?: (grid: DensityGrid) => Promise<void> | void;
  /** Gives the event loop a turn (default: a message-channel round trip, not clamped like setTimeout). */
  yieldToEvents?: () => Promise<void>;
}

/** Bundles asynchronously: yields to the event loop after every iteration (so `signal` can be aborted by a message). */
export async function bundleNetworkAsync(net: ProcessedNetwork, options: AsyncBundleOptions = {}): Promise<BundleResult> {
  const turn = options.yieldToEvents ?? yieldToEvents;
  const steps = bundleSteps(net, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (r.value.type === 'progress') {
      options.onProgress?.(r.value.progress);
      await turn();
      checkCancel(options.signal);
    } else {
      const grid = r.value.grid;
      if (options.combine) await options.combine(grid);
      else if (options.exchange) {
        await options.exchange(grid.density, grid.nx * grid.ny * grid.nz * grid.channels);
        blurAndNormalise(grid);
      } else throw new Error('a split bundling run needs an exchange or combine function');
    }
  }
}

/** Resolves after pending messages have been handled (a MessageChannel task; setTimeout is clamped to 4 ms when nested). */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(0);
  });
}
