/**
 * The unit-ablation oracle: silence each hidden unit alone and record how much each class's loss rises.
 * Importance criteria are then scored by their Spearman ρ against it.
 */
import type { LabeledData } from '../data/dataset';
import type { DenseChain } from '../model/dense-chain';
import { crossEntropy, forward, forwardFrom } from '../nn/mlp';
import { spearman } from './stats';

/**
 * Per hidden layer, (n_l × C): |mean change of class c's loss| when unit j is zeroed. The magnitude, since
 * silencing a unit that argues against class c lowers its loss, and importance is about how much a unit
 * matters, not in which direction.
 */
export function ablationOracle(graph: DenseChain, data: LabeledData): Float32Array[] {
  const C = graph.classCount;
  const base = forward(graph, data.inputs, data.count);
  const baseLoss = crossEntropy(graph, base, data.labels);
  const perClass = new Uint32Array(C);
  for (let s = 0; s < data.count; s++) perClass[data.labels[s]]++;
  const out: Float32Array[] = [];
  for (let l = 1; l < graph.layers.length; l++) {
    const n = graph.layers[l - 1].outputSize;
    const delta = new Float32Array(n * C);
    const acts = base.activations[l];
    for (let j = 0; j < n; j++) {
      const ablated = Float32Array.from(acts);
      for (let s = 0; s < data.count; s++) ablated[s * n + j] = 0;
      const loss = crossEntropy(graph, forwardFrom(graph, l, ablated, data.count), data.labels);
      for (let s = 0; s < data.count; s++) delta[j * C + data.labels[s]] += loss[s] - baseLoss[s];
    }
    for (let j = 0; j < n; j++) for (let c = 0; c < C; c++) delta[j * C + c] = Math.abs(delta[j * C + c] / (perClass[c] || 1));
    out.push(delta);
  }
  return out;
}

/** Spearman ρ between a criterion's hidden-layer node importance and the oracle: per class, and their mean. */
export function oracleAgreement(criterion: Float32Array[], oracle: Float32Array[], classCount: number): { perClass: number[]; mean: number } {
  const perClass: number[] = [];
  for (let c = 0; c < classCount; c++) {
    const a: number[] = [];
    const b: number[] = [];
    oracle.forEach((o, h) => {
      const imp = criterion[h + 1];
      for (let j = 0; j < o.length / classCount; j++) { a.push(imp[j * classCount + c]); b.push(o[j * classCount + c]); }
    });
    perClass.push(spearman(a, b));
  }
  return { perClass, mean: perClass.reduce((x, y) => x + y, 0) / classCount };
}
