/** Shape metrics of bundled polylines against their straight edges (bundling-fast.md §3). */

export interface Polylines { offsets: Uint32Array; points: Float32Array }

export interface DistortionStats { mean: number; median: number; max: number }

/** Distortion d_e = polyline length / straight endpoint distance; mean, median and max over edges. */
export function distortion(lines: Polylines): DistortionStats {
  const E = lines.offsets.length - 1;
  const d = new Float64Array(E);
  const p = lines.points;
  let n = 0;
  for (let e = 0; e < E; e++) {
    const a = lines.offsets[e] * 3;
    const b = (lines.offsets[e + 1] - 1) * 3;
    const straight = Math.sqrt((p[b] - p[a]) ** 2 + (p[b + 1] - p[a + 1]) ** 2 + (p[b + 2] - p[a + 2]) ** 2);
    if (straight === 0) continue;
    let len = 0;
    for (let o = a; o < b; o += 3) len += Math.sqrt((p[o + 3] - p[o]) ** 2 + (p[o + 4] - p[o + 1]) ** 2 + (p[o + 5] - p[o + 2]) ** 2);
    d[n++] = len / straight;
  }
  const used = d.subarray(0, n).sort();
  let sum = 0;
  for (const v of used) sum += v;
  return { mean: n ? sum / n : 1, median: n ? used[n >> 1] : 1, max: n ? used[n - 1] : 1 };
}

/**
 * Distinct voxels (cube side `voxel`) touched by the polylines sampled at ≤ voxel/2. The ink ratio of a
 * bundling is voxelInk(bundled) / voxelInk(straight): lower means more aggregation.
 */
export function voxelInk(lines: Polylines, voxel: number): number {
  const seen = new Set<number>();
  const p = lines.points;
  const E = lines.offsets.length - 1;
  const inv = 1 / voxel;
  // Keys pack three 17-bit voxel coordinates (offset so negatives stay positive) into one integer below
  // 2^51, exact in a double; coordinates beyond ±65,536 voxels are refused rather than colliding.
  const key = (x: number, y: number, z: number) => {
    const ix = Math.floor(x * inv) + 65536;
    const iy = Math.floor(y * inv) + 65536;
    const iz = Math.floor(z * inv) + 65536;
    if (ix < 0 || iy < 0 || iz < 0 || ix >= 131072 || iy >= 131072 || iz >= 131072) throw new Error(`voxel ink: point (${x}, ${y}, ${z}) is beyond ±65,536 voxels of size ${voxel}`);
    return (ix * 131072 + iy) * 131072 + iz;
  };
  for (let e = 0; e < E; e++) {
    const a = lines.offsets[e] * 3;
    const b = (lines.offsets[e + 1] - 1) * 3;
    seen.add(key(p[a], p[a + 1], p[a + 2]));
    for (let o = a; o < b; o += 3) {
      const len = Math.sqrt((p[o + 3] - p[o]) ** 2 + (p[o + 4] - p[o + 1]) ** 2 + (p[o + 5] - p[o + 2]) ** 2);
      const m = Math.max(1, Math.ceil(len / (voxel / 2)));
      for (let j = 1; j <= m; j++) {
        const f = j / m;
        seen.add(key(p[o] + f * (p[o + 3] - p[o]), p[o + 1] + f * (p[o + 4] - p[o + 1]), p[o + 2] + f * (p[o + 5] - p[o + 2])));
      }
    }
  }
  return seen.size;
}

/** Edges whose depth coordinate (z, the layer axis) does not progress monotonically from source to target. */
export function nonMonotonicEdges(lines: Polylines): number {
  const p = lines.points;
  const E = lines.offsets.length - 1;
  let bad = 0;
  for (let e = 0; e < E; e++) {
    const a = lines.offsets[e] * 3;
    const b = (lines.offsets[e + 1] - 1) * 3;
    const sign = Math.sign(p[b + 2] - p[a + 2]);
    for (let o = a; o < b; o += 3) {
      if (Math.sign(p[o + 5] - p[o + 2]) === -sign && p[o + 5] !== p[o + 2]) { bad++; break; }
    }
  }
  return bad;
}
