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
