/**
 * Faithfulness by pruning (bundling-fast.md §4): zero a fraction p of all edges in ascending, descending
 * or random order of an importance score and measure held-out accuracy, overall and per class.
 */
import type { LabeledData } from '../data/dataset';
import type { DenseChain } from '../model/dense-chain';
import { predictSamples } from '../analysis/predict';
import { scorePredictions } from '../analysis/confusion';
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
  return scorePredictions(data.labels, predictSamples({ kind: 'chain', chain: graph }, data, { kernels }), graph.classCount);
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

/** Kernel start of each gap in the concatenated edge index (length gaps + 1). */
export function kernelOffsets(graph: DenseChain): number[] {
  const offsets = [0];
  for (const layer of graph.layers) offsets.push(offsets[offsets.length - 1] + layer.kernel.length);
  return offsets;
}

/** Zeroes edges order[from..to) of the concatenated kernels (offsets from kernelOffsets). */
export function zeroEdges(kernels: Float32Array[], offsets: number[], order: Uint32Array, from: number, to: number): void {
  for (let k = from; k < to; k++) {
    const e = order[k];
    let g = 0;
    while (e >= offsets[g + 1]) g++;
    kernels[g][e - offsets[g]] = 0;
  }
}

/** Copies of the chain's kernels with the first `count` edges of `order` zeroed. */
export function prunedKernels(graph: DenseChain, order: Uint32Array, count: number): Float32Array[] {
  const kernels = graph.layers.map((l) => Float32Array.from(l.kernel));
  zeroEdges(kernels, kernelOffsets(graph), order, 0, Math.min(count, order.length));
  return kernels;
}

/** Accuracy after pruning each fraction of edges in `order` (an index order over all gaps). */
export function pruningCurve(graph: DenseChain, data: LabeledData, order: Uint32Array, fractions: number[], method: string, direction: PruneOrder): PruningCurve {
  const offsets = kernelOffsets(graph);
  const kernels = graph.layers.map((l) => Float32Array.from(l.kernel));
  const result: PruningCurve = { method, order: direction, fractions, accuracy: [], perClass: [], auc: 0 };
  let pruned = 0;
  for (const p of fractions) {
    // Fractions ascend, so each step zeroes only the newly pruned edges.
    const target = Math.floor(p * order.length);
    zeroEdges(kernels, offsets, order, pruned, target);
    pruned = Math.max(pruned, target);
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
