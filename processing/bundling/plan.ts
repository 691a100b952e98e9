/**
 * What every bundling backend derives from a network before iterating: schedules, the node phase input,
 * and, once the nodes have moved, the straight-sampled polylines with their per-gap edge ranges and grid
 * boxes. The CPU and WebGPU backends share it, so both start from bit-identical samples.
 */
import type { ProcessingConfig } from '../config/processing-config';
import type { ProcessedNetwork } from '../format/processed-network';
import { layerOffsets } from '../format/processed-network';
import type { NodePhaseInput } from '../layout/node-advection';
import { cellsFor, kCellsPerBandwidth } from './density-grid';
import { createPolylineStore, type PolylineStore } from './polyline-store';
import { sampleStraightEdge } from './sampling';
import { bandwidthSchedule, bundlingConstants, similarityThreshold, type BundlingConstants } from './schedule';

/**
 * Sample spacing per bandwidth during the edge iterations: samples are max(L, h/3) apart. Like the grid, the
 * sample resolution follows the kernel: while h is large (h > 3L, the first 9 of 23 default iterations) a
 * finer spacing adds samples the density cannot resolve. The result is resampled at L at the end. Measured
 * on the default network: 3.45 → 2.7 s, ink 0.272 → 0.273, distortion 1.219 → 1.219, separation 0.840 →
 * 0.837; h/5 spacing kept more samples but failed the crossing fixture.
 */
export const kSpacingPerBandwidth = 1 / 3;

export interface BundlingPlan {
  cfg: ProcessingConfig;
  consts: BundlingConstants;
  classCount: number;
  /** Node bandwidths and similarity thresholds (empty when nodes stay). */
  nodeBandwidths: number[];
  nodeSimilarities: number[];
  /** Edge bandwidths and similarity thresholds. */
  edgeBandwidths: number[];
  edgeSimilarities: number[];
}

/** Schedules for a run; `moveNodes: false` skips the node phase. */
export function planBundling(net: ProcessedNetwork, moveNodes: boolean): BundlingPlan {
  const cfg = net.configs.processing;
  const consts = bundlingConstants(cfg);
  const nodeBandwidths = moveNodes ? bandwidthSchedule(consts.nodeBandwidth0, cfg.node_bandwidth_reduction, consts.limit) : [];
  const edgeBandwidths = bandwidthSchedule(consts.edgeBandwidth0, cfg.edge_bandwidth_reduction, consts.limit);
  return {
    cfg, consts, classCount: net.classCount, nodeBandwidths, edgeBandwidths,
    nodeSimilarities: nodeBandwidths.map((h, k) => similarityThreshold(k, h, consts.nodeBandwidth0, consts.limit)),
    edgeSimilarities: edgeBandwidths.map((h, k) => similarityThreshold(k, h, consts.edgeBandwidth0, consts.limit)),
  };
}

/** The node phase's input over `positions` (moved in place). */
export function nodePhaseInput(net: ProcessedNetwork, plan: BundlingPlan, positions: Float32Array): NodePhaseInput {
  return {
    positions, layerSizes: net.layerSizes, nodeImportance: net.nodeImportance, classCount: net.classCount,
    bandwidths: plan.nodeBandwidths, similarities: plan.nodeSimilarities,
    margin: 0.25 * plan.cfg.layer_width, fixedLayers: new Set(plan.cfg.fix_input_layer ? [0] : []),
  };
}

export interface EdgePhase {
  store: PolylineStore;
  /** Edge index where each gap starts, plus E (edges are ordered by gap). */
  gapStart: Uint32Array;
  /** Per gap: [min xyz, max xyz] of its two layers' nodes. */
  gapBounds: Float64Array[];
  /** Cells of the largest grid any gap needs (at the last bandwidth). */
  maxCells: number;
}

/**
 * Straight edges between the (moved) nodes, sampled at L, with the per-gap ranges and boxes. A share of a
 * split run gets slots and samples for its own edges only (the others stay empty: the merge takes them
 * from their owners), which halves the memory and the sampling of each of two threads.
 */
