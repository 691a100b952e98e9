/**
 * How far two bundlings of the same network are apart (WebGPU vs CPU backend): endpoint identity, sample
 * counts per edge, and the mean distance between corresponding points. Points correspond by arc-length
 * fraction, so polylines whose counts differ by one still compare point for point along their length.
 */

export interface Polylines { offsets: Uint32Array; points: Float32Array }

export interface ParityReport {
  edges: number;
  /** Edges whose first or last point differs in any bit. */
  endpointMismatches: number;
  /** Largest |count_a − count_b| over edges. */
  maxCountDifference: number;
  /** Mean and max distance between corresponding points, over every point of `a`. */
  meanDistance: number;
  maxDistance: number;
}

/** Position at arc-length fraction f along polyline [from, to) of `p` (written into out). */
function pointAtFraction(p: Float32Array, from: number, to: number, f: number, cumulative: Float64Array, out: Float64Array): void {
  const n = to - from;
  cumulative[0] = 0;
  for (let k = 1; k < n; k++) {
    const a = (from + k - 1) * 3;
    cumulative[k] = cumulative[k - 1] + Math.hypot(p[a + 3] - p[a], p[a + 4] - p[a + 1], p[a + 5] - p[a + 2]);
  }
  const target = f * cumulative[n - 1];
  let k = 1;
  while (k < n - 1 && cumulative[k] < target) k++;
  const span = cumulative[k] - cumulative[k - 1];
  const t = span > 0 ? (target - cumulative[k - 1]) / span : 0;
  const a = (from + k - 1) * 3;
  for (let c = 0; c < 3; c++) out[c] = p[a + c] + t * (p[a + 3 + c] - p[a + c]);
}

/** Compares polylines `a` and `b` of the same edges. */
export function compareBundlings(a: Polylines, b: Polylines): ParityReport {
  const E = a.offsets.length - 1;
  if (b.offsets.length - 1 !== E) throw new Error(`the bundlings have different edge counts (${E} vs ${b.offsets.length - 1})`);
  let endpointMismatches = 0;
  let maxCountDifference = 0;
  let sum = 0;
  let max = 0;
  let points = 0;
  let longest = 0;
  for (let e = 0; e < E; e++) longest = Math.max(longest, a.offsets[e + 1] - a.offsets[e], b.offsets[e + 1] - b.offsets[e]);
  const cumA = new Float64Array(longest);
  const cumB = new Float64Array(longest);
  const pa = new Float64Array(3);
  const pb = new Float64Array(3);
  for (let e = 0; e < E; e++) {
    const a0 = a.offsets[e];
    const a1 = a.offsets[e + 1];
    const b0 = b.offsets[e];
    const b1 = b.offsets[e + 1];
    maxCountDifference = Math.max(maxCountDifference, Math.abs(a1 - a0 - (b1 - b0)));
    for (let c = 0; c < 3; c++) {
      if (!Object.is(a.points[a0 * 3 + c], b.points[b0 * 3 + c]) || !Object.is(a.points[(a1 - 1) * 3 + c], b.points[(b1 - 1) * 3 + c])) {
        endpointMismatches++;
        break;
      }
    }
    const n = a1 - a0;
    for (let k = 0; k < n; k++) {
      const f = n > 1 ? k / (n - 1) : 0;
      pointAtFraction(a.points, a0, a1, f, cumA, pa);
      pointAtFraction(b.points, b0, b1, f, cumB, pb);
      const d = Math.hypot(pa[0] - pb[0], pa[1] - pb[1], pa[2] - pb[2]);
      sum += d;
      max = Math.max(max, d);
      points++;
    }
  }
  return { edges: E, endpointMismatches, maxCountDifference, meanDistance: points ? sum / points : 0, maxDistance: max };
}
