/** Class colours: nn_vis's 10 for C ≤ 10, then perceptually spaced hues (OKLCH, golden angle) for any C. */

/** nn_vis CLASS_COLOR (spec §3.4), RGB in [0, 1]. */
const kNnVis: [number, number, number][] = [
  [0.133, 0.545, 0.133], [0, 0, 0.545], [0.69, 0.188, 0.376], [1, 0.271, 0], [1, 1, 0],
  [0.871, 0.722, 0.529], [0, 1, 0], [0, 1, 1], [1, 0, 1], [0.392, 0.584, 0.929],
];

function oklchToSrgb(l: number, c: number, hDeg: number): [number, number, number] {
  const h = (hDeg * Math.PI) / 180;
  const a = c * Math.cos(h);
  const b = c * Math.sin(h);
  const l_ = (l + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m_ = (l - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s_ = (l - 0.0894841775 * a - 1.291485548 * b) ** 3;
  const lin = [
    4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_,
    -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_,
    -0.0041960863 * l_ - 0.7034186147 * m_ + 1.707614701 * s_,
  ];
  const gamma = (x: number) => {
    const v = Math.min(1, Math.max(0, x));
    return v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055;
  };
  return [gamma(lin[0]), gamma(lin[1]), gamma(lin[2])];
}

/** C colours as a flat RGB Float32Array (3 per class). */
export function classPalette(classCount: number): Float32Array {
  const out = new Float32Array(classCount * 3);
  for (let c = 0; c < classCount; c++) {
    // Lightness alternates so neighbouring hues also differ in brightness.
    const rgb = classCount <= kNnVis.length ? kNnVis[c] : oklchToSrgb(c % 2 ? 0.55 : 0.72, 0.14, (c * 137.508) % 360);
    out.set(rgb, c * 3);
  }
  return out;
}

/** CSS colour string of class `c`. */
export function cssColor(palette: Float32Array, c: number): string {
  const v = (i: number) => Math.round(palette[c * 3 + i] * 255);
  return `rgb(${v(0)}, ${v(1)}, ${v(2)})`;
}
