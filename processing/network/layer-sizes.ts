/** Layer sizes typed by a person ("100-50-10", "100,50,10", "100 50 10"), checked with the bad one named. */

/** Parses `text` into at least two layer sizes, whole numbers in 1..`maxLayer`; throws naming the first bad one. */
export function parseLayerSizes(text: string, maxLayer: number): number[] {
  const parts = text.trim().split(/[\s,x×-]+/).filter(Boolean);
  if (parts.length < 2) throw new Error(`layer sizes: give at least two layers, e.g. 100-50-10 (got "${text}")`);
  return parts.map((p, i) => {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 1 || n > maxLayer) throw new Error(`layer sizes: layer ${i + 1} must be a whole number from 1 to ${maxLayer}, got "${p}"`);
    return n;
  });
}
