/** Activation functions and their derivatives, by the snake_case names the model loader reports. */

export interface ActivationFn {
  /** In place: z → f(z) for one sample's row (softmax needs the whole row). */
  apply(row: Float32Array): void;
  /** f'(z) given z and a = f(z); softmax is only ever the last layer and is handled with the loss. */
  derivative(z: number, a: number): number;
}

const elementwise = (f: (z: number) => number, d: (z: number, a: number) => number): ActivationFn => ({
  apply(row) { for (let i = 0; i < row.length; i++) row[i] = f(row[i]); },
  derivative: d,
});

const kSeluAlpha = 1.6732632423543772;
const kSeluScale = 1.0507009873554805;

const table: Record<string, ActivationFn> = {
  linear: elementwise((z) => z, () => 1),
  relu: elementwise((z) => (z > 0 ? z : 0), (z) => (z > 0 ? 1 : 0)),
  relu6: elementwise((z) => Math.min(Math.max(z, 0), 6), (z) => (z > 0 && z < 6 ? 1 : 0)),
  elu: elementwise((z) => (z > 0 ? z : Math.expm1(z)), (z, a) => (z > 0 ? 1 : a + 1)),
  selu: elementwise((z) => kSeluScale * (z > 0 ? z : kSeluAlpha * Math.expm1(z)), (z, a) => (z > 0 ? kSeluScale : a + kSeluScale * kSeluAlpha)),
  sigmoid: elementwise((z) => 1 / (1 + Math.exp(-z)), (_, a) => a * (1 - a)),
  hard_sigmoid: elementwise((z) => Math.min(1, Math.max(0, 0.2 * z + 0.5)), (z) => (z > -2.5 && z < 2.5 ? 0.2 : 0)),
  tanh: elementwise(Math.tanh, (_, a) => 1 - a * a),
  softplus: elementwise((z) => (z > 20 ? z : Math.log1p(Math.exp(z))), (z) => 1 / (1 + Math.exp(-z))),
  softsign: elementwise((z) => z / (1 + Math.abs(z)), (z) => 1 / (1 + Math.abs(z)) ** 2),
  swish: elementwise((z) => z / (1 + Math.exp(-z)), (z) => { const s = 1 / (1 + Math.exp(-z)); return s + z * s * (1 - s); }),
  softmax: {
    apply(row) {
      let max = -Infinity;
      for (let i = 0; i < row.length; i++) max = Math.max(max, row[i]);
      let sum = 0;
      for (let i = 0; i < row.length; i++) { row[i] = Math.exp(row[i] - max); sum += row[i]; }
      for (let i = 0; i < row.length; i++) row[i] /= sum;
    },
    derivative() { throw new Error('softmax derivative is taken together with the cross-entropy loss'); },
  },
};
table.silu = table.swish;
// x · relu6(x + 3) / 6: ONNX HardSwish, PyTorch Hardswish, Keras 3 hard_swish / hard_silu.
table.hard_swish = elementwise((z) => (z <= -3 ? 0 : z >= 3 ? z : (z * (z + 3)) / 6), (z) => (z <= -3 ? 0 : z >= 3 ? 1 : (2 * z + 3) / 6));
table.hard_silu = table.hard_swish;

/** The activation named `name`; throws naming the layer when nnwalk cannot compute it. */
export function activationFn(name: string, layer: string): ActivationFn {
  const fn = table[name];
  if (!fn) throw new Error(`layer '${layer}': activation '${name}' is not supported for inference (supported: ${Object.keys(table).join(', ')})`);
  return fn;
}
