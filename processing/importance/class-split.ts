/** nn_vis's BN-γ data split for class k: the class-k samples and an equal share of every class (k included), shuffled. */
import type { LabeledData } from '../data/dataset';
import { shuffleInPlace } from '../util/rng';

/** Sample indices and 2-way targets (0 = class k, 1 = the rest), at most `cap` of class k. */
export function classSplitRows(data: LabeledData, k: number, C: number, cap: number, rng: () => number): { rows: number[]; rest: Uint8Array } {
  const byClass: number[][] = Array.from({ length: C }, () => []);
  for (let s = 0; s < data.count; s++) byClass[data.labels[s]].push(s);
  for (const list of byClass) shuffleInPlace(list as unknown as Float32Array, rng);
  const positives = byClass[k].slice(0, cap);
  const share = Math.ceil(positives.length / C);
  const negatives = byClass.flatMap((list) => list.slice(0, share)).slice(0, positives.length);
  const order = shuffleInPlace(Uint32Array.from({ length: positives.length + negatives.length }, (_, i) => i), rng);
  const rows = Array.from(order, (o) => (o < positives.length ? positives[o] : negatives[o - positives.length]));
  return { rows, rest: Uint8Array.from(order, (o) => (o < positives.length ? 0 : 1)) };
}
