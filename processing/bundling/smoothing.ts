/** nn_vis's Laplacian smoothing (spec §1.9): Jacobi windowed means, endpoints fixed, window clipped to the edge. */
import type { PolylineStore } from './polyline-store';

/**
 * `passes` Jacobi passes over every edge. Each edge is smoothed in a small scratch buffer (L1-resident)
 * and written back once, instead of streaming the whole point buffer per pass; the arithmetic is the same.
 * Window radius R = max(⌊count · 8 · reductionSoFar / 100⌋, 1); `scratch` holds 2 × the largest slot × 3.
 */
export function smoothAll(store: PolylineStore, passes: number, reductionSoFar: number, scratch: Float64Array): void {
  if (passes <= 0) return;
  const p = store.points;
  for (let e = 0; e < store.edges; e++) {
    const base = store.slotStart[e] * 3;
    const count = store.count[e];
    if (count < 3) continue;
    const n = count * 3;
    let a = 0;
    let b = n;
    for (let k = 0; k < n; k++) scratch[k] = p[base + k];
    const radius = Math.max(Math.floor((count * 8 * reductionSoFar) / 100), 1);
    for (let pass = 0; pass < passes; pass++) {
      for (let c = 0; c < 3; c++) {
        scratch[b + c] = scratch[a + c];
        scratch[b + n - 3 + c] = scratch[a + n - 3 + c];
      }
      if (radius === 1) {
        // The common case (edges of < 25 samples): a 3-point mean.
        for (let o = 3; o < n - 3; o++) scratch[b + o] = (scratch[a + o - 3] + scratch[a + o] + scratch[a + o + 3]) * (1 / 3);
      } else {
        for (let k = 1; k < count - 1; k++) {
          const lo = Math.max(0, k - radius);
          const hi = Math.min(count - 1, k + radius);
          const inv = 1 / (hi - lo + 1);
          for (let c = 0; c < 3; c++) {
            let sum = 0;
            for (let j = lo; j <= hi; j++) sum += scratch[a + j * 3 + c];
            scratch[b + k * 3 + c] = sum * inv;
          }
        }
      }
      const t = a;
      a = b;
      b = t;
    }
    // Interior points only: endpoints keep their exact original values.
    for (let k = 3; k < n - 3; k++) p[base + k] = scratch[a + k];
  }
}
