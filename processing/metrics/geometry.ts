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

/** Refuse voxel bitmaps beyond this many voxels (a network's bounding box at ink resolution is far smaller). */
const kMaxVoxels = 1 << 30;

/** Bounding box [min xyz, max xyz] of a point array. */
export function pointBounds(points: Float32Array): Float64Array {
  const b = Float64Array.from([Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity]);
  for (let i = 0; i < points.length; i += 3) {
    for (let a = 0; a < 3; a++) {
      const v = points[i + a];
      if (v < b[a]) b[a] = v;
      if (v > b[a + 3]) b[a + 3] = v;
    }
  }
  return b;
}

/**
 * Distinct voxels (cube side `voxel`) touched by the polylines sampled at ≤ voxel/2, counted in a bitmap
 * over `bounds` (default: the polylines' own box). The ink ratio of a bundling is voxelInk(bundled) /
 * voxelInk(straight) over the same bounds: lower means more aggregation.
 */
export function voxelInk(lines: Polylines, voxel: number, bounds = pointBounds(lines.points)): number {
  const p = lines.points;
  const E = lines.offsets.length - 1;
  const inv = 1 / voxel;
  const nx = Math.floor((bounds[3] - bounds[0]) * inv) + 2;
  const ny = Math.floor((bounds[4] - bounds[1]) * inv) + 2;
  const nz = Math.floor((bounds[5] - bounds[2]) * inv) + 2;
  if (nx * ny * nz > kMaxVoxels) throw new Error(`voxel ink: ${nx}×${ny}×${nz} voxels of size ${voxel} exceed the ${kMaxVoxels}-voxel limit`);
  const seen = new Uint8Array(nx * ny * nz);
  let count = 0;
  const mark = (x: number, y: number, z: number) => {
    const ix = Math.min(nx - 1, Math.max(0, Math.floor((x - bounds[0]) * inv)));
    const iy = Math.min(ny - 1, Math.max(0, Math.floor((y - bounds[1]) * inv)));
    const iz = Math.min(nz - 1, Math.max(0, Math.floor((z - bounds[2]) * inv)));
    const k = (iz * ny + iy) * nx + ix;
    if (seen[k] === 0) { seen[k] = 1; count++; }
  };
  for (let e = 0; e < E; e++) {
    const a = lines.offsets[e] * 3;
    const b = (lines.offsets[e + 1] - 1) * 3;
    mark(p[a], p[a + 1], p[a + 2]);
    for (let o = a; o < b; o += 3) {
      const len = Math.sqrt((p[o + 3] - p[o]) ** 2 + (p[o + 4] - p[o + 1]) ** 2 + (p[o + 5] - p[o + 2]) ** 2);
      const m = Math.max(1, Math.ceil(len / (voxel / 2)));
      for (let j = 1; j <= m; j++) {
        const f = j / m;
        mark(p[o] + f * (p[o + 3] - p[o]), p[o + 1] + f * (p[o + 4] - p[o + 1]), p[o + 2] + f * (p[o + 5] - p[o + 2]));
      }
    }
  }
  return count;
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
