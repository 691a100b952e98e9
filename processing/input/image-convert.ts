/**
 * A decoded image (RGBA bytes, as a browser's ImageData gives them) made into a model's input: shape
 * [H, W, C] with C = 1 (grey) or 3 (RGB), stored HWC row-major (index (y·W + x)·C + c) as a Float32Array.
 *
 * Steps, in this order: alpha is composited over white (a transparent PNG's background is white paper);
 * grey is ITU-R BT.601 luma; the image is resized to cover the target and centre-cropped (`crop`) or to fit
 * inside it and letterboxed with white paper (`pad`); `invert` (applied to every channel, meant for grey)
 * turns dark-on-white into MNIST's white ink on black; a preset maps 0..255 to the model's range. Resizing is separable: area averaging (a box filter
 * weighting the fraction of each source pixel covered) when shrinking, so a photo does not alias; bilinear
 * with pixel centres aligned when enlarging, so a tiny image does not turn into blocks.
 *
 * Plain TypeScript (no DOM): runs in Node and in the browser.
 */

export interface RgbaImage {
  width: number;
  height: number;
  /** width · height · 4 bytes, RGBA, row-major, not premultiplied (as ImageData). */
  data: Uint8ClampedArray | Uint8Array;
}

/** `crop`: scale to cover the target, centre-crop; `pad`: scale to fit inside, letterbox with the background. */
export type Fit = 'crop' | 'pad';

/**
 * How 0..255 becomes a model value: (x/255 − mean[c]) / std[c]. For grey (C = 1) a preset uses the mean of
 * its three means and of its three stds, since a grey model trained with RGB statistics has no better choice.
 */
export interface Preprocessing {
  id: 'unit' | 'signed' | 'imagenet';
  label: string;
  mean: [number, number, number];
  std: [number, number, number];
}

