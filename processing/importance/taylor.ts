/**
 * Activation × gradient per class (first-order Taylor; Molchanov et al. 2017/2019), one sweep over data.
 * Node j of layer l, class c: |mean over samples of class c of a_j · ∂(−log p_c)/∂a_j|, normalised by the
 * layer maximum. Edge i→j: mean over all samples of |w_ij · a_i · δ_j| (δ = ∂loss/∂z_j), normalised per gap.
 */
import type { LabeledData } from '../data/dataset';
import type { DenseChain } from '../model/dense-chain';
import { backward, forward } from '../nn/mlp';
import { normaliseByMax, oneHotOutput, type NetworkImportance } from './types';

/** Taylor importance from one forward/backward pass over `data` (each sample's loss uses its own label). */
export function taylorImportance(graph: DenseChain, data: LabeledData): NetworkImportance {
  const S = data.count;
  const C = graph.classCount;
  const pass = forward(graph, data.inputs, S);
  const grads = backward(graph, pass, data.labels);
  const perClass = new Uint32Array(C);
  for (let s = 0; s < S; s++) perClass[data.labels[s]]++;

  const nodes: Float32Array[] = [];
  for (let l = 0; l < graph.layers.length; l++) {
    const n = l === 0 ? graph.inputSize : graph.layers[l - 1].outputSize;
    const a = pass.activations[l];
    const da = grads.dActivations[l];
    const sums = new Float64Array(n * C);
    for (let s = 0; s < S; s++) {
      const c = data.labels[s];
      for (let j = 0; j < n; j++) sums[j * C + c] += a[s * n + j] * da[s * n + j];
    }
    const imp = new Float32Array(n * C);
    for (let j = 0; j < n; j++) for (let c = 0; c < C; c++) imp[j * C + c] = perClass[c] ? Math.abs(sums[j * C + c] / perClass[c]) : 0;
    nodes.push(normaliseByMax(imp));
  }
  nodes.push(oneHotOutput(C));

  const edges = graph.layers.map((layer, l) => {
    const { inputSize: nIn, outputSize: nOut, kernel } = layer;
    const a = pass.activations[l];
    const dz = grads.dPreActivations[l];
    // Σ_s |a_si|·|δ_sj| is a matrix product; |w_ij| factors out of the sample sum.
    const acc = new Float64Array(nIn * nOut);
    for (let s = 0; s < S; s++) {
      const dRow = dz.subarray(s * nOut, (s + 1) * nOut);
      for (let i = 0; i < nIn; i++) {
        const ai = Math.abs(a[s * nIn + i]);
        if (ai === 0) continue;
        const base = i * nOut;
        for (let j = 0; j < nOut; j++) acc[base + j] += ai * Math.abs(dRow[j]);
      }
    }
    const out = new Float32Array(nIn * nOut);
    for (let k = 0; k < out.length; k++) out[k] = (Math.abs(kernel[k]) * acc[k]) / S;
    return normaliseByMax(out);
  });
  return { method: 'taylor', nodes, edges };
}
