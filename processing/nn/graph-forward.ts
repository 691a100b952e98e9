/**
 * Batched inference over a ModelGraph on plain typed arrays (rows = samples): every op's output is kept,
 * so live input, importance and parity checks read any plane's activations. BatchNormalization runs on
 * its moving statistics, or (training) on the batch's own, as Keras does in fit().
 */
import { channelsOf, shapeSize, type Activation, type ModelGraph, type Op } from '../model/model-graph';
import { activationFn } from './activations';
import { convForward, depthwiseForward, geometry, poolForward } from './conv-kernels';

export interface BatchStats { mean: Float32Array; invStd: Float32Array; xhat: Float32Array }

export interface GraphPass {
  samples: number;
  /** Per op: S × size(op.shape), post-activation. Pass-through ops share their input's array. */
  values: Float32Array[];
  /** Per op with a non-linear activation (conv, depthwise, dense): the pre-activation values. */
  pre: (Float32Array | null)[];
  /** Per max pool: the input index of each output's maximum. */
  argmax: (Int32Array | null)[];
  /** Per BatchNormalization in training mode: the batch statistics and normalised inputs. */
  batch: (BatchStats | null)[];
}

export interface GraphForwardOptions {
  /** BatchNormalization uses the batch's statistics (training); default false. */
  training?: boolean;
  /** Per op: multiplies the op's output channels (0 = ablated), e.g. to prune channels. */
  channelMasks?: (Float32Array | null)[];
  /** Stop after this op (its value is computed; later ones are empty). */
  until?: number;
}

function isLinear(a: Activation): boolean {
  return a.name === 'linear' && a.maxValue === undefined && a.negativeSlope === undefined;
}

/** hard_sigmoid with the activation's own slope and offset (Keras 2's 0.2, 0.5 by default). */
function hardSigmoidOf(a: Activation): { alpha: number; beta: number } {
  return { alpha: a.alpha ?? 0.2, beta: a.beta ?? 0.5 };
}

/** Applies `a` in place to S rows of n values. */
export function applyActivation(a: Activation, values: Float32Array, S: number, n: number, layer: string): void {
  if (a.name === 'relu') {
    const max = a.maxValue ?? Infinity;
    const slope = a.negativeSlope ?? 0;
    for (let i = 0; i < values.length; i++) { const z = values[i]; values[i] = z > 0 ? (z < max ? z : max) : slope * z; }
    return;
  }
  if (a.name === 'linear') return;
  if (a.name === 'hard_sigmoid') {
    const { alpha, beta } = hardSigmoidOf(a);
    for (let i = 0; i < values.length; i++) { const h = alpha * values[i] + beta; values[i] = h < 0 ? 0 : h > 1 ? 1 : h; }
    return;
  }
  const fn = activationFn(a.name, layer);
  for (let s = 0; s < S; s++) fn.apply(values.subarray(s * n, (s + 1) * n));
}

/** dz = da · f'(z) for activation `a` (softmax is handled with the loss). */
export function activationBackward(a: Activation, z: Float32Array, out: Float32Array, da: Float32Array, dz: Float32Array, layer: string): void {
  if (a.name === 'relu') {
    const max = a.maxValue ?? Infinity;
    const slope = a.negativeSlope ?? 0;
    for (let i = 0; i < dz.length; i++) dz[i] = da[i] * (z[i] > 0 ? (z[i] < max ? 1 : 0) : slope);
    return;
  }
  if (a.name === 'hard_sigmoid') {
    const { alpha, beta } = hardSigmoidOf(a);
    for (let i = 0; i < dz.length; i++) { const h = alpha * z[i] + beta; dz[i] = h > 0 && h < 1 ? da[i] * alpha : 0; }
    return;
  }
  const fn = activationFn(a.name, layer);
  for (let i = 0; i < dz.length; i++) dz[i] = da[i] === 0 ? 0 : da[i] * fn.derivative(z[i], out[i]);
}

function denseForward(x: Float32Array, nIn: number, K: Float32Array, bias: Float32Array | null, nOut: number, S: number, out: Float32Array): void {
  for (let s = 0; s < S; s++) {
    const row = out.subarray(s * nOut, (s + 1) * nOut);
    if (bias) row.set(bias);
    for (let i = 0; i < nIn; i++) {
      const v = x[s * nIn + i];
      if (v === 0) continue;
      const base = i * nOut;
      for (let j = 0; j < nOut; j++) row[j] += v * K[base + j];
    }
  }
}

function batchNormForward(op: Extract<Op, { kind: 'batchnorm' }>, x: Float32Array, S: number, training: boolean, out: Float32Array): BatchStats | null {
  const C = channelsOf(op.shape);
  const per = (x.length / S) / C;
  const N = S * per;
  const mean = new Float32Array(C);
  const invStd = new Float32Array(C);
  if (training) {
    const sum = new Float64Array(C);
    const sq = new Float64Array(C);
    for (let i = 0; i < x.length; i++) { const c = i % C; sum[c] += x[i]; sq[c] += x[i] * x[i]; }
    for (let c = 0; c < C; c++) { const m = sum[c] / N; mean[c] = m; invStd[c] = 1 / Math.sqrt(Math.max(0, sq[c] / N - m * m) + op.epsilon); }
  } else {
    for (let c = 0; c < C; c++) { mean[c] = op.mean[c]; invStd[c] = 1 / Math.sqrt(op.variance[c] + op.epsilon); }
  }
  const xhat = training ? new Float32Array(x.length) : null;
  for (let i = 0; i < x.length; i++) {
    const c = i % C;
    const h = (x[i] - mean[c]) * invStd[c];
    if (xhat) xhat[i] = h;
    out[i] = h * op.gamma[c] + op.beta[c];
  }
  return xhat ? { mean, invStd, xhat } : null;
}

