/**
 * A free drawing made into an MNIST-style input, the way MNIST's digits were prepared (LeCun et al.):
 * the ink's bounding box is scaled, keeping its aspect ratio, to fit a 20 × 20 box (anti-aliased: each
 * output pixel averages the area it covers), and placed in the 28 × 28 image so that its centre of mass
 * falls on the image centre. Values stay in [0, 1] (0 = background).
 */

/** Side of the MNIST image and of the box the digit is scaled into. */
export const kMnistSide = 28;
const kBoxSide = 20;
/** Ink below this (0..1) counts as background when finding the bounding box. */
const kInkThreshold = 0.02;

/** Area-resampling of `srcLen` samples onto `outLen`: per output, its source range and the covered fraction of each. */
function resampleAxis(srcLen: number, outLen: number): { from: Int32Array; to: Int32Array; weights: Float32Array[] } {
  const scale = srcLen / outLen; // source samples per output sample
  const from = new Int32Array(outLen);
  const to = new Int32Array(outLen);
  const weights: Float32Array[] = [];
  for (let o = 0; o < outLen; o++) {
    const a = o * scale;
    const b = (o + 1) * scale;
    from[o] = Math.floor(a);
    to[o] = Math.min(srcLen, Math.ceil(b));
    const w = new Float32Array(to[o] - from[o]);
    for (let s = from[o]; s < to[o]; s++) w[s - from[o]] = (Math.min(b, s + 1) - Math.max(a, s)) / scale;
    weights.push(w);
  }
  return { from, to, weights };
}

/**
 * Turns a `width × height` greyscale drawing (row-major, 0 = background, 1 = full ink) into a 28 × 28
 * MNIST-style input (784 values). An empty drawing gives all zeros.
 */
export function prepareDrawing(pixels: Float32Array, width: number, height: number): Float32Array {
  if (!(width > 0 && height > 0) || pixels.length !== width * height) {
    throw new Error(`a drawing of ${width} × ${height} needs ${width * height} pixels; got ${pixels.length}`);
  }
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (pixels[y * width + x] > kInkThreshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  const out = new Float32Array(kMnistSide * kMnistSide);
  if (x1 < 0) return out;
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const scale = kBoxSide / Math.max(bw, bh);
  const ow = Math.max(1, Math.round(bw * scale));
  const oh = Math.max(1, Math.round(bh * scale));
  // Separable area averaging: rows first (bw → ow), then columns (bh → oh).
  const ax = resampleAxis(bw, ow);
  const ay = resampleAxis(bh, oh);
  const rows = new Float32Array(bh * ow);
  for (let y = 0; y < bh; y++) {
    const src = (y0 + y) * width + x0;
    for (let o = 0; o < ow; o++) {
      let v = 0;
      const w = ax.weights[o];
      for (let s = ax.from[o]; s < ax.to[o]; s++) v += pixels[src + s] * w[s - ax.from[o]];
      rows[y * ow + o] = v;
    }
  }
  const box = new Float32Array(oh * ow);
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let o = 0; o < oh; o++) {
    const w = ay.weights[o];
    for (let x = 0; x < ow; x++) {
      let v = 0;
      for (let s = ay.from[o]; s < ay.to[o]; s++) v += rows[s * ow + x] * w[s - ay.from[o]];
      v = Math.min(1, Math.max(0, v));
      box[o * ow + x] = v;
      mass += v;
      mx += v * (x + 0.5);
      my += v * (o + 0.5);
    }
  }
  // Centre of mass onto the image centre (integer shift, as MNIST's preparation did).
  const left = mass > 0 ? Math.round(kMnistSide / 2 - mx / mass) : Math.floor((kMnistSide - ow) / 2);
  const top = mass > 0 ? Math.round(kMnistSide / 2 - my / mass) : Math.floor((kMnistSide - oh) / 2);
  for (let y = 0; y < oh; y++) {
    const ty = top + y;
    if (ty < 0 || ty >= kMnistSide) continue;
    for (let x = 0; x < ow; x++) {
      const tx = left + x;
      if (tx >= 0 && tx < kMnistSide) out[ty * kMnistSide + tx] = box[y * ow + x];
    }
  }
  return out;
}
