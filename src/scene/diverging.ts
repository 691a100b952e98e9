/**
 * The diverging colour map of feature maps and kernels: negative blue, zero near white (near black on the
 * dark background), positive red, after ColorBrewer's RdBu, so the sign reads at a glance and |value|
 * as saturation. The tile shader (shaders/render/tile.fragment.glsl) holds the same five stops.
 */

/** Stops at t = −1, −0.5, 0, 0.5, 1 (light background). */
export const kDivergingLight: readonly (readonly [number, number, number])[] = [
  [0.129, 0.4, 0.675], [0.404, 0.663, 0.812], [0.969, 0.969, 0.969], [0.937, 0.541, 0.384], [0.698, 0.094, 0.169],
];
/** Stops on the dark background: zero is near black so a silent map does not glow. */
export const kDivergingDark: readonly (readonly [number, number, number])[] = [
  [0.263, 0.576, 0.765], [0.145, 0.278, 0.4], [0.08, 0.08, 0.08], [0.42, 0.18, 0.14], [0.839, 0.376, 0.302],
];

/** Writes the colour of `value` (range: the |value| shown at full colour) into out[at..at+2], 0..1. */
export function divergingColor(value: number, range: number, out: Float32Array | Uint8ClampedArray, at: number, dark = false, scale = 1): void {
  const stops = dark ? kDivergingDark : kDivergingLight;
  const t = Number.isFinite(value) && range > 0 ? Math.max(-1, Math.min(1, value / range)) : 0;
  const x = (t + 1) * 2;
  const k = Math.min(3, Math.floor(x));
  const f = x - k;
  for (let c = 0; c < 3; c++) out[at + c] = (stops[k][c] + f * (stops[k + 1][c] - stops[k][c])) * scale;
}

/** CSS linear-gradient stops of the map from −range to +range (legends). */
export function divergingGradient(dark = false): string {
  const stops = dark ? kDivergingDark : kDivergingLight;
  return `linear-gradient(to right, ${stops.map((s, i) => `rgb(${s.map((v) => Math.round(v * 255)).join(',')}) ${i * 25}%`).join(', ')})`;
}

/** The five stops as a GLSL array initialiser (the tile shader's copy of this map). */
export function divergingGlsl(dark: boolean): string {
  const stops = dark ? kDivergingDark : kDivergingLight;
  return stops.map((s) => `vec3(${s.map((v) => v.toFixed(3)).join(', ')})`).join(', ');
}
