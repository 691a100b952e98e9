/** Invariants every bundling must keep (bundling-fast.md §3.6). */
import type { ProcessedNetwork } from '../format/processed-network';

export interface InvariantReport {
  /** Edges whose first/last point is not bit-identical to its node's position. */
  movedEndpoints: number;
  nonFinite: number;
  /** Consecutive-sample spacings outside [0.5 L, 1.5 L] (edges shorter than L/2 excepted). */
  spacingOutliers: number;
  spacingMin: number;
  spacingMax: number;
}

/** Checks endpoints, finiteness and sample spacing against sample length L. */
export function checkInvariants(net: ProcessedNetwork, sampleLength: number): InvariantReport {
  const p = net.polylinePoints;
  const pos = net.nodePositions;
  const E = net.edgeSource.length;
  let moved = 0;
  let nonFinite = 0;
  let outliers = 0;
  let min = Infinity;
  let max = 0;
  for (const v of p) if (!Number.isFinite(v)) nonFinite++;
  for (let e = 0; e < E; e++) {
    const a = net.polylineOffsets[e] * 3;
    const b = (net.polylineOffsets[e + 1] - 1) * 3;
    const s = net.edgeSource[e] * 3;
    const t = net.edgeTarget[e] * 3;
    if (p[a] !== pos[s] || p[a + 1] !== pos[s + 1] || p[a + 2] !== pos[s + 2] || p[b] !== pos[t] || p[b + 1] !== pos[t + 1] || p[b + 2] !== pos[t + 2]) moved++;
    if (b - a === 3) continue;
    for (let o = a; o < b; o += 3) {
      const d = Math.sqrt((p[o + 3] - p[o]) ** 2 + (p[o + 4] - p[o + 1]) ** 2 + (p[o + 5] - p[o + 2]) ** 2);
      min = Math.min(min, d);
      max = Math.max(max, d);
      if (d < 0.5 * sampleLength || d > 1.5 * sampleLength) outliers++;
    }
  }
  return { movedEndpoints: moved, nonFinite, spacingOutliers: outliers, spacingMin: min === Infinity ? 0 : min, spacingMax: max };
}
