/**
 * Faithfulness by pruning (bundling-fast.md §4): zero a fraction p of all edges in ascending, descending
 * or random order of an importance score and measure held-out accuracy, overall and per class.
 */
import type { LabeledData } from '../data/dataset';
import type { DenseChain } from '../model/dense-chain';
import { forward, predictions } from '../nn/mlp';
import { createRng, shuffleInPlace } from '../util/rng';
import { normalisedAuc } from './stats';

export type PruneOrder = 'ascending' | 'descending' | 'random';

export interface PruningCurve {
  method: string;
  order: PruneOrder;
  /** Fractions of edges pruned. */
  fractions: number[];
  accuracy: number[];
  /** perClass[k][c]: accuracy on class c at fractions[k]. */
  perClass: number[][];
  /** Area under accuracy(p), normalised by the p range. */
  auc: number;
}

/** Accuracy overall and per class of `graph` with the given kernels on `data`. */
export function accuracy(graph: DenseChain, data: LabeledData, kernels?: Float32Array[]): { overall: number; perClass: number[] } {
  const pred = predictions(graph, forward(graph, data.inputs, data.count, { kernels }));
  const C = graph.classCount;
  const hit = new Array(C).fill(0);
  const total = new Array(C).fill(0);
  for (let s = 0; s < data.count; s++) {
    total[data.labels[s]]++;
    if (pred[s] === data.labels[s]) hit[data.labels[s]]++;
  }
  return { overall: hit.reduce((a, b) => a + b, 0) / data.count, perClass: hit.map((h, c) => (total[c] ? h / total[c] : 0)) };
}

/** Global edge order (indices into the concatenation of all gaps) for a score and a direction. */
export function pruneOrder(scores: Float32Array[], order: PruneOrder, seed = 0): Uint32Array {
  const flat = new Float32Array(scores.reduce((a, s) => a + s.length, 0));
  let at = 0;
  for (const s of scores) { flat.set(s, at); at += s.length; }
  const idx = Uint32Array.from({ length: flat.length }, (_, i) => i);
  if (order === 'random') return shuffleInPlace(idx, createRng(seed));
  // Ties broken by index so the order is deterministic.
  const sign = order === 'ascending' ? 1 : -1;
  return idx.sort((a, b) => sign * (flat[a] - flat[b]) || a - b);
}

/** Accuracy after pruning each fraction of edges in `order` (an index order over all gaps). */
export function pruningCurve(graph: DenseChain, data: LabeledData, order: Uint32Array, fractions: number[], method: string, direction: PruneOrder): PruningCurve {
  const offsets = [0];
  for (const layer of graph.layers) offsets.push(offsets[offsets.length - 1] + layer.kernel.length);
  const kernels = graph.layers.map((l) => Float32Array.from(l.kernel));
  const result: PruningCurve = { method, order: direction, fractions, accuracy: [], perClass: [], auc: 0 };
  let pruned = 0;
  for (const p of fractions) {
    // Fractions ascend, so each step zeroes only the newly pruned edges.
    const target = Math.floor(p * order.length);
    for (; pruned < target; pruned++) {
      const e = order[pruned];
      let g = 0;
      while (e >= offsets[g + 1]) g++;
      kernels[g][e - offsets[g]] = 0;
    }
    const acc = accuracy(graph, data, kernels);
    result.accuracy.push(acc.overall);
    result.perClass.push(acc.perClass);
  }
  result.auc = normalisedAuc(fractions, result.accuracy);
  return result;
}

/** p = 0, step, …, ≤ max. */
export function fractionsUpTo(max = 0.95, step = 0.05): number[] {
  const out: number[] = [];
  for (let k = 0; k * step <= max + 1e-9; k++) out.push(+(k * step).toFixed(4));
  return out;
}
