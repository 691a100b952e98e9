/** Straight initial sampling and arc-length resampling of polylines at spacing ≈ L; endpoints are copied bit for bit. */
import { swapBuffers, type PolylineStore } from './polyline-store';

/** Samples each edge's straight segment source → target: n = ⌈ℓ/L⌉ equal steps, n + 1 points. */
export function sampleStraight(store: PolylineStore, positions: Float32Array, source: Uint32Array, target: Uint32Array, sampleLength: number): void {
  for (let e = 0; e < store.edges; e++) {
    const s = source[e] * 3;
    const t = target[e] * 3;
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
}

/**
 * Resamples every polyline to equal arc-length steps of about L (n = round(length / L) steps, at least 1),
 * writing into the spare buffer and swapping. `scratch` holds at least the largest slot's point count.
 */
export function resampleAll(store: PolylineStore, sampleLength: number, scratch: Float64Array): void {
  const src = store.points;
  const dst = store.spare;
  for (let e = 0; e < store.edges; e++) {
    const base = store.slotStart[e] * 3;
    const count = store.count[e];
    const capacity = store.slotStart[e + 1] - store.slotStart[e];
    scratch[0] = 0;
    for (let k = 1; k < count; k++) {
      const a = base + (k - 1) * 3;
      const dx = src[a + 3] - src[a];
      const dy = src[a + 4] - src[a + 1];
      const dz = src[a + 5] - src[a + 2];
      scratch[k] = scratch[k - 1] + Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
    const length = scratch[count - 1];
    const n = Math.max(1, Math.min(capacity - 1, Math.round(length / sampleLength)));
    const step = length / n;
    dst[base] = src[base]; dst[base + 1] = src[base + 1]; dst[base + 2] = src[base + 2];
    let seg = 1;
    for (let k = 1; k < n; k++) {
      const d = k * step;
      while (seg < count - 1 && scratch[seg] < d) seg++;
      const span = scratch[seg] - scratch[seg - 1];
      const f = span > 0 ? (d - scratch[seg - 1]) / span : 0;
      const a = base + (seg - 1) * 3;
      const o = base + k * 3;
      dst[o] = src[a] + f * (src[a + 3] - src[a]);
      dst[o + 1] = src[a + 1] + f * (src[a + 4] - src[a + 1]);
      dst[o + 2] = src[a + 2] + f * (src[a + 5] - src[a + 2]);
    }
    const last = base + (count - 1) * 3;
    const end = base + n * 3;
    dst[end] = src[last]; dst[end + 1] = src[last + 1]; dst[end + 2] = src[last + 2];
    store.count[e] = n + 1;
  }
  swapBuffers(store);
}
