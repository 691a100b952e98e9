/**
 * What a sample on an edge carries into bundling (nn_vis §2.3, `edge_importance_type`): a class-weight
 * vector w (C values) and an overall scalar, at position t ∈ [0, 1] along the edge.
 *
 *   type 0: w = (1−t)·start/‖start‖₂ + t·end/‖end‖₂,     scalar = ((1−t)·start_mean + t·end_mean)·w_imp
 *   type 1: w = start/‖start‖₂,                          scalar = start_mean·w_imp
 *   type 2: w = (start + end)/(‖start‖₂ + ‖end‖₂),        scalar = (start_mean + end_mean)·w_imp
 *   type 3: w = end/‖end‖₂,                              scalar = end_mean·w_imp
 *
 * Zero-importance endpoints give 0/0 in nn_vis; here such a term contributes zero (no NaN).
 */

/** Writes the class weights into `out` (C values) and returns the overall scalar. */
export function sampleClassWeights(
  type: number, t: number, start: Float32Array, end: Float32Array, startL2: number, endL2: number,
  startMean: number, endMean: number, edgeImportance: number, out: Float32Array,
): number {
  const C = out.length;
  const inv = (v: number) => (v > 0 ? 1 / v : 0);
  switch (type) {
    case 0: {
      const a = (1 - t) * inv(startL2);
      const b = t * inv(endL2);
      for (let c = 0; c < C; c++) out[c] = a * start[c] + b * end[c];
      return ((1 - t) * startMean + t * endMean) * edgeImportance;
    }
    case 1: {
      const a = inv(startL2);
      for (let c = 0; c < C; c++) out[c] = a * start[c];
      return startMean * edgeImportance;
    }
    case 2: {
      const a = inv(startL2 + endL2);
      for (let c = 0; c < C; c++) out[c] = a * (start[c] + end[c]);
      return (startMean + endMean) * edgeImportance;
    }
    case 3: {
      const a = inv(endL2);
      for (let c = 0; c < C; c++) out[c] = a * end[c];
      return endMean * edgeImportance;
    }
    default:
      throw new Error(`edge_importance_type must be 0, 1, 2 or 3, got ${type}`);
  }
}
