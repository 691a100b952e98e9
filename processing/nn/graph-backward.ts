/**
 * Gradients over a ModelGraph pass: ∂loss/∂(every op's output) for the cross-entropy of each sample's
 * target class, and (for training) the parameter gradients. The loss is taken at the output op's logits
 * (its pre-softmax values), so ∂loss/∂logits = p − onehot, as for the MLP.
 */
import { channelsOf, shapeSize, type ModelGraph } from '../model/model-graph';
import { convBackward, depthwiseBackward, geometry, poolBackward } from './conv-kernels';
import { activationBackward, graphProbabilities, type GraphPass } from './graph-forward';

/** Parameter gradients of one op (summed over the batch). */
export interface ParamGrads { kernel?: Float32Array; bias?: Float32Array; gamma?: Float32Array; beta?: Float32Array }

export interface GraphGrads {
  /** Per op: ∂loss/∂output (S × size), null where no gradient reaches. */
  dValues: (Float32Array | null)[];
  /** Per op (with `params`): parameter gradients. */
  params: (ParamGrads | null)[];
}

/** ∂loss/∂logits = p − onehot(target), per sample. */
export function lossGradient(graph: ModelGraph, pass: GraphPass, targets: ArrayLike<number>): Float32Array {
  const C = graph.classCount;
  const g = Float32Array.from(graphProbabilities(graph, pass));
  for (let s = 0; s < pass.samples; s++) g[s * C + targets[s]] -= 1;
  return g;
}

function addInto(dValues: (Float32Array | null)[], i: number, size: number): Float32Array {
  return (dValues[i] ??= new Float32Array(size));
}

/**
 * Backpropagates `dLogits` (S × C at the output op's pre-activation) through the graph; with `from`, the
 * seed is ∂objective/∂(op `from`'s pre-activation) instead (with `seedAfterActivation`: its output), for
 * feature visualization of any unit or channel; dValues[0] is then the gradient with respect to the input.
 */
