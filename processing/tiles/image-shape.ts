/** The image shape an MLP's input layer reads as: a square of `n` grey pixels, or null. */
export function squareImageShape(n: number): [number, number, number] | null {
  const side = Math.round(Math.sqrt(n));
  return side > 1 && side * side === n ? [side, side, 1] : null;
}
