/**
 * Data-free per-class node importance ("weight path"): how strongly a node is wired to each output.
 * Output node k is one-hot for class k; going backwards, imp_l[i][c] = Σ_j |W[i][j]| · imp_{l+1}[j][c],
 * then each layer is divided by its maximum over nodes and classes (as nn_vis normalises γ).
 * Used when no data is at hand; the data-driven methods (BN-γ, activation × gradient) supersede it.
 */
import type { DenseChain } from '../model/dense-chain';

/** One (n_l × C) Float32Array per layer, input first. */
export function weightPathImportance(graph: DenseChain): Float32Array[] {
  const C = graph.classCount;
  const out: Float32Array[] = new Array(graph.layers.length + 1);
  const last = new Float32Array(C * C);
  for (let k = 0; k < C; k++) last[k * C + k] = 1;
  out[graph.layers.length] = last;
  for (let l = graph.layers.length - 1; l >= 0; l--) {
    const { kernel, inputSize: nIn, outputSize: nOut } = graph.layers[l];
    const next = out[l + 1];
    const imp = new Float32Array(nIn * C);
    for (let i = 0; i < nIn; i++) {
      for (let j = 0; j < nOut; j++) {
        const w = Math.abs(kernel[i * nOut + j]);
        if (w === 0) continue;
        for (let c = 0; c < C; c++) imp[i * C + c] += w * next[j * C + c];
      }
    }
    let max = 0;
    for (let i = 0; i < imp.length; i++) max = Math.max(max, imp[i]);
    if (max > 0) for (let i = 0; i < imp.length; i++) imp[i] /= max;
    out[l] = imp;
  }
  return out;
}
