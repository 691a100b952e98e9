/** Data-free edge importance: |w| normalised by the true maximum of its layer gap (not nn_vis's running max). */
import type { DenseChain } from '../model/dense-chain';

/** One Float32Array per layer gap, indexed src·n_dst + dst (the kernel's own row-major order). */
export function weightMagnitude(graph: DenseChain): Float32Array[] {
  return graph.layers.map((layer) => {
    const k = layer.kernel;
    let max = 0;
    for (let i = 0; i < k.length; i++) max = Math.max(max, Math.abs(k[i]));
    const out = new Float32Array(k.length);
    if (max > 0) for (let i = 0; i < k.length; i++) out[i] = Math.abs(k[i]) / max;
    return out;
  });
}