/** Runs `samples` rows of `inputs` (S × input size) through the graph. */
export function forwardGraph(graph: ModelGraph, inputs: Float32Array, samples: number, options: GraphForwardOptions = {}): GraphPass {
  const S = samples;
  const ops = graph.ops;
  const inSize = shapeSize(ops[0].shape);
  if (inputs.length !== S * inSize) throw new Error(`inputs hold ${inputs.length} values; ${S} samples of ${inSize} need ${S * inSize}`);
  const values: Float32Array[] = new Array(ops.length).fill(new Float32Array(0));
  const pre: (Float32Array | null)[] = new Array(ops.length).fill(null);
  const argmax: (Int32Array | null)[] = new Array(ops.length).fill(null);
  const batch: (BatchStats | null)[] = new Array(ops.length).fill(null);
  const last = options.until ?? ops.length - 1;
  for (let i = 0; i <= last; i++) {
    const op = ops[i];
    const n = shapeSize(op.shape);
    const x = op.inputs.length ? values[op.inputs[0]] : inputs;
    const inShape = op.inputs.length ? ops[op.inputs[0]].shape : op.shape;
    const nIn = shapeSize(inShape);
    let out: Float32Array;
    switch (op.kind) {
      case 'input': out = inputs; break;
      case 'flatten': case 'identity': out = x; break;
      case 'conv2d': case 'depthwise2d': {
        out = new Float32Array(S * n);
        const g = geometry(inShape, op.shape, op.window);
        for (let s = 0; s < S; s++) {
          const xs = x.subarray(s * nIn, (s + 1) * nIn);
          const os = out.subarray(s * n, (s + 1) * n);
          if (op.kind === 'conv2d') convForward(g, xs, op.kernel, op.bias, os);
          else depthwiseForward(g, op.multiplier, xs, op.kernel, op.bias, os);
        }
        break;
      }
      case 'dense': out = new Float32Array(S * n); denseForward(x, nIn, op.kernel, op.bias, n, S, out); break;
      case 'maxpool': case 'avgpool': {
        out = new Float32Array(S * n);
        const g = geometry(inShape, op.shape, op.window);
        const arg = op.kind === 'maxpool' ? new Int32Array(S * n) : null;
        for (let s = 0; s < S; s++) poolForward(g, op.kind === 'maxpool', x.subarray(s * nIn, (s + 1) * nIn), out.subarray(s * n, (s + 1) * n), arg ? arg.subarray(s * n, (s + 1) * n) : null);
        argmax[i] = arg;
        break;
      }
      case 'globalpool': {
        out = new Float32Array(S * n);
        const C = n;
        const P = nIn / C;
        const arg = op.mode === 'max' ? new Int32Array(S * C) : null;
        for (let s = 0; s < S; s++) {
          for (let c = 0; c < C; c++) {
            let best = -Infinity;
            let at = 0;
            let sum = 0;
            for (let p = 0; p < P; p++) { const k = s * nIn + p * C + c; const v = x[k]; sum += v; if (v > best) { best = v; at = k - s * nIn; } }
            out[s * C + c] = op.mode === 'max' ? best : sum / P;
            if (arg) arg[s * C + c] = at;
          }
        }
        argmax[i] = arg;
        break;
      }
      case 'batchnorm': out = new Float32Array(S * n); batch[i] = batchNormForward(op, x, S, options.training === true, out); break;
      case 'activation': out = Float32Array.from(x); applyActivation(op.activation, out, S, n, op.name); break;
      case 'zeropad': {
        out = new Float32Array(S * n);
        const [H, W, C] = inShape;
        const Wo = op.shape[1];
        for (let s = 0; s < S; s++) for (let y = 0; y < H; y++) out.set(x.subarray(s * nIn + y * W * C, s * nIn + (y + 1) * W * C), s * n + ((y + op.top) * Wo + op.left) * C);
        break;
      }
      case 'add': {
        out = Float32Array.from(x);
        for (const j of op.inputs.slice(1)) { const y = values[j]; for (let k = 0; k < out.length; k++) out[k] += y[k]; }
        break;
      }
      case 'concat': {
        out = new Float32Array(S * n);
        const Co = channelsOf(op.shape);
        const P = n / Co;
        let offset = 0;
        for (const j of op.inputs) {
          const Cj = channelsOf(ops[j].shape);
          const y = values[j];
          for (let s = 0; s < S; s++) for (let p = 0; p < P; p++) out.set(y.subarray((s * P + p) * Cj, (s * P + p + 1) * Cj), (s * P + p) * Co + offset);
          offset += Cj;
        }
        break;
      }
    }
    if ((op.kind === 'conv2d' || op.kind === 'depthwise2d' || op.kind === 'dense') && !isLinear(op.activation)) {
      pre[i] = out;
      out = Float32Array.from(out);
      applyActivation(op.activation, out, S, n, op.name);
    }
    const mask = options.channelMasks?.[i];
    if (mask) {
      if (out === x || out === inputs) out = Float32Array.from(out);
      for (let k = 0; k < out.length; k++) out[k] *= mask[k % mask.length];
    }
    values[i] = out;
  }
  return { samples: S, values, pre, argmax, batch };
}

/** The class scores of a pass: the output op's values, softmax-normalised when the model gives logits. */
export function graphProbabilities(graph: ModelGraph, pass: GraphPass): Float32Array {
  const op = graph.ops[graph.output];
  const out = pass.values[graph.output];
  if ('activation' in op && op.activation.name === 'softmax') return out;
  const p = Float32Array.from(out);
  applyActivation({ name: 'softmax' }, p, pass.samples, graph.classCount, op.name);
  return p;
}
