/** The app's per-plane store of preferred inputs: worker results (a whole plane, or a few units) merged into one slot per unit. */
import type { PlaneVisuals } from '../../processing/tiles/preferred-atlas';
import type { VisualizeResult } from '../workers/analysis-protocol';

/** `r` merged into `prev` (the same plane's earlier units; null: a fresh plane): a new object, `prev` is left as it was. */
export function mergeVisuals(prev: PlaneVisuals | null, r: VisualizeResult): PlaneVisuals {
  const { h, w, c } = r.shape;
  const n = h * w * c;
  const fits = prev && prev.unitCount === r.unitCount && prev.images.length === r.unitCount * n;
  const v: PlaneVisuals = fits
    ? { ...prev, images: prev.images.slice(), reached: prev.reached.slice(), have: prev.have.slice() }
    : { plane: r.planeIndex, name: r.plane, unitCount: r.unitCount, spatial: r.spatial, shape: r.shape, range: r.range, images: new Float32Array(r.unitCount * n), reached: new Float32Array(r.unitCount).fill(NaN), heldOutMean: r.heldOutMean, heldOutMax: r.heldOutMax, have: new Uint8Array(r.unitCount), ms: 0, engine: '' };
  r.units.forEach((u, k) => {
    v.images.set(r.images.subarray(k * n, (k + 1) * n), u * n);
    v.reached[u] = r.reached[k];
    v.have[u] = 1;
  });
  return { ...v, range: r.range, heldOutMean: r.heldOutMean, heldOutMax: r.heldOutMax, ms: r.ms, engine: r.engine };
}

/** The chunks' results of one plane (from workers side by side) as one result: their units in order; `ms` the longest chunk's. */
export function joinResults(parts: readonly VisualizeResult[]): VisualizeResult {
  const first = parts[0];
  const images = new Float32Array(parts.reduce((n, r) => n + r.images.length, 0));
  const reached = new Float32Array(parts.reduce((n, r) => n + r.reached.length, 0));
  let at = 0;
  for (const r of parts) {
    images.set(r.images, at * (first.images.length / first.units.length));
    reached.set(r.reached, at);
    at += r.units.length;
  }
  const workers = parts.length > 1 ? ` · ${parts.length} workers` : '';
  return { ...first, units: parts.flatMap((r) => r.units), images, reached, ms: Math.max(...parts.map((r) => r.ms)), engine: `${first.engine}${workers}` };
}
