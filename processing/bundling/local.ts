/**
 * Local re-bundle: after nodes move (a grab in XR, a drag on the desktop), only the edges touching them
 * are re-sampled straight and bundled again, against the density of every edge of their gaps (the others
 * keep their bundled polylines and stay put). It runs the last iterations of the edge schedule, where the
 * bandwidth is small enough for the moved strands to join nearby bundles without disturbing the rest.
 */
import type { ProcessedNetwork } from '../format/processed-network';
import { layerOffsets } from '../format/processed-network';
import { nodeClassData } from '../importance/sample-classes';
import { projectForBundling } from './class-components';
import type { BundleProgress } from './bundle';
import { blurAndNormalise, configureGrid, createDensityGrid } from './density-grid';
import { advectEdge, createEdgeContext, gridFrame, splatEdge } from './edge-passes';
import { boxCellsAt, gapBoxes, gapRanges, gapWindow, planBundling, spacingAt } from './plan';
import { collapseLevels, expandBundled } from './levels';
import { kMaxGrowth, toCsr, type PolylineStore } from './polyline-store';
import { resampleEdge, sampleStraightEdge } from './sampling';
import { smoothEdge } from './smoothing';

/** Iterations of the edge schedule a local re-bundle runs (the last ones, smallest bandwidths). */
export const kLocalIterations = 6;

export interface MovedNodes {
  /** Global indices of the moved nodes. */
  nodes: Uint32Array;
  /** Their new positions, 3 per node. */
  positions: Float32Array;
}

export interface LocalOptions {
  classAware?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: BundleProgress) => void;
  withPolylines?: boolean;
  /** How many of the schedule's last iterations to run (default kLocalIterations). */
  iterations?: number;
}

/** Checks a move request against the network; throws an error naming the problem. */
export function checkMoved(net: ProcessedNetwork, moved: MovedNodes): void {
  const N = net.nodePositions.length / 3;
  if (moved.positions.length !== moved.nodes.length * 3) throw new Error(`moved nodes: ${moved.nodes.length} nodes need ${moved.nodes.length * 3} coordinates, got ${moved.positions.length}`);
  for (const i of moved.nodes) if (i >= N) throw new Error(`moved nodes: node ${i} does not exist (the network has ${N} nodes)`);
  for (const v of moved.positions) if (!Number.isFinite(v)) throw new Error('moved nodes: a position is NaN or infinite');
}

/**
 * Re-bundles the edges touching `moved` in a bundled network; returns the updated network and the edges
 * redone. A network with planes runs on its layered form (segments cut at the dummies), then is joined.
 */
export function rebundleLocal(full: ProcessedNetwork, moved: MovedNodes, options: LocalOptions = {}): { network: ProcessedNetwork; touched: number; ms: number } {
  checkMoved(full, moved);
  const projection = projectForBundling(full);
  const r = rebundleProjected(projection.net, moved, options);
  return { ...r, network: projection.restore(r.network) };
}

function rebundleProjected(net: ProcessedNetwork, moved: MovedNodes, options: LocalOptions): { network: ProcessedNetwork; touched: number; ms: number } {
  const x = expandBundled(net);
  if (!x) return rebundleLayered(net, moved, options);
  const r = rebundleLayered(x.level, { nodes: moved.nodes.map((n) => x.levelOfNode[n]), positions: moved.positions }, { ...options, withPolylines: false, onProgress: options.onProgress ? (p) => options.onProgress!({ ...p, polylines: undefined, nodePositions: undefined }) : undefined });
  const joined = collapseLevels(x, r.network.nodePositions, { offsets: r.network.polylineOffsets, points: r.network.polylinePoints });
  return { network: { ...net, nodePositions: joined.positions, polylineOffsets: joined.offsets, polylinePoints: joined.points, stats: { ...net.stats, samples: joined.offsets[joined.offsets.length - 1] } }, touched: r.touched, ms: r.ms };
}

