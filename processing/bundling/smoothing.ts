/**
 * nn_vis's Laplacian smoothing (spec §1.9): Jacobi passes of a windowed mean, endpoints fixed, window
 * clipped to the edge. `passes` passes over a polyline of n points with window radius R are one linear
 * map, M(n, R)^passes; it is built once per (n, R, passes) from the iterative definition and applied as a
 * banded matrix (bandwidth passes·R), which halves the work and avoids per-pass copies.
 */
import type { PolylineStore } from './polyline-store';

/** Window radius R = max(⌊count · 8 · reductionSoFar / 100⌋, 1), as nn_vis computes it. */
export function smoothingRadius(count: number, reductionSoFar: number): number {
  return Math.max(Math.floor((count * 8 * reductionSoFar) / 100), 1);
}

/** One Jacobi pass on a single coordinate series (reference definition; endpoints copied). */
export function smoothSeries(src: Float64Array, dst: Float64Array, n: number, radius: number): void {
  dst[0] = src[0];
  dst[n - 1] = src[n - 1];
  for (let k = 1; k < n - 1; k++) {
    const lo = Math.max(0, k - radius);
    const hi = Math.min(n - 1, k + radius);
    let sum = 0;
    for (let j = lo; j <= hi; j++) sum += src[j];
    dst[k] = sum / (hi - lo + 1);
  }
}

interface BandedMap {
  /** Band half-width: row k reads points k − band … k + band (clipped). */
  band: number;
  /** n × (2·band + 1) coefficients, row-major. */
  coefficients: Float64Array;
}

const cache = new Map<number, BandedMap>();

/** M(n, R)^passes as a banded matrix, built by smoothing unit vectors. */
function bandedMap(n: number, radius: number, passes: number): BandedMap {
  // Exact integer key: radius ≤ n < 2^25, passes ≤ 100 < 2^7.
  const key = (n * 2097152 + radius) * 128 + passes;
  const hit = cache.get(key);
  if (hit) return hit;
  const band = Math.min(n - 1, passes * radius);
  const width = 2 * band + 1;
  const coefficients = new Float64Array(n * width);
  let a = new Float64Array(n);
  let b = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    a.fill(0);
    a[j] = 1;
    for (let p = 0; p < passes; p++) {
      smoothSeries(a, b, n, radius);
      const t = a;
      a = b;
      b = t;
    }
    // Column j of the map: how much point j contributes to each output point k.
    for (let k = Math.max(0, j - band); k <= Math.min(n - 1, j + band); k++) coefficients[k * width + (j - k + band)] = a[k];
  }
  const map = { band, coefficients };
  cache.set(key, map);
  return map;
}

/** Longest polyline (points) whose smoothing map is cached. */
const kMaxCachedPoints = 128;

/** The reference: `passes` Jacobi passes per coordinate; `scratch` holds 2n values. Endpoints stay exact. */
function smoothIteratively(p: Float32Array, base: number, n: number, radius: number, passes: number, scratch: Float64Array): void {
  for (let c = 0; c < 3; c++) {
    let a = scratch.subarray(0, n);
    let b = scratch.subarray(n, 2 * n);
    for (let k = 0; k < n; k++) a[k] = p[base + k * 3 + c];
    for (let pass = 0; pass < passes; pass++) {
      smoothSeries(a, b, n, radius);
      const t = a;
      a = b;
      b = t;
    }
    for (let k = 1; k < n - 1; k++) p[base + k * 3 + c] = a[k];
  }
}

/** `passes` smoothing passes over edge e; `scratch` holds at least 3 × its point count. */
export function smoothEdge(store: PolylineStore, e: number, passes: number, reductionSoFar: number, scratch: Float64Array): void {
  const p = store.points;
  const base = store.slotStart[e] * 3;
  const n = store.count[e];
  if (n < 3 || passes <= 0) return;
  const radius = smoothingRadius(n, reductionSoFar);
  // A cached map costs O(n²) memory: long edges (rare: large layer_distance or sampling_rate) iterate instead.
  if (n > kMaxCachedPoints) {
    smoothIteratively(p, base, n, radius, passes, scratch);
    return;
  }
  const { band, coefficients } = bandedMap(n, radius, passes);
  const width = 2 * band + 1;
  for (let k = 0; k < n * 3; k++) scratch[k] = p[base + k];
  // Interior points only: endpoints keep their exact original values.
  for (let k = 1; k < n - 1; k++) {
    const lo = Math.max(0, k - band);
    const hi = Math.min(n - 1, k + band);
    const row = k * width + band;
    let x = 0;
    let y = 0;
    let z = 0;
    for (let j = lo; j <= hi; j++) {
      const c = coefficients[row + j - k];
      x += c * scratch[j * 3];
      y += c * scratch[j * 3 + 1];
      z += c * scratch[j * 3 + 2];
    }
    const o = base + k * 3;
    p[o] = x;
    p[o + 1] = y;
    p[o + 2] = z;
  }
}
