/**
 * Visualizations as PNG files: one image per unit, and an index sheet per plane (every unit's image in a
 * grid, two pixels per input pixel, one-pixel gaps). Encoding is fast-png's (pinned): PNG is a solved
 * format, and it deflates with fflate, which the project already ships.
 */
import { decode, encode } from 'fast-png';
import type { ImageShape } from './regularise';

/** 8-bit pixels of one image (grey for one channel, RGB for three), values in [lo, hi] mapped to 0–255. */
export function toPixels(values: Float32Array, shape: ImageShape, lo: number, hi: number): Uint8Array {
  if (shape.c !== 1 && shape.c !== 3) throw new Error(`an image of ${shape.c} channels cannot be written as PNG (1 or 3)`);
  const out = new Uint8Array(values.length);
  const span = hi > lo ? hi - lo : 1;
  for (let i = 0; i < values.length; i++) out[i] = Math.round(255 * Math.min(1, Math.max(0, (values[i] - lo) / span)));
  return out;
}

/** One image as PNG bytes. */
export function imagePng(values: Float32Array, shape: ImageShape, lo: number, hi: number): Uint8Array {
  return encode({ width: shape.w, height: shape.h, data: toPixels(values, shape, lo, hi), channels: shape.c, depth: 8 });
}

/** The index sheet of `count` images (consecutive in `images`): a near-square grid, each image scaled ×`zoom`. */
export function sheetPng(images: Float32Array, count: number, shape: ImageShape, lo: number, hi: number, zoom = 2): Uint8Array {
  const cols = Math.ceil(Math.sqrt(count));
  const rows = Math.ceil(count / cols);
  const gap = 1;
  const tw = shape.w * zoom;
  const th = shape.h * zoom;
  const width = cols * (tw + gap) + gap;
  const height = rows * (th + gap) + gap;
  const c = shape.c;
  // Gaps in mid grey, so black and white images both stand out.
  const data = new Uint8Array(width * height * c).fill(128);
  const n = shape.h * shape.w * c;
  for (let k = 0; k < count; k++) {
    const px = toPixels(images.subarray(k * n, (k + 1) * n), shape, lo, hi);
    const ox = gap + (k % cols) * (tw + gap);
    const oy = gap + Math.floor(k / cols) * (th + gap);
    for (let y = 0; y < th; y++) {
      for (let x = 0; x < tw; x++) {
        const src = (Math.floor(y / zoom) * shape.w + Math.floor(x / zoom)) * c;
        const dst = ((oy + y) * width + ox + x) * c;
        for (let ch = 0; ch < c; ch++) data[dst + ch] = px[src + ch];
      }
    }
  }
  return encode({ width, height, data, channels: c, depth: 8 });
}

/** Decodes PNG bytes (tests and the cache check read images back). */
export function readPng(bytes: Uint8Array): { width: number; height: number; channels: number; data: Uint8Array } {
  const png = decode(bytes);
  return { width: png.width, height: png.height, channels: png.channels, data: Uint8Array.from(png.data as ArrayLike<number>) };
}
