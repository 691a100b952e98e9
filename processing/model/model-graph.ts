/**
 * ModelGraph: a framework-free directed acyclic graph of typed operations, the input to every processing
 * stage. Operations are stored in a topological order (every input index is smaller than the op's own);
 * shapes are per sample: [H, W, C] for images and feature maps, [N] for vectors. Kernels keep the
 * Keras/tfjs layouts: conv [kh, kw, cin, cout], depthwise [kh, kw, cin, multiplier], dense [nin, nout].
 */

/** An elementwise activation: a name from processing/nn/activations.ts, with ReLU's cap and slope. */
export interface Activation {
  name: string;
  /** ReLU(max_value): clip at this value (ReLU6 is 6). */
  maxValue?: number;
  /** LeakyReLU / ReLU negative slope. */
  negativeSlope?: number;
  /** hard_sigmoid's slope and offset: max(0, min(1, alpha·z + beta)); Keras 2 uses 0.2, 0.5, PyTorch 1/6, 0.5. */
  alpha?: number;
  beta?: number;
}

export const kLinear: Activation = { name: 'linear' };

interface OpBase {
  /** Layer name in the model file. */
  name: string;
  /** Layer class in the model file (for messages and the details panel). */
  className: string;
  /** Indices of the input operations. */
  inputs: number[];
  /** Per-sample output shape. */
  shape: number[];
}

export interface Window2d {
  kh: number;
  kw: number;
  strideY: number;
  strideX: number;
  dilationY: number;
  dilationX: number;
  padding: 'same' | 'valid';
}

export type Op =
  | (OpBase & { kind: 'input' })
  | (OpBase & { kind: 'conv2d'; window: Window2d; kernel: Float32Array; bias: Float32Array | null; activation: Activation })
  | (OpBase & { kind: 'depthwise2d'; window: Window2d; multiplier: number; kernel: Float32Array; bias: Float32Array | null; activation: Activation })
  | (OpBase & { kind: 'dense'; kernel: Float32Array; bias: Float32Array | null; activation: Activation })
  | (OpBase & { kind: 'maxpool' | 'avgpool'; window: Window2d })
  | (OpBase & { kind: 'globalpool'; mode: 'avg' | 'max' })
  | (OpBase & { kind: 'batchnorm'; gamma: Float32Array; beta: Float32Array; mean: Float32Array; variance: Float32Array; epsilon: number })
  | (OpBase & { kind: 'activation'; activation: Activation })
  | (OpBase & { kind: 'zeropad'; top: number; bottom: number; left: number; right: number })
  | (OpBase & { kind: 'add' })
  | (OpBase & { kind: 'concat' })
  | (OpBase & { kind: 'flatten' })
  | (OpBase & { kind: 'identity' });

export type OpKind = Op['kind'];

export interface ModelGraph {
  name: string;
  /** Topologically ordered; ops[0] is the single input. */
  ops: Op[];
  /** Index of the output op. */
  output: number;
  classCount: number;
  classNames: string[];
  /** The input preprocessing preset the model's metadata names (processing/input/image-convert.ts), if any. */
  preprocessing?: string;
}

/** Number of values in a per-sample shape. */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Whether a shape is a feature map (H × W × C). */
export function isSpatial(shape: readonly number[]): boolean {
  return shape.length === 3;
}

/** Channels of a shape: C of H × W × C, N of [N]. */
export function channelsOf(shape: readonly number[]): number {
  return shape[shape.length - 1];
}

/** Output length along one axis of a 2-D window (Keras/tfjs rules for `same` and `valid`). */
export function windowOutput(size: number, kernel: number, stride: number, dilation: number, padding: 'same' | 'valid'): number {
  const effective = (kernel - 1) * dilation + 1;
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - effective) / stride) + 1;
}

/** Padding before the first input row/column of `same` windows (tfjs puts the odd extra at the end). */
export function padBefore(size: number, kernel: number, stride: number, dilation: number, padding: 'same' | 'valid'): number {
  if (padding === 'valid') return 0;
  const out = Math.ceil(size / stride);
  const effective = (kernel - 1) * dilation + 1;
  const total = Math.max(0, (out - 1) * stride + effective - size);
  return Math.floor(total / 2);
}

/** The bytes that identify a graph's computation (op kinds, names, shapes and every weight): what caches key results of a model by. */
export function graphIdentity(graph: ModelGraph): Uint8Array[] {
  const parts: Uint8Array[] = [];
  const text = new TextEncoder();
  for (const op of graph.ops) {
    parts.push(text.encode(`${op.kind}:${op.name}:${op.shape.join('x')};`));
    for (const k of ['kernel', 'bias', 'gamma', 'beta', 'mean', 'variance'] as const) {
      const v = (op as unknown as Record<string, Float32Array | null | undefined>)[k];
      if (v) parts.push(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    }
  }
  return parts;
}
