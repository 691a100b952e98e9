/** Class colours: nn_vis's 10 for C ≤ 10, then perceptually spaced hues (OKLCH, golden angle) for any C. */
import { oklchToSrgb } from './oklab';

/** nn_vis CLASS_COLOR (spec §3.4), RGB in [0, 1]. */
const kNnVis: [number, number, number][] = [
  [0.133, 0.545, 0.133], [0, 0, 0.545], [0.69, 0.188, 0.376], [1, 0.271, 0], [1, 1, 0],
  [0.871, 0.722, 0.529], [0, 1, 0], [0, 1, 1], [1, 0, 1], [0.392, 0.584, 0.929],
];

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