/** The supported presets: unit (x/255), signed (x/127.5 − 1), imagenet ((x/255 − mean)/std). */
export const kPresets: readonly Preprocessing[] = Object.freeze([
  { id: 'unit', label: '0 … 1', mean: [0, 0, 0], std: [1, 1, 1] },
  // x/127.5 − 1 is (x/255 − 0.5)/0.5, so one formula serves every preset.
  { id: 'signed', label: '−1 … 1', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
  { id: 'imagenet', label: 'ImageNet mean/std', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
] satisfies Preprocessing[]);

/** The preset with this id; throws naming the unknown id and the valid ones. */
export function presetById(id: string): Preprocessing {
  const preset = kPresets.find((p) => p.id === id);
  if (!preset) {
    throw new Error(`there is no preprocessing preset "${id}": the presets are ${kPresets.map((p) => p.id).join(', ')}`);
  }
  return preset;
}

export interface ConvertOptions {
  height: number;
  width: number;
  channels: 1 | 3;
  fit: Fit;
  preset: Preprocessing;
  /** MNIST-style: white ink on black: invert grey so dark strokes on white paper become ink (default false) */
  invert?: boolean;
}

/** Images above this many pixels are refused (a 40-megapixel RGBA image is 160 MB before conversion). */
export const kMaxImagePixels = 40_000_000;
/** Default largest image file `checkImageFile` accepts. */
const kMaxFileBytes = 64 * 1024 * 1024;

/** Per-channel mean and std for `channels` (grey: the mean of the three). */
function channelStats(preset: Preprocessing, channels: 1 | 3): { mean: number[]; std: number[] } {
  if (channels === 3) return { mean: [...preset.mean], std: [...preset.std] };
  const avg = (v: readonly number[]) => (v[0] + v[1] + v[2]) / 3;
  return { mean: [avg(preset.mean)], std: [avg(preset.std)] };
}

/** Megapixels with enough decimals that a count just over the limit does not read as the limit. */
function megapixels(pixels: number): string {
  const limit = kMaxImagePixels / 1e6;
  let digits = 0;
  while (digits < 6 && Number((pixels / 1e6).toFixed(digits)) <= limit) digits++;
  return String(Number((pixels / 1e6).toFixed(digits)));
}

/** Throws one clear sentence if the image cannot be converted (empty, too large, wrong data length). */
export function checkImage(image: RgbaImage): void {
  const { width, height } = image;
  if (width === 0 || height === 0) {
    throw new Error(`the image has zero width or height (${width} × ${height} pixels)`);
  }
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw new Error(`the image size must be whole positive numbers of pixels, not ${width} × ${height}`);
  }
  // Before the data length, so a huge size is named as such rather than as a short buffer.
  const pixels = width * height;
  if (pixels > kMaxImagePixels) {
    throw new Error(
      `the image is ${width} × ${height} pixels (${megapixels(pixels)} megapixels): ` +
        `nnwalk converts images up to ${kMaxImagePixels / 1e6} megapixels`,
    );
  }
  if (image.data.length !== pixels * 4) {
    throw new Error(
      `the image data has ${image.data.length} bytes, but ${width} × ${height} RGBA pixels need ${pixels * 4}`,
    );
  }
}

/** Throws one clear sentence if the target shape is not one images convert to. */
function checkTarget(options: ConvertOptions): void {
  const { height, width, channels } = options;
  const whole = (v: number) => Number.isInteger(v) && v > 0;
  if (!whole(height) || !whole(width)) {
    throw new Error(`the model's input size must be whole positive numbers of pixels, not ${height} × ${width} (height × width)`);
  }
  if (height * width > kMaxImagePixels) {
    throw new Error(`the model's input is ${height} × ${width} pixels: nnwalk converts images up to ${kMaxImagePixels / 1e6} megapixels`);
  }
  if (channels !== 1 && channels !== 3) {
    throw new Error(`the model's input has ${channels} channels: images convert to 1 (grey) or 3 (RGB) channels only`);
  }
}

/**
 * Resampling weights along one axis: output sample o reads `taps` source samples from index[o·taps …]
 * with weight[o·taps …] (unused taps weigh 0). The source window [start, start + len) may be fractional.
 */
interface Axis {
  taps: number;
  index: Int32Array;
  weight: Float64Array;
  /** Lowest and highest source sample read, so the other pass can skip the rest. */
  lo: number;
  hi: number;
}

function buildAxis(srcLen: number, start: number, len: number, outLen: number): Axis {
  const scale = len / outLen; // source samples per output sample
  const shrink = scale >= 1;
  const taps = shrink ? Math.ceil(scale) + 1 : 2;
  const index = new Int32Array(outLen * taps);
  const weight = new Float64Array(outLen * taps);
  let lo = srcLen;
  let hi = 0;
  for (let o = 0; o < outLen; o++) {
    const base = o * taps;
    if (shrink) {
      const a = Math.max(0, start + o * scale);
      const b = Math.min(srcLen, start + (o + 1) * scale);
      const s0 = Math.min(srcLen - 1, Math.floor(a));
      const s1 = Math.max(s0 + 1, Math.min(srcLen, Math.ceil(b), s0 + taps));
      let sum = 0;
      for (let s = s0; s < s1; s++) {
        const w = Math.max(0, Math.min(b, s + 1) - Math.max(a, s));
        index[base + s - s0] = s;
        weight[base + s - s0] = w;
        sum += w;
      }
      // Normalise: rounding at the window's ends must not darken or lighten edge pixels.
      for (let t = 0; t < s1 - s0; t++) weight[base + t] = sum > 0 ? weight[base + t] / sum : 1 / (s1 - s0);
      for (let t = s1 - s0; t < taps; t++) index[base + t] = s0;
      lo = Math.min(lo, s0);
      hi = Math.max(hi, s1 - 1);
    } else {
      // Pixel centres aligned: output centre o + 0.5 maps to source centre u + 0.5; edges clamp.
      const u = Math.min(srcLen - 1, Math.max(0, start + (o + 0.5) * scale - 0.5));
      const i0 = Math.floor(u);
      const i1 = Math.min(srcLen - 1, i0 + 1);
      index[base] = i0;
      index[base + 1] = i1;
      weight[base] = 1 - (u - i0);
      weight[base + 1] = u - i0;
      lo = Math.min(lo, i0);
      hi = Math.max(hi, i1);
    }
  }
  return { taps, index, weight, lo, hi };
}

/** Where the image goes along one axis of the target: the source window read and the output span written. */
function placeAxis(srcLen: number, outLen: number, scale: number, fit: Fit): { start: number; len: number; off: number; span: number } {
  if (fit === 'crop') {
    // The centred window of the source that, scaled, fills the target exactly (fractional, no rounding).
    const len = Math.min(srcLen, outLen / scale);
    return { start: (srcLen - len) / 2, len, off: 0, span: outLen };
  }
  // Letterbox on whole pixels so the padding is clean background; an odd leftover pixel goes after.
  const span = Math.min(outLen, Math.max(1, Math.round(srcLen * scale)));
  return { start: 0, len: srcLen, off: Math.floor((outLen - span) / 2), span };
}

/** The image as model input values, HWC row-major, `height · width · channels` floats. */
export function convertImage(image: RgbaImage, options: ConvertOptions): Float32Array {
  checkImage(image);
  checkTarget(options);
  const { height: H, width: W, channels: C, fit, preset } = options;
  const invert = options.invert ?? false;
  const { width: w, height: h, data } = image;
  const scale = fit === 'crop' ? Math.max(W / w, H / h) : Math.min(W / w, H / h); // output pixels per source pixel
  const px = placeAxis(w, W, scale, fit);
  const py = placeAxis(h, H, scale, fit);
  const ax = buildAxis(w, px.start, px.len, px.span);
  const ay = buildAxis(h, py.start, py.len, py.span);

  // Horizontal pass on the source rows the vertical pass reads: composite over white, grey, resample.
  const rows = ay.hi - ay.lo + 1;
  const mid = new Float32Array(rows * px.span * C);
  for (let r = 0; r < rows; r++) {
    const rowBase = (ay.lo + r) * w * 4;
    for (let o = 0; o < px.span; o++) {
      let v0 = 0;
      let v1 = 0;
      let v2 = 0;
      for (let t = 0; t < ax.taps; t++) {
        const k = o * ax.taps + t;
        const wt = ax.weight[k];
        if (wt === 0) continue;
        const p = rowBase + ax.index[k] * 4;
        const alpha = data[p + 3] / 255;
        const paper = 255 * (1 - alpha);
        const red = data[p] * alpha + paper;
        const green = data[p + 1] * alpha + paper;
        const blue = data[p + 2] * alpha + paper;
        if (C === 1) {
          v0 += wt * (0.299 * red + 0.587 * green + 0.114 * blue);
        } else {
          v0 += wt * red;
          v1 += wt * green;
          v2 += wt * blue;
        }
      }
      const m = (r * px.span + o) * C;
      mid[m] = v0;
      if (C === 3) {
        mid[m + 1] = v1;
        mid[m + 2] = v2;
      }
    }
  }

  // Folding /255, invert and the preset into one multiply-add per channel keeps the inner loop plain.
  const { mean, std } = channelStats(preset, C);
  const mul = new Float64Array(C);
  const add = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    mul[c] = (invert ? -1 : 1) / (255 * std[c]);
    add[c] = ((invert ? 1 : 0) - mean[c]) / std[c];
  }
  const out = new Float32Array(H * W * C);
  if (px.span < W || py.span < H) {
    // Background: white paper (255), which `invert` makes 0 ink.
    for (let i = 0; i < H * W; i++) for (let c = 0; c < C; c++) out[i * C + c] = 255 * mul[c] + add[c];
  }
  const acc = new Float64Array(C);
  for (let o = 0; o < py.span; o++) {
    const outRow = (py.off + o) * W;
    for (let x = 0; x < px.span; x++) {
      acc.fill(0);
      for (let t = 0; t < ay.taps; t++) {
        const k = o * ay.taps + t;
        const wt = ay.weight[k];
        if (wt === 0) continue;
        const m = ((ay.index[k] - ay.lo) * px.span + x) * C;
        for (let c = 0; c < C; c++) acc[c] += wt * mid[m + c];
      }
      const q = (outRow + px.off + x) * C;
      for (let c = 0; c < C; c++) out[q + c] = Math.min(255, Math.max(0, acc[c])) * mul[c] + add[c];
    }
  }
  return out;
}

