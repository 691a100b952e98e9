/**
 * The compact digit-set format (`.nnwd`): labelled greyscale images as bytes.
 *
 * Layout (little endian): magic "NNWD" (4 bytes), u32 version (1), u32 count, u32 rows, u32 cols,
 * then `count` label bytes, then `count·rows·cols` pixel bytes (0 = background, 255 = ink), row-major.
 */
export interface DigitSet {
  count: number;
  rows: number;
  cols: number;
  /** One class index per image. */
  labels: Uint8Array;
  /** count × rows × cols pixels, 0..255. */
  pixels: Uint8Array;
}

const kMagic = 0x44574e4e; // "NNWD" read as little-endian u32
const kVersion = 1;
const kHeaderBytes = 5 * 4;
/** Refuse sets whose declared pixel count would not fit in memory sensibly (hostile headers). */
const kMaxPixelBytes = 256 * 1024 * 1024;

/** Serialises a digit set into the `.nnwd` byte layout. */
export function encodeDigitSet(set: DigitSet): Uint8Array {
  const imageBytes = set.rows * set.cols;
  if (set.labels.length !== set.count || set.pixels.length !== set.count * imageBytes) {
    throw new Error(`digit set sizes do not add up: ${set.count} images of ${set.rows}×${set.cols} need ${set.count} labels and ${set.count * imageBytes} pixels, got ${set.labels.length} and ${set.pixels.length}`);
  }
  const out = new Uint8Array(kHeaderBytes + set.count + set.pixels.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, kMagic, true);
  view.setUint32(4, kVersion, true);
  view.setUint32(8, set.count, true);
  view.setUint32(12, set.rows, true);
  view.setUint32(16, set.cols, true);
  out.set(set.labels, kHeaderBytes);
  out.set(set.pixels, kHeaderBytes + set.count);
  return out;
}

/** Parses `.nnwd` bytes, checking the magic, version and that the declared sizes match the bytes. */
export function decodeDigitSet(bytes: Uint8Array): DigitSet {
  if (bytes.byteLength < kHeaderBytes) throw new Error(`digit set is truncated: ${bytes.byteLength} bytes, the header alone needs ${kHeaderBytes}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== kMagic) throw new Error('not a digit set: wrong magic (expected "NNWD")');
  const version = view.getUint32(4, true);
  if (version !== kVersion) throw new Error(`digit set version ${version} is not supported (this build reads version ${kVersion})`);
  const count = view.getUint32(8, true);
  const rows = view.getUint32(12, true);
  const cols = view.getUint32(16, true);
  const pixelBytes = count * rows * cols;
  if (pixelBytes > kMaxPixelBytes) throw new Error(`digit set declares ${count} images of ${rows}×${cols}: larger than the ${kMaxPixelBytes}-byte limit`);
  const need = kHeaderBytes + count + pixelBytes;
  if (bytes.byteLength !== need) throw new Error(`digit set size mismatch: header declares ${count} images of ${rows}×${cols} (${need} bytes), file has ${bytes.byteLength}`);
  const labels = bytes.slice(kHeaderBytes, kHeaderBytes + count);
  const pixels = bytes.slice(kHeaderBytes + count, need);
  return { count, rows, cols, labels, pixels };
}

/** Returns image `i` as floats in [0, 1] (the scale the default network was trained on). */
export function digitAsFloats(set: DigitSet, i: number, out = new Float32Array(set.rows * set.cols)): Float32Array {
  const n = set.rows * set.cols;
  const base = i * n;
  for (let p = 0; p < n; p++) out[p] = set.pixels[base + p] / 255;
  return out;
}
