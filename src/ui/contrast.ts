/** Text that stays readable on class colours: WCAG 2 relative luminance and contrast ratio. */

/** WCAG relative luminance of an sRGB colour with channels in [0, 1]. */
export function relativeLuminance(r: number, g: number, b: number): number {
  const lin = (v: number) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio (1…21) between two luminances. */
export function contrastRatio(l1: number, l2: number): number {
  return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
}

/** Black or white, whichever contrasts more with `rgb` (one of them always reaches at least 4.58:1). */
export function readableTextOn(rgb: ArrayLike<number>): '#000' | '#fff' {
  const l = relativeLuminance(rgb[0], rgb[1], rgb[2]);
  return contrastRatio(l, 0) >= contrastRatio(l, 1) ? '#000' : '#fff';
}

/** The text colour for class `c` of a flat RGB palette. */
export function textColorOn(palette: Float32Array, c: number): '#000' | '#fff' {
  return readableTextOn(palette.subarray(c * 3, c * 3 + 3));
}
