/** Straight initial sampling and arc-length resampling of polylines at spacing ≈ L; endpoints are copied bit for bit. */
import type { PolylineStore } from './polyline-store';

/**
 * Samples edge e straight from node s to node t: n = ceil(length / L) equal segments (at most its slot's
 * capacity); endpoints are copied bit for bit.
 */
export function sampleStraightEdge(store: PolylineStore, e: number, positions: Float32Array, source: number, target: number, sampleLength: number): void {
  const s = source * 3;
  const t = target * 3;
  const dx = positions[t] - positions[s];
  const dy = positions[t + 1] - positions[s + 1];
  const dz = positions[t + 2] - positions[s + 2];
  const capacity = store.slotStart[e + 1] - store.slotStart[e];
  const n = Math.max(1, Math.min(capacity - 1, Math.ceil(Math.sqrt(dx * dx + dy * dy + dz * dz) / sampleLength)));
  const base = store.slotStart[e] * 3;
  const p = store.points;
  for (let k = 0; k <= n; k++) {
    const f = k / n;
    p[base + k * 3] = positions[s] + f * dx;
    p[base + k * 3 + 1] = positions[s + 1] + f * dy;
    p[base + k * 3 + 2] = positions[s + 2] + f * dz;
  }
  // Exact endpoints: the interpolation above may round.
  p[base] = positions[s]; p[base + 1] = positions[s + 1]; p[base + 2] = positions[s + 2];
  p[base + n * 3] = positions[t]; p[base + n * 3 + 1] = positions[t + 1]; p[base + n * 3 + 2] = positions[t + 2];
  store.count[e] = n + 1;
}

/**
 * Resamples edge e in place to equal arc-length steps of about L (n = round(length / L) steps, at least 1,
 * at most its slot). `scratch` holds ≥ 4 × the edge's slot size: a copy of its points, then their
 * cumulative lengths. Endpoints are copied bit for bit.
 */
export function resampleEdge(store: PolylineStore, e: number, sampleLength: number, scratch: Float64Array): void {
  const p = store.points;
  const base = store.slotStart[e] * 3;
  const count = store.count[e];
  const capacity = store.slotStart[e + 1] - store.slotStart[e];
  const src = scratch;
  const cum = 3 * capacity;
  for (let k = 0; k < count * 3; k++) src[k] = p[base + k];
  scratch[cum] = 0;
  for (let k = 1; k < count; k++) {
    const a = (k - 1) * 3;
    const dx = src[a + 3] - src[a];
    const dy = src[a + 4] - src[a + 1];
    const dz = src[a + 5] - src[a + 2];
    scratch[cum + k] = scratch[cum + k - 1] + Math.sqrt(dx * dx + dy * dy + dz * dz);
  }
  const length = scratch[cum + count - 1];
  const n = Math.max(1, Math.min(capacity - 1, Math.round(length / sampleLength)));
  const step = length / n;
  let seg = 1;
  for (let k = 1; k < n; k++) {
    const d = k * step;
    while (seg < count - 1 && scratch[cum + seg] < d) seg++;
    const span = scratch[cum + seg] - scratch[cum + seg - 1];
    const f = span > 0 ? (d - scratch[cum + seg - 1]) / span : 0;
    const a = (seg - 1) * 3;
    const o = base + k * 3;
    p[o] = src[a] + f * (src[a + 3] - src[a]);
    p[o + 1] = src[a + 1] + f * (src[a + 4] - src[a + 1]);
    p[o + 2] = src[a + 2] + f * (src[a + 5] - src[a + 2]);
  }
  const last = (count - 1) * 3;
  const end = base + n * 3;
  p[end] = src[last];
  p[end + 1] = src[last + 1];
  p[end + 2] = src[last + 2];
  store.count[e] = n + 1;
}

/** Resamples every polyline (see resampleEdge). */
export function resampleAll(store: PolylineStore, sampleLength: number, scratch: Float64Array): void {
  for (let e = 0; e < store.edges; e++) resampleEdge(store, e, sampleLength, scratch);
}
