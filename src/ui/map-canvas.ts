/** Feature maps, images and kernel slices as canvas pixels (details panel, headset panel, PNG export). */
import { divergingColor } from '../scene/diverging';

/** One map's values (h × w, row-major), a stride apart from `offset`: a channel of an H × W × C array. */
export function mapValues(values: ArrayLike<number>, h: number, w: number, channels: number, channel: number): Float32Array {
  const out = new Float32Array(h * w);
  for (let p = 0; p < h * w; p++) out[p] = values[p * channels + channel];
  return out;
}

/** Largest |value| (1 for an all-zero map, so it paints as zero). */
export function largestMagnitude(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m > 0 ? m : 1;
}

/** RGBA pixels of a map in the diverging colours, ±range at full colour. */
export function divergingPixels(values: ArrayLike<number>, range: number, dark = false): Uint8ClampedArray {
  const out = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    divergingColor(values[i], range, out, i * 4, dark, 255);
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** RGBA pixels of display values (0..1; grey when `channels` is 1, RGB when 3), ink dark on white when `ink`. */
export function imagePixels(display: ArrayLike<number>, channels: number, ink: boolean): Uint8ClampedArray {
  const n = display.length / channels;
  const out = new Uint8ClampedArray(n * 4);
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < 3; c++) {
      const v = display[p * channels + (channels === 3 ? c : 0)];
      out[p * 4 + c] = Math.round(255 * (ink ? 1 - v : v));
    }
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** Puts `pixels` (w × h RGBA) on `canvas` at its own resolution; CSS scales it up pixelated. */
export function putPixels(canvas: HTMLCanvasElement, pixels: Uint8ClampedArray, w: number, h: number): void {
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(w, h);
  img.data.set(pixels);
  ctx.putImageData(img, 0, 0);
}

/** Whether an input is shown as ink (dark on white): MNIST-shaped grey inputs in 0 … 1, whose digits are white ink on black. */
export function isInkDisplay(h: number, w: number, c: number, preset: string): boolean {
  return h === 28 && w === 28 && c === 1 && preset === 'unit';
}