/** Back from model values to 0..1 display values per channel (the preset's inverse, clamped), same layout. */
export function displayValues(values: Float32Array, channels: 1 | 3, preset: Preprocessing): Float32Array {
  const { mean, std } = channelStats(preset, channels);
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const c = i % channels;
    out[i] = Math.min(1, Math.max(0, values[i] * std[c] + mean[c]));
  }
  return out;
}

/** The image format from its magic bytes, or null when it is none of these. */
export function describeImageBytes(bytes: Uint8Array): 'png' | 'jpeg' | 'webp' | 'gif' | 'bmp' | null {
  const starts = (sig: readonly number[], at = 0) => bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);
  const ascii = (s: string) => [...s].map((ch) => ch.charCodeAt(0));
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts(ascii('RIFF')) && starts(ascii('WEBP'), 8)) return 'webp';
  if (starts(ascii('GIF87a')) || starts(ascii('GIF89a'))) return 'gif';
  if (starts(ascii('BM')) && bytes.length >= 26) return 'bmp';
  return null;
}

/** Names the kind of a non-image file from its first bytes where that is cheap, else ''. */
function otherKind(bytes: Uint8Array): string {
  const image = describeImageBytes(bytes);
  if (image === 'gif') return ' (a GIF image)';
  if (image === 'bmp') return ' (a BMP image)';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05)) return ' (a ZIP archive)';
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) return ' (a PDF document)';
  // JSON (a model.json dropped by mistake): skip a UTF-8 BOM and leading whitespace.
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  if (bytes[i] === 0x7b) return ' (JSON text)';
  return '';
}

/** A byte count in the unit a person reads: bytes, KiB or MiB. */
function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${Number((n / 1024).toFixed(1))} KiB`;
  return `${Number((n / (1024 * 1024)).toFixed(1))} MiB`;
}

/**
 * Throws one clear sentence unless `bytes` is a non-empty PNG, JPEG or WebP file of at most `maxBytes`
 * (GIF and BMP are refused: a GIF's frames and a BMP's variants are not worth the surprises); returns the format.
 */
export function checkImageFile(name: string, bytes: Uint8Array, maxBytes = kMaxFileBytes): 'png' | 'jpeg' | 'webp' {
  if (bytes.length === 0) throw new Error(`${name} is empty (0 bytes)`);
  if (bytes.length > maxBytes) {
    const exact = bytes.length >= 1024 ? ` (${bytes.length} bytes)` : '';
    throw new Error(`${name} is ${formatBytes(bytes.length)}${exact}: nnwalk reads image files up to ${formatBytes(maxBytes)}`);
  }
  const format = describeImageBytes(bytes);
  if (format === 'png' || format === 'jpeg' || format === 'webp') return format;
  const hex = [...bytes.subarray(0, 8)].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
  throw new Error(`${name} is not a PNG, JPEG or WebP image: its first bytes are ${hex}${otherKind(bytes)}`);
}
