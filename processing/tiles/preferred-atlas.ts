/**
 * Preferred inputs (feature visualization) as atlas planes for the tiles: one plane's images — one per
 * unit, each H × W × C — are stored as one H × W × (units·C) plane, so a unit's image is "channel"
 * block u·C of it and the tile shader's usual lookup (base + (y·W + x)·channels + channel) finds it.
 * Values are display values in [0, 1] (the data's range mapped linearly), as the input plane's are.
 */
import type { ImageShape } from '../visualize/regularise';

/** One plane's preferred inputs as the app keeps them: every unit's slot, filled where `have` is set. */
export interface PlaneVisuals {
  /** Index of the plane (the processed network's layer) and its name. */
  plane: number;
  name: string;
  unitCount: number;
  spatial: boolean;
  shape: ImageShape;
  /** The data's range [lo, hi]: the images' values lie in it. */
  range: [number, number];
  /** unitCount × H·W·C model values (zeros where not computed). */
  images: Float32Array;
  /** What each image reached (NaN where not computed) and each unit's held-out mean and max. */
  reached: Float32Array;
  heldOutMean: Float32Array;
  heldOutMax: Float32Array;
  /** 1 where the unit's image was computed. */
  have: Uint8Array;
  /** Milliseconds the last computation took, and the engine that ran it. */
  ms: number;
  engine: string;
}

/** The atlas shape of a plane's preferred inputs: H × W × (units·C). */
export function preferredShape(v: PlaneVisuals): [number, number, number] {
  return [v.shape.h, v.shape.w, v.unitCount * v.shape.c];
}

/** Whether unit `u`'s image reaches the unit's largest value over the held-out data. */
export function beatsData(v: PlaneVisuals, u: number): boolean {
  return v.have[u] === 1 && v.reached[u] >= v.heldOutMax[u];
}

/**
 * Writes `v`'s images as display values into `out` (H·W·units·C, interleaved as preferredShape says);
 * units without an image are left at 0 (blank paper in the ink look).
 */
export function interleavePreferred(v: PlaneVisuals, out: Float32Array): Float32Array {
  const { h, w, c } = v.shape;
  const U = v.unitCount;
  const n = h * w * c;
  if (out.length !== h * w * U * c) throw new Error(`preferred-input atlas plane: ${out.length} values for ${h} × ${w} × ${U}·${c}`);
  const [lo, hi] = v.range;
  const scale = hi > lo ? 1 / (hi - lo) : 1;
  out.fill(0);
  for (let u = 0; u < U; u++) {
    if (!v.have[u]) continue;
    for (let p = 0; p < h * w; p++) {
      for (let k = 0; k < c; k++) out[(p * U + u) * c + k] = Math.min(1, Math.max(0, (v.images[u * n + p * c + k] - lo) * scale));
    }
  }
  return out;
}