function rebundleLayered(net: ProcessedNetwork, moved: MovedNodes, options: LocalOptions): { network: ProcessedNetwork; touched: number; ms: number } {
  const t0 = performance.now();
  const plan = planBundling(net, false);
  const C = plan.classCount;
  const L = plan.consts.sampleLength;
  const positions = Float32Array.from(net.nodePositions);
  const isMoved = new Uint8Array(positions.length / 3);
  moved.nodes.forEach((node, i) => {
    isMoved[node] = 1;
    positions.set(moved.positions.subarray(i * 3, i * 3 + 3), node * 3);
  });
  const E = net.edgeSource.length;
  const offsets = net.polylineOffsets;
  // Slots: moved edges get room to grow, the others exactly their current points.
  const slotStart = new Uint32Array(E + 1);
  const touched: number[] = [];
  for (let e = 0; e < E; e++) {
    const s = net.edgeSource[e];
    const t = net.edgeTarget[e];
    let size = offsets[e + 1] - offsets[e];
    if (isMoved[s] || isMoved[t]) {
      touched.push(e);
      const len = Math.hypot(positions[t * 3] - positions[s * 3], positions[t * 3 + 1] - positions[s * 3 + 1], positions[t * 3 + 2] - positions[s * 3 + 2]);
      size = Math.ceil((kMaxGrowth * len) / L) + 4;
    }
    slotStart[e + 1] = slotStart[e] + size;
  }
  const store: PolylineStore = { edges: E, slotStart, count: new Uint32Array(E), points: new Float32Array(slotStart[E] * 3) };
  for (let e = 0; e < E; e++) {
    store.count[e] = offsets[e + 1] - offsets[e];
    store.points.set(net.polylinePoints.subarray(offsets[e] * 3, offsets[e + 1] * 3), slotStart[e] * 3);
  }
  for (const e of touched) sampleStraightEdge(store, e, positions, net.edgeSource[e], net.edgeTarget[e], L);

  const layers = net.layerSizes.length;
  const gapStart = gapRanges(net.edgeSource, layerOffsets(net.layerSizes), layers);
  const byGap: Uint32Array[] = [];
  for (let g = 0; g + 1 < layers; g++) byGap.push(Uint32Array.from(touched.filter((e) => e >= gapStart[g] && e < gapStart[g + 1])));
  const gapBounds = gapBoxes(net, positions);
  const hs = plan.edgeBandwidths;
  const first = Math.max(0, hs.length - (options.iterations ?? kLocalIterations));
  const hMin = hs.length ? hs[hs.length - 1] : plan.consts.edgeBandwidth0;
  const grid = createDensityGrid(C, Math.max(1, ...gapBounds.map((b, g) => (byGap[g].length ? boxCellsAt(b, hMin) : 0))));
  const ctx = createEdgeContext({
    source: net.edgeSource, target: net.edgeTarget, nodes: nodeClassData(net.nodeImportance, C),
    edgeImportanceType: plan.cfg.edge_importance_type, classAware: options.classAware !== false,
  });
  let longest = 0;
  for (let e = 0; e < E; e++) longest = Math.max(longest, slotStart[e + 1] - slotStart[e]);
  const scratch = new Float64Array(longest * 4);
  const lo = new Float64Array(3);
  const hi = new Float64Array(3);
  const passes = plan.cfg.smoothing ? plan.cfg.smoothing_iterations : 0;
  for (let k = first; k < hs.length; k++) {
    if (options.signal?.aborted) throw new Error('bundling cancelled');
    const h = hs[k];
    const S = plan.edgeSimilarities[k];
    const reductionSoFar = plan.cfg.edge_bandwidth_reduction ** (k + 1);
    for (let g = 0; g < byGap.length; g++) {
      const mine = byGap[g];
      if (mine.length === 0) continue;
      gapWindow(gapBounds[g], h, lo, hi);
      configureGrid(grid, lo, hi, h);
      for (const e of mine) resampleEdge(store, e, spacingAt(plan, h), scratch);
      const splatting = gridFrame(grid, h, S, ctx.classAware);
      for (let e = gapStart[g]; e < gapStart[g + 1]; e++) splatEdge(splatting, store, ctx, e);
      blurAndNormalise(grid);
      const advecting = gridFrame(grid, h, S, ctx.classAware);
      for (const e of mine) {
        advectEdge(advecting, store, ctx, e);
        smoothEdge(store, e, passes, reductionSoFar, scratch);
      }
    }
    options.onProgress?.({
      stage: 'edges', iteration: k - first + 1, iterations: hs.length - first, bandwidth: h, elapsedMs: performance.now() - t0,
      ...(options.withPolylines ? { polylines: toCsr(store), nodePositions: positions.slice() } : {}),
    });
  }
  for (const e of touched) resampleEdge(store, e, L, scratch);
  const csr = toCsr(store);
  const network: ProcessedNetwork = {
    ...net, nodePositions: positions, polylineOffsets: csr.offsets, polylinePoints: csr.points,
    stats: { ...net.stats, samples: csr.offsets[E] },
  };
  return { network, touched: touched.length, ms: performance.now() - t0 };
}
