/**
 * OKLab (Björn Ottosson, 2020): a perceptual colour space where averaging colours keeps their hue and
 * lightness apart instead of drifting toward grey as sRGB averages do. Channels in [0, 1] (sRGB, gamma
 * encoded); L in [0, 1], a and b about ±0.4. No Babylon: used by the scene's paint and the pixel tests.
 */

const toLinear = (v: number) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
const toGamma = (x: number) => {
  const v = Math.min(1, Math.max(0, x));
  return v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055;
};

/** sRGB (0..1) → OKLab, written into out[at..at+2]. */
export function srgbToOklab(r: number, g: number, b: number, out: Float32Array | number[], at = 0): void {
  const lr = toLinear(r);
  const lg = toLinear(g);
  const lb = toLinear(b);
  const l = Math.cbrt(0.4122214708 * lr + 0.5363325363 * lg + 0.0514459929 * lb);
  const m = Math.cbrt(0.2119034982 * lr + 0.6806995451 * lg + 0.1073969566 * lb);
  const s = Math.cbrt(0.0883024619 * lr + 0.2817188376 * lg + 0.6299787005 * lb);
  out[at] = 0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s;
  out[at + 1] = 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s;
  out[at + 2] = 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s;
}

/** OKLab → sRGB (0..1, clipped to the gamut), written into out[at..at+2]. */
export function oklabToSrgb(L: number, a: number, b: number, out: Float32Array | number[], at = 0): void {
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3;
  out[at] = toGamma(4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s);
  out[at + 1] = toGamma(-1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s);
  out[at + 2] = toGamma(-0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s);
}

/** OKLCH (hue in degrees) → sRGB (0..1). */
export function oklchToSrgb(L: number, chroma: number, hueDeg: number): [number, number, number] {
  const h = (hueDeg * Math.PI) / 180;
  const out: [number, number, number] = [0, 0, 0];
  oklabToSrgb(L, chroma * Math.cos(h), chroma * Math.sin(h), out);
  return out;
}

/** OKLab chroma (√(a² + b²)) of an sRGB colour with channels in [0, 255]. */
export function chroma255(r: number, g: number, b: number): number {
  const lab = [0, 0, 0];
  srgbToOklab(r / 255, g / 255, b / 255, lab);
  return Math.hypot(lab[1], lab[2]);
}