export function backwardGraph(graph: ModelGraph, pass: GraphPass, dLogits: Float32Array, options: { params?: boolean; from?: number; seedAfterActivation?: boolean } = {}): GraphGrads {
  const ops = graph.ops;
  const S = pass.samples;
  const dValues: (Float32Array | null)[] = new Array(ops.length).fill(null);
  const params: (ParamGrads | null)[] = new Array(ops.length).fill(null);
  // A separate Activation('softmax') layer: the logits are its input.
  const last = ops[graph.output];
  const start = options.from ?? (last.kind === 'activation' && last.activation.name === 'softmax' ? last.inputs[0] : graph.output);
  dValues[start] = dLogits;
  for (let i = start; i > 0; i--) {
    const op = ops[i];
    const dA = dValues[i];
    if (!dA) continue;
    const n = shapeSize(op.shape);
    const src = op.inputs[0];
    const inShape = ops[src].shape;
    const nIn = shapeSize(inShape);
    const x = pass.values[src];
    // The seed is at the logits: the output op's own activation (softmax) is part of the loss.
    let dz = dA;
    if ((op.kind === 'conv2d' || op.kind === 'depthwise2d' || op.kind === 'dense') && pass.pre[i] && (i !== start || options.seedAfterActivation)) {
      dz = new Float32Array(dA.length);
      activationBackward(op.activation, pass.pre[i]!, pass.values[i], dA, dz, op.name);
    }
    switch (op.kind) {
      case 'conv2d': case 'depthwise2d': {
        const g = geometry(inShape, op.shape, op.window);
        const dx = addInto(dValues, src, S * nIn);
        const pg: ParamGrads | null = options.params ? { kernel: new Float32Array(op.kernel.length), ...(op.bias ? { bias: new Float32Array(op.bias.length) } : {}) } : null;
        for (let s = 0; s < S; s++) {
          const xs = x.subarray(s * nIn, (s + 1) * nIn);
          const ds = dz.subarray(s * n, (s + 1) * n);
          const dxs = dx.subarray(s * nIn, (s + 1) * nIn);
          if (op.kind === 'conv2d') convBackward(g, xs, op.kernel, ds, dxs, pg?.kernel ?? null, pg?.bias ?? null);
          else depthwiseBackward(g, op.multiplier, xs, op.kernel, ds, dxs, pg?.kernel ?? null, pg?.bias ?? null);
        }
        params[i] = pg;
        break;
      }
      case 'dense': {
        const dx = addInto(dValues, src, S * nIn);
        const pg: ParamGrads | null = options.params ? { kernel: new Float32Array(op.kernel.length), ...(op.bias ? { bias: new Float32Array(op.bias.length) } : {}) } : null;
        for (let s = 0; s < S; s++) {
          const dRow = dz.subarray(s * n, (s + 1) * n);
          if (pg?.bias) for (let j = 0; j < n; j++) pg.bias[j] += dRow[j];
          for (let k = 0; k < nIn; k++) {
            const base = k * n;
            let sum = 0;
            for (let j = 0; j < n; j++) sum += dRow[j] * op.kernel[base + j];
            dx[s * nIn + k] += sum;
            const v = x[s * nIn + k];
            if (pg && v !== 0) for (let j = 0; j < n; j++) pg.kernel![base + j] += v * dRow[j];
          }
        }
        params[i] = pg;
        break;
      }
      case 'maxpool': case 'avgpool': {
        const g = geometry(inShape, op.shape, op.window);
        const dx = addInto(dValues, src, S * nIn);
        const arg = pass.argmax[i];
        for (let s = 0; s < S; s++) {
          poolBackward(g, op.kind === 'maxpool', dz.subarray(s * n, (s + 1) * n), dx.subarray(s * nIn, (s + 1) * nIn), arg ? arg.subarray(s * n, (s + 1) * n) : null);
        }
        break;
      }
      case 'globalpool': {
        const dx = addInto(dValues, src, S * nIn);
        const C = n;
        const P = nIn / C;
        const arg = pass.argmax[i];
        for (let s = 0; s < S; s++) {
          for (let c = 0; c < C; c++) {
            const d = dz[s * C + c];
            if (arg) dx[s * nIn + arg[s * C + c]] += d;
            else for (let p = 0; p < P; p++) dx[s * nIn + p * C + c] += d / P;
          }
        }
        break;
      }
      case 'batchnorm': {
        const C = channelsOf(op.shape);
        const dx = addInto(dValues, src, S * nIn);
        const stats = pass.batch[i];
        const dGamma = new Float64Array(C);
        const dBeta = new Float64Array(C);
        if (stats) {
          const N = dz.length / C;
          for (let k = 0; k < dz.length; k++) { const c = k % C; dBeta[c] += dz[k]; dGamma[c] += dz[k] * stats.xhat[k]; }
          for (let k = 0; k < dz.length; k++) {
            const c = k % C;
            dx[k] += (op.gamma[c] * stats.invStd[c] / N) * (N * dz[k] - dBeta[c] - stats.xhat[k] * dGamma[c]);
          }
        } else {
          for (let k = 0; k < dz.length; k++) {
            const c = k % C;
            const inv = 1 / Math.sqrt(op.variance[c] + op.epsilon);
            dx[k] += dz[k] * op.gamma[c] * inv;
            if (options.params) { dBeta[c] += dz[k]; dGamma[c] += dz[k] * (x[k] - op.mean[c]) * inv; }
          }
        }
        if (options.params) params[i] = { gamma: Float32Array.from(dGamma), beta: Float32Array.from(dBeta) };
        break;
      }
      case 'activation': {
        const dx = addInto(dValues, src, S * nIn);
        const d = new Float32Array(dz.length);
        activationBackward(op.activation, x, pass.values[i], dz, d, op.name);
        for (let k = 0; k < d.length; k++) dx[k] += d[k];
        break;
      }
      case 'zeropad': {
        const dx = addInto(dValues, src, S * nIn);
        const [H, W, C] = inShape;
        const Wo = op.shape[1];
        for (let s = 0; s < S; s++) for (let y = 0; y < H; y++) for (let k = 0; k < W * C; k++) dx[s * nIn + y * W * C + k] += dz[s * n + ((y + op.top) * Wo + op.left) * C + k];
        break;
      }
      case 'add':
        for (const j of op.inputs) { const dx = addInto(dValues, j, S * n); for (let k = 0; k < dz.length; k++) dx[k] += dz[k]; }
        break;
      case 'concat': {
        const Co = channelsOf(op.shape);
        const P = n / Co;
        let offset = 0;
        for (const j of op.inputs) {
          const Cj = channelsOf(ops[j].shape);
          const dx = addInto(dValues, j, S * P * Cj);
          for (let s = 0; s < S; s++) for (let p = 0; p < P; p++) for (let c = 0; c < Cj; c++) dx[(s * P + p) * Cj + c] += dz[(s * P + p) * Co + offset + c];
          offset += Cj;
        }
        break;
      }
      case 'flatten': case 'identity': {
        const dx = addInto(dValues, src, S * nIn);
        for (let k = 0; k < dz.length; k++) dx[k] += dz[k];
        break;
      }
      case 'input': break;
    }
  }
  return { dValues, params };
}
