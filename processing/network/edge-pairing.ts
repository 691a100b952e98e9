/**
 * Two pictures of one architecture (consecutive training epochs) hold mostly the same edges, but pruning by
 * importance keeps a different subset in each. Warm-started bundling, the morph between epochs and the
 * strand-motion figure all need to know which edge of one is which edge of the other, and to compare two
 * polylines of different point counts point by point.
 */
import type { ProcessedNetwork } from '../format/processed-network';

type EdgeList = Pick<ProcessedNetwork, 'layerSizes' | 'edgeSource' | 'edgeTarget'>;

const sum = (v: Uint32Array) => v.reduce((s, n) => s + n, 0);

/** For every edge of `b`, the index of the edge of `a` with the same (source, target), or -1. */
export function pairEdges(a: EdgeList, b: EdgeList): Int32Array {
  const N = Math.max(sum(a.layerSizes), sum(b.layerSizes));
  const index = new Map<number, number>();
  for (let e = 0; e < a.edgeSource.length; e++) index.set(a.edgeSource[e] * N + a.edgeTarget[e], e);
  const out = new Int32Array(b.edgeSource.length);
  for (let e = 0; e < out.length; e++) out[e] = index.get(b.edgeSource[e] * N + b.edgeTarget[e]) ?? -1;
  return out;
}

/**
 * Resamples the polyline of `count` points starting at point `first` of `points` to `m` ≥ 2 points at equal
 * arc-length steps, written to `out` from point `at`. Endpoints are copied exactly.
 */
export function resampleToCount(points: Float32Array, first: number, count: number, m: number, out: Float32Array, at: number): void {
  let length = 0;
  for (let k = 1; k < count; k++) {
    const a = (first + k - 1) * 3;
    length += Math.hypot(points[a + 3] - points[a], points[a + 4] - points[a + 1], points[a + 5] - points[a + 2]);
  }
  let seg = 1;
  let before = 0; // arc length at the start of segment `seg`
  let span = count > 1 ? segmentLength(points, first, 1) : 0;
  for (let k = 0; k < m; k++) {
    const d = (k / (m - 1)) * length;
    while (seg < count - 1 && before + span < d) {
      before += span;
      seg++;
      span = segmentLength(points, first, seg);
    }
    const f = span > 0 ? Math.min(1, Math.max(0, (d - before) / span)) : 0;
    const a = (first + Math.max(0, seg - 1)) * 3;
    const b = count > 1 ? a + 3 : a;
    for (let c = 0; c < 3; c++) out[(at + k) * 3 + c] = points[a + c] + f * (points[b + c] - points[a + c]);
  }
  for (let c = 0; c < 3; c++) {
    out[at * 3 + c] = points[first * 3 + c];
    out[(at + m - 1) * 3 + c] = points[(first + count - 1) * 3 + c];
  }
}

function segmentLength(points: Float32Array, first: number, seg: number): number {
  const a = (first + seg - 1) * 3;
  return Math.hypot(points[a + 3] - points[a], points[a + 4] - points[a + 1], points[a + 5] - points[a + 2]);
}

/**
 * How far the strands moved from picture `a` to picture `b`: over the edges both hold, the mean distance
 * between corresponding points (both polylines resampled to the longer one's point count), in layout units.
 */
export function strandMotion(a: ProcessedNetwork, b: ProcessedNetwork): { mean: number; edges: number } {
  const pairs = pairEdges(a, b);
  let longest = 2;
  for (let e = 0; e < pairs.length; e++) {
    if (pairs[e] < 0) continue;
    longest = Math.max(longest, b.polylineOffsets[e + 1] - b.polylineOffsets[e], a.polylineOffsets[pairs[e] + 1] - a.polylineOffsets[pairs[e]]);
  }
  const pa = new Float32Array(longest * 3);
  const pb = new Float32Array(longest * 3);
  let sum = 0;
  let points = 0;
  let edges = 0;
  for (let e = 0; e < pairs.length; e++) {
    const p = pairs[e];
    if (p < 0) continue;
    const ca = a.polylineOffsets[p + 1] - a.polylineOffsets[p];
    const cb = b.polylineOffsets[e + 1] - b.polylineOffsets[e];
    if (ca < 2 || cb < 2) continue;
    const m = Math.max(ca, cb);
    resampleToCount(a.polylinePoints, a.polylineOffsets[p], ca, m, pa, 0);
    resampleToCount(b.polylinePoints, b.polylineOffsets[e], cb, m, pb, 0);
    for (let k = 0; k < m; k++) sum += Math.hypot(pa[k * 3] - pb[k * 3], pa[k * 3 + 1] - pb[k * 3 + 1], pa[k * 3 + 2] - pb[k * 3 + 2]);
    points += m;
    edges++;
  }
  return { mean: points ? sum / points : 0, edges };
}
