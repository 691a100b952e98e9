/**
 * What a sample on an edge carries into bundling (nn_vis §2.3, `edge_importance_type`): a class-weight
 * vector w (C values) and an overall scalar, at position t ∈ [0, 1] along the edge from node s to node d.
 *
 *   type 0: w = (1−t)·imp_s/‖imp_s‖₂ + t·imp_d/‖imp_d‖₂,   scalar = ((1−t)·mean_s + t·mean_d)·w_imp
 *   type 1: w = imp_s/‖imp_s‖₂,                           scalar = mean_s·w_imp
 *   type 2: w = (imp_s + imp_d)/(‖imp_s‖₂ + ‖imp_d‖₂),     scalar = (mean_s + mean_d)·w_imp
 *   type 3: w = imp_d/‖imp_d‖₂,                           scalar = mean_d·w_imp
 *
 * Zero-importance nodes give 0/0 in nn_vis; here such a term contributes zero (no NaN).
 */

/** Per-node class data the formulas read, N × C row-major, plus per-node norms. */
export interface NodeClassData {
  classCount: number;
  importance: Float32Array;
  /** importance / ‖importance‖₂ per node (zero rows stay zero). */
  unit: Float32Array;
  l2: Float32Array;
  mean: Float32Array;
}

/** Precomputes norms, means and unit vectors of per-node class importance. */
export function nodeClassData(importance: Float32Array, classCount: number): NodeClassData {
  const C = classCount;
  const n = importance.length / C;
  const unit = new Float32Array(importance.length);
  const l2 = new Float32Array(n);
  const mean = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sq = 0;
    let sum = 0;
    for (let c = 0; c < C; c++) { const v = importance[i * C + c]; sq += v * v; sum += v; }
    l2[i] = Math.sqrt(sq);
    mean[i] = sum / C;
    const inv = sq > 0 ? 1 / l2[i] : 0;
    for (let c = 0; c < C; c++) unit[i * C + c] = importance[i * C + c] * inv;
  }
  return { classCount: C, importance, unit, l2, mean };
}

/**
 * The class weights along edge s → d as a line in t: w(t) = start + t·slope (every type is affine in t;
 * types 1–3 are constant). Writes `start` and `slope` (C values each).
 */
export function classWeightLine(type: number, nodes: NodeClassData, s: number, d: number, start: Float32Array, slope: Float32Array): void {
  const C = nodes.classCount;
  const so = s * C;
  const dO = d * C;
  const u = nodes.unit;
  if (type === 0) {
    for (let c = 0; c < C; c++) { start[c] = u[so + c]; slope[c] = u[dO + c] - u[so + c]; }
  } else if (type === 1) {
    for (let c = 0; c < C; c++) { start[c] = u[so + c]; slope[c] = 0; }
  } else if (type === 2) {
    const sum = nodes.l2[s] + nodes.l2[d];
    const inv = sum > 0 ? 1 / sum : 0;
    const imp = nodes.importance;
    for (let c = 0; c < C; c++) { start[c] = (imp[so + c] + imp[dO + c]) * inv; slope[c] = 0; }
  } else if (type === 3) {
    for (let c = 0; c < C; c++) { start[c] = u[dO + c]; slope[c] = 0; }
  } else {
    throw new Error(`edge_importance_type must be 0, 1, 2 or 3, got ${type}`);
  }
}

let slopeScratch = new Float32Array(16);

/** Writes the class weights of a sample at t on edge s → d into `out` (C values). */
export function sampleClassWeights(type: number, t: number, nodes: NodeClassData, s: number, d: number, out: Float32Array): void {
  if (slopeScratch.length < out.length) slopeScratch = new Float32Array(out.length);
  const slope = slopeScratch.subarray(0, out.length);
  classWeightLine(type, nodes, s, d, out, slope);
  for (let c = 0; c < out.length; c++) out[c] += t * slope[c];
}

/** The overall scalar of a sample at t on edge s → d with edge importance `edgeImportance`. */
export function sampleOverall(type: number, t: number, nodes: NodeClassData, s: number, d: number, edgeImportance: number): number {
  const ms = nodes.mean[s];
  const md = nodes.mean[d];
  if (type === 0) return ((1 - t) * ms + t * md) * edgeImportance;
  if (type === 1) return ms * edgeImportance;
  if (type === 2) return (ms + md) * edgeImportance;
  if (type === 3) return md * edgeImportance;
  throw new Error(`edge_importance_type must be 0, 1, 2 or 3, got ${type}`);
}