export function planEdges(net: ProcessedNetwork, plan: BundlingPlan, positions: Float32Array, share = { index: 0, of: 1 }): EdgePhase {
  const E = net.edgeSource.length;
  const layers = net.layerSizes.length;
  const offsets = layerOffsets(net.layerSizes);
  const gapStart = gapRanges(net.edgeSource, offsets, layers);
  const own = new Uint8Array(E);
  for (let g = 0; g + 1 < gapStart.length; g++) {
    const [from, to] = shareRange(gapStart[g], gapStart[g + 1], share.index, share.of);
    own.fill(1, from, to);
  }
  const lengths = new Float32Array(E);
  for (let e = 0; e < E; e++) {
    if (!own[e]) continue;
    const s = net.edgeSource[e] * 3;
    const t = net.edgeTarget[e] * 3;
    const dx = positions[t] - positions[s];
    const dy = positions[t + 1] - positions[s + 1];
    const dz = positions[t + 2] - positions[s + 2];
    lengths[e] = Math.sqrt(dx * dx + dy * dy + dz * dz);
  }
  const L = plan.consts.sampleLength;
  const store = createPolylineStore(lengths, L);
  for (let e = 0; e < E; e++) if (own[e]) sampleStraightEdge(store, e, positions, net.edgeSource[e], net.edgeTarget[e], L);
  const gapBounds = gapBoxes(net, positions);
  return { store, gapStart, gapBounds, maxCells: edgeGridCells(plan, gapBounds) };
}

/** Per gap: the box of its two layers' nodes. */
export function gapBoxes(net: ProcessedNetwork, positions: Float32Array): Float64Array[] {
  const offsets = layerOffsets(net.layerSizes);
  return Array.from({ length: net.layerSizes.length - 1 }, (_, g) => gapBox(positions, offsets, g));
}

/** Cells of the largest grid the edge phase needs over these gap boxes (at the last bandwidth). */
export function edgeGridCells(plan: BundlingPlan, gapBounds: Float64Array[]): number {
  const hs = plan.edgeBandwidths;
  const hMin = hs.length ? hs[hs.length - 1] : plan.consts.edgeBandwidth0;
  return Math.max(1, ...gapBounds.map((b) => boxCellsAt(b, hMin)));
}

/** Sample spacing during the iteration of bandwidth h. */
export function spacingAt(plan: BundlingPlan, h: number): number {
  return Math.max(plan.consts.sampleLength, h * kSpacingPerBandwidth);
}

/** The gap's grid window at bandwidth h: its box grown by h on every side, into lo / hi. */
export function gapWindow(bounds: Float64Array, h: number, lo: Float64Array, hi: Float64Array): void {
  for (let a = 0; a < 3; a++) { lo[a] = bounds[a] - h; hi[a] = bounds[a + 3] + h; }
}

/** Edge index where each gap starts (edges are ordered by gap), plus E at the end. */
export function gapRanges(source: Uint32Array, offsets: Uint32Array, layers: number): Uint32Array {
  const out = new Uint32Array(layers);
  let g = 0;
  for (let e = 0; e < source.length; e++) {
    while (g + 1 < layers - 1 && source[e] >= offsets[g + 1]) out[++g] = e;
  }
  for (let k = g + 1; k < layers; k++) out[k] = source.length;
  return out;
}

/** Bounding box [min xyz, max xyz] of the nodes of layers g and g + 1. */
export function gapBox(positions: Float32Array, offsets: Uint32Array, g: number): Float64Array {
  const b = Float64Array.from([Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity]);
  for (let i = offsets[g]; i < offsets[g + 2]; i++) {
    for (let a = 0; a < 3; a++) {
      b[a] = Math.min(b[a], positions[i * 3 + a]);
      b[a + 3] = Math.max(b[a + 3], positions[i * 3 + a]);
    }
  }
  return b;
}

/** Cells of the grid over box b (grown by h on every side) at bandwidth h. */
export function boxCellsAt(b: Float64Array, h: number): number {
  const cell = h / kCellsPerBandwidth;
  return cellsFor(b[3] - b[0] + 2 * h, cell) * cellsFor(b[4] - b[1] + 2 * h, cell) * cellsFor(b[5] - b[2] + 2 * h, cell);
}

/** Edges [from, to) of a gap that share `index` of `of` works on (contiguous, balanced). */
export function shareRange(from: number, to: number, index: number, of: number): [number, number] {
  const n = to - from;
  return [from + Math.floor((n * index) / of), from + Math.floor((n * (index + 1)) / of)];
}
