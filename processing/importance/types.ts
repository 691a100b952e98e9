/** What every importance method produces: per-layer node importance and per-gap edge importance. */
export interface NetworkImportance {
  /** Method name as shown to users and stored in statistics (`weight-path`, `taylor`, `bn`, `random`). */
  method: string;
  /** One (n_l × C) array per layer, input first, values in [0, 1]; the output layer is one-hot. */
  nodes: Float32Array[];
  /** One (n_l × n_{l+1}) array per layer gap, indexed src·n_dst + dst, values in [0, 1]. */
  edges: Float32Array[];
}

/** Divides `values` in place by their maximum (no-op when all are zero); returns it. */
export function normaliseByMax(values: Float32Array): Float32Array {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  if (max > 0) for (let i = 0; i < values.length; i++) values[i] /= max;
  return values;
}

/** One-hot node importance for the output layer (node k ↔ class k). */
export function oneHotOutput(classCount: number): Float32Array {
  const out = new Float32Array(classCount * classCount);
  for (let k = 0; k < classCount; k++) out[k * classCount + k] = 1;
  return out;
}
