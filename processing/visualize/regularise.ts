/**
 * DeepVisionVR's regularisers for gradient ascent (spec cnn-and-graphs.md §5), on H × W × C images stored
 * HWC: a random roll (±5 px, wrapping), rotation (±10°) and scale (up to 1.05) in one bilinear resampling,
 * a 5 × 5 Gaussian blur (σ 0.5) and a 5 % blend toward the image standardised to the data's statistics.
 * Resampling and blur are convex combinations of pixels, and the blend target is clamped, so an image in
 * [lo, hi] stays in it. Transforms are drawn from a seeded generator; buffers are reused.
 */
import type { Rng } from '../util/rng';

export interface ImageShape { h: number; w: number; c: number }

export interface RegulariseSettings {
  rollPx: number;
  rotateDeg: number;
  maxScale: number;
  blurSigma: number;
  blend: number;
}

export const kDeepVisionRegularisers: RegulariseSettings = { rollPx: 5, rotateDeg: 10, maxScale: 1.05, blurSigma: 0.5, blend: 0.05 };

/** The data's value range and statistics (the blend target and the clamp). */
export interface ImageStats { lo: number; hi: number; mean: number; std: number }

/** Creates a regulariser for images of `shape`; `apply` transforms one image in place. */
export function createRegulariser(shape: ImageShape, settings: RegulariseSettings, stats: ImageStats) {
  const { h, w, c } = shape;
  const n = h * w * c;
  const tmp = new Float32Array(n);
  const taps = gaussianTaps(settings.blurSigma);
  const at = new Int32Array(h * w * 4);
  const weight = new Float32Array(h * w * 4);
  return {
    /** Roll, rotate and scale, blur, blend: one regularisation step of `img` (length h·w·c) with random draws from `rng`. */
    apply(img: Float32Array, rng: Rng): void {
      warpTaps(shape, drawWarp(rng, settings), at, weight, 0);
      for (let p = 0; p < h * w; p++) {
        for (let k = 0; k < c; k++) {
          let v = 0;
          for (let j = 0; j < 4; j++) v += weight[p * 4 + j] * img[at[p * 4 + j] * c + k];
          tmp[p * c + k] = v;
        }
      }
      blur(tmp, img, tmp, shape, taps);
      blendTowardStats(img, stats, settings.blend);
    },
  };
}

/** One image's roll (whole pixels), rotation (radians) and scale. */
export interface WarpDraw { dy: number; dx: number; angle: number; scale: number }

/** Draws a warp from `rng` (four draws, in this order: the GPU route draws the same). */
export function drawWarp(rng: Rng, settings: RegulariseSettings): WarpDraw {
  const dy = Math.round((rng() * 2 - 1) * settings.rollPx);
  const dx = Math.round((rng() * 2 - 1) * settings.rollPx);
  const angle = ((rng() * 2 - 1) * settings.rotateDeg * Math.PI) / 180;
  const scale = 1 + rng() * (settings.maxScale - 1);
  return { dy, dx, angle, scale };
}

/**
 * The bilinear taps of a warp: output pixel p = Σ_j weight[4p + j] · input pixel at[4p + j] (pixel indices
 * y·w + x, written from `offset` on), the inverse transform of p, wrapping at the borders (a roll wraps too).
 */
export function warpTaps({ h, w }: ImageShape, { dy, dx, angle, scale }: WarpDraw, at: Int32Array, weight: Float32Array, offset: number): void {
  const cy = (h - 1) / 2;
  const cx = (w - 1) / 2;
  const cos = Math.cos(angle) / scale;
  const sin = Math.sin(angle) / scale;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const ry = y - dy - cy;
      const rx = x - dx - cx;
      const sy = cy + cos * ry - sin * rx;
      const sx = cx + sin * ry + cos * rx;
      const y0 = Math.floor(sy);
      const x0 = Math.floor(sx);
      const fy = sy - y0;
      const fx = sx - x0;
      const ya = ((y0 % h) + h) % h;
      const yb = (ya + 1) % h;
      const xa = ((x0 % w) + w) % w;
      const xb = (xa + 1) % w;
      const o = offset + (y * w + x) * 4;
      at[o] = ya * w + xa; weight[o] = (1 - fy) * (1 - fx);
      at[o + 1] = ya * w + xb; weight[o + 1] = (1 - fy) * fx;
      at[o + 2] = yb * w + xa; weight[o + 2] = fy * (1 - fx);
      at[o + 3] = yb * w + xb; weight[o + 3] = fy * fx;
    }
  }
}

/** Normalised 1D Gaussian taps of a 5-tap kernel. */
export function gaussianTaps(sigma: number): Float32Array {
  const t = new Float32Array(5);
  let sum = 0;
  for (let i = -2; i <= 2; i++) sum += t[i + 2] = sigma > 0 ? Math.exp(-(i * i) / (2 * sigma * sigma)) : i === 0 ? 1 : 0;
  for (let i = 0; i < 5; i++) t[i] /= sum;
  return t;
}

/** Separable 5 × 5 blur of `src` into `out` (through `mid`, which may alias `src`), borders clamped. */
function blur(src: Float32Array, out: Float32Array, mid: Float32Array, { h, w, c }: ImageShape, taps: Float32Array): void {
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let k = 0; k < c; k++) {
        let v = 0;
        for (let i = -2; i <= 2; i++) v += taps[i + 2] * src[(y * w + Math.min(w - 1, Math.max(0, x + i))) * c + k];
        out[(y * w + x) * c + k] = v;
      }
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let k = 0; k < c; k++) {
        let v = 0;
        for (let i = -2; i <= 2; i++) v += taps[i + 2] * out[(Math.min(h - 1, Math.max(0, y + i)) * w + x) * c + k];
        mid[(y * w + x) * c + k] = v;
      }
    }
  }
  out.set(mid);
}

/** img ← (1 − b)·img + b·clamp(standardised img at the data's mean and std). */
function blendTowardStats(img: Float32Array, stats: ImageStats, b: number): void {
  let mean = 0;
  for (const v of img) mean += v;
  mean /= img.length;
  let sq = 0;
  for (const v of img) sq += (v - mean) ** 2;
  const std = Math.sqrt(sq / img.length);
  const k = std > 1e-8 ? stats.std / std : 0;
  for (let i = 0; i < img.length; i++) {
    const target = Math.min(stats.hi, Math.max(stats.lo, stats.mean + (img[i] - mean) * k));
    img[i] = (1 - b) * img[i] + b * target;
  }
}

/** The range, mean and standard deviation of a dataset's input values. */
export function imageStatsOf(inputs: Float32Array): ImageStats {
  let lo = Infinity;
  let hi = -Infinity;
  let sum = 0;
  for (const v of inputs) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    sum += v;
  }
  const mean = sum / Math.max(1, inputs.length);
  let sq = 0;
  for (const v of inputs) sq += (v - mean) ** 2;
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) throw new Error('the data has no spread of values (all equal, empty or not finite): it cannot set the images\' range');
  return { lo, hi, mean, std: Math.sqrt(sq / Math.max(1, inputs.length)) };
}
