/**
 * The pictures between two bundlings of one architecture (consecutive training epochs): nodes glide to
 * their new positions, every strand both hold bends from its old polyline to its new one (both resampled
 * to one point count), importance blends, and strands only one of them holds fade out or in. Frames are
 * written into buffers allocated once, so a morph costs one pass over the points per frame.
 */
import type { ProcessedNetwork } from '../format/processed-network';
import { pairEdges, resampleToCount } from './edge-pairing';

export interface Morph {
  /** The picture at t ∈ [0, 1] (0: `a`, 1: `b`'s geometry); the returned arrays are reused by the next call. */
  frame(t: number): ProcessedNetwork;
  /** Edges the frames hold: every edge of `b`, then the edges only `a` holds. */
  readonly edges: number;
}

/** Prepares the morph from `a` to `b` (same nodes: same layer or plane sizes); throws one sentence otherwise. */
export function createMorph(a: ProcessedNetwork, b: ProcessedNetwork): Morph {
  if (a.layerSizes.length !== b.layerSizes.length || a.layerSizes.some((n, i) => n !== b.layerSizes[i]) || a.classCount !== b.classCount) {
    throw new Error(`cannot morph between networks of different shapes (layers ${Array.from(a.layerSizes).join('-')} and ${Array.from(b.layerSizes).join('-')})`);
  }
  const fromA = pairEdges(a, b);
  const inB = new Uint8Array(a.edgeSource.length);
  for (const p of fromA) if (p >= 0) inB[p] = 1;
  const onlyA: number[] = [];
  for (let e = 0; e < inB.length; e++) if (!inB[e]) onlyA.push(e);
  const E = b.edgeSource.length + onlyA.length;
  const source = new Uint32Array(E);
  const target = new Uint32Array(E);
  const wA = new Float32Array(E);
  const wB = new Float32Array(E);
  const offsets = new Uint32Array(E + 1);
  const countOf = (n: ProcessedNetwork, e: number) => n.polylineOffsets[e + 1] - n.polylineOffsets[e];
  for (let e = 0; e < b.edgeSource.length; e++) {
    source[e] = b.edgeSource[e];
    target[e] = b.edgeTarget[e];
    wB[e] = b.edgeImportance[e];
    wA[e] = fromA[e] >= 0 ? a.edgeImportance[fromA[e]] : 0;
    offsets[e + 1] = offsets[e] + Math.max(2, countOf(b, e), fromA[e] >= 0 ? countOf(a, fromA[e]) : 0);
  }
  onlyA.forEach((p, i) => {
    const e = b.edgeSource.length + i;
    source[e] = a.edgeSource[p];
    target[e] = a.edgeTarget[p];
    wA[e] = a.edgeImportance[p];
    offsets[e + 1] = offsets[e] + Math.max(2, countOf(a, p));
  });
  const start = new Float32Array(offsets[E] * 3);
  const end = new Float32Array(offsets[E] * 3);
  for (let e = 0; e < E; e++) {
    const m = offsets[e + 1] - offsets[e];
    const pa = e < b.edgeSource.length ? fromA[e] : onlyA[e - b.edgeSource.length];
    const hasB = e < b.edgeSource.length;
    if (hasB) resampleToCount(b.polylinePoints, b.polylineOffsets[e], countOf(b, e), m, end, offsets[e]);
    if (pa >= 0) resampleToCount(a.polylinePoints, a.polylineOffsets[pa], countOf(a, pa), m, start, offsets[e]);
    // A strand only one picture holds keeps its shape and fades (its importance goes to or from 0).
    if (!hasB) end.set(start.subarray(offsets[e] * 3, offsets[e + 1] * 3), offsets[e] * 3);
    else if (pa < 0) start.set(end.subarray(offsets[e] * 3, offsets[e + 1] * 3), offsets[e] * 3);
  }
  const points = new Float32Array(start.length);
  const positions = new Float32Array(b.nodePositions.length);
  const nodeImportance = new Float32Array(b.nodeImportance.length);
  const edgeImportance = new Float32Array(E);
  const net: ProcessedNetwork = { ...b, edgeSource: source, edgeTarget: target, edgeImportance, nodePositions: positions, nodeImportance, polylineOffsets: offsets, polylinePoints: points };
  const lerp = (out: Float32Array, x: ArrayLike<number>, y: ArrayLike<number>, t: number) => {
    for (let i = 0; i < out.length; i++) out[i] = x[i] + t * (y[i] - x[i]);
  };
  return {
    edges: E,
    frame(t) {
      const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 1));
      lerp(points, start, end, u);
      lerp(positions, a.nodePositions, b.nodePositions, u);
      lerp(nodeImportance, a.nodeImportance, b.nodeImportance, u);
      lerp(edgeImportance, wA, wB, u);
      return net;
    },
  };
}
