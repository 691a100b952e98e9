/**
 * A ModelGraph run as tfjs ops (inference only), so its gradients come from tfjs's autodiff on whichever
 * backend is active (WebGL on a GPU, or the CPU): the feature-visualization route that keeps images and
 * activations on the GPU between iterations. Same layouts as processing/nn (NHWC, kernels [kh, kw, cin,
 * cout]), same `same`/`valid` rules (tfjs's, which processing/nn copies). Weight tensors are made once per
 * graph and released by `dispose`.
 */
import type * as tfNamespace from '@tensorflow/tfjs';
import type { Activation, ModelGraph, Op } from '../model/model-graph';

type Tf = typeof tfNamespace;
type Tensor = tfNamespace.Tensor;

export interface TfGraph {
  /**
   * Op `until`'s output for a batch `x` ([B, …input shape]), or its value before the op's own activation
   * (`pre`, conv and dense ops). Call inside tf.tidy or tf.grad: intermediate tensors are not released.
   */
  run(x: Tensor, until: number, pre: boolean): Tensor;
  dispose(): void;
}

/** tfjs's version of activation `a` (the names processing/nn/activations.ts knows). */
function activate(tf: Tf, a: Activation, z: Tensor, layer: string): Tensor {
  switch (a.name) {
    case 'linear': return z;
    case 'relu': {
      const slope = a.negativeSlope ?? 0;
      const y = slope ? tf.leakyRelu(z, slope) : tf.relu(z);
      return a.maxValue !== undefined && Number.isFinite(a.maxValue) ? tf.minimum(y, a.maxValue) : y;
    }
    case 'relu6': return tf.relu6(z);
    case 'elu': return tf.elu(z);
    case 'selu': return tf.selu(z);
    case 'sigmoid': return tf.sigmoid(z);
    case 'hard_sigmoid': return tf.clipByValue(tf.add(tf.mul(z, a.alpha ?? 0.2), a.beta ?? 0.5), 0, 1);
    case 'tanh': return tf.tanh(z);
    case 'softplus': return tf.softplus(z);
    case 'softsign': return tf.div(z, tf.add(tf.abs(z), 1));
    case 'swish': case 'silu': return tf.mul(z, tf.sigmoid(z));
    case 'hard_swish': case 'hard_silu': return tf.div(tf.mul(z, tf.relu6(tf.add(z, 3))), 6);
    case 'softmax': return tf.softmax(z);
    default: throw new Error(`layer '${layer}': activation '${a.name}' has no tfjs form for feature visualization`);
  }
}

/** Wraps `graph` for tfjs; weights become tensors now. */
export function tfGraph(tf: Tf, graph: ModelGraph): TfGraph {
  const weights: Tensor[] = [];
  const keep = <T extends Tensor>(t: T): T => { weights.push(t); return t; };
  // Per op: its kernel (shaped for tfjs) and bias, or batch norm's scale and shift.
  const params = graph.ops.map((op): { k?: Tensor; b?: Tensor } => {
    switch (op.kind) {
      case 'conv2d': return { k: keep(tf.tensor4d(op.kernel, [op.window.kh, op.window.kw, op.kernel.length / (op.window.kh * op.window.kw * op.shape[2]), op.shape[2]])), b: op.bias ? keep(tf.tensor1d(op.bias)) : undefined };
      case 'depthwise2d': return { k: keep(tf.tensor4d(op.kernel, [op.window.kh, op.window.kw, op.kernel.length / (op.window.kh * op.window.kw * op.multiplier), op.multiplier])), b: op.bias ? keep(tf.tensor1d(op.bias)) : undefined };
      case 'dense': return { k: keep(tf.tensor2d(op.kernel, [op.kernel.length / op.shape[0], op.shape[0]])), b: op.bias ? keep(tf.tensor1d(op.bias)) : undefined };
      case 'batchnorm': {
        const scale = op.gamma.map((g, c) => g / Math.sqrt(op.variance[c] + op.epsilon));
        return { k: keep(tf.tensor1d(scale)), b: keep(tf.tensor1d(op.beta.map((b, c) => b - op.mean[c] * scale[c]))) };
      }
      default: return {};
    }
  });
  const windowed = (op: Extract<Op, { kind: 'maxpool' | 'avgpool' }>) => {
    if (op.window.dilationY !== 1 || op.window.dilationX !== 1) throw new Error(`layer '${op.name}': dilated pooling has no tfjs form for feature visualization`);
    return op.window;
  };
  return {
    run(x, until, pre) {
      const B = x.shape[0];
      const values: Tensor[] = [];
      let result: Tensor | null = null;
      for (let i = 0; i <= until; i++) {
        const op = graph.ops[i];
        const v = op.inputs.length ? values[op.inputs[0]] : x;
        const { k, b } = params[i];
        let out: Tensor;
        switch (op.kind) {
          case 'input': out = tf.reshape(x, [B, ...op.shape]); break;
          case 'flatten': out = tf.reshape(v, [B, -1]); break;
          case 'identity': out = v; break;
          case 'conv2d': out = tf.conv2d(v as tfNamespace.Tensor4D, k as tfNamespace.Tensor4D, [op.window.strideY, op.window.strideX], op.window.padding, 'NHWC', [op.window.dilationY, op.window.dilationX]); break;
          case 'depthwise2d': out = tf.depthwiseConv2d(v as tfNamespace.Tensor4D, k as tfNamespace.Tensor4D, [op.window.strideY, op.window.strideX], op.window.padding, 'NHWC', [op.window.dilationY, op.window.dilationX]); break;
          case 'dense': out = tf.matMul(tf.reshape(v, [B, -1]) as tfNamespace.Tensor2D, k as tfNamespace.Tensor2D); break;
          case 'maxpool': { const w = windowed(op); out = tf.maxPool(v as tfNamespace.Tensor4D, [w.kh, w.kw], [w.strideY, w.strideX], w.padding); break; }
          case 'avgpool': { const w = windowed(op); out = tf.avgPool(v as tfNamespace.Tensor4D, [w.kh, w.kw], [w.strideY, w.strideX], w.padding); break; }
          case 'globalpool': out = op.mode === 'max' ? tf.max(v, [1, 2]) : tf.mean(v, [1, 2]); break;
          case 'batchnorm': out = tf.add(tf.mul(v, k!), b!); break;
          case 'activation': out = activate(tf, op.activation, v, op.name); break;
          case 'zeropad': out = tf.pad(v, [[0, 0], [op.top, op.bottom], [op.left, op.right], [0, 0]]); break;
          case 'add': out = tf.addN(op.inputs.map((j) => values[j])); break;
          case 'concat': out = tf.concat(op.inputs.map((j) => values[j]), -1); break;
        }
        if ((op.kind === 'conv2d' || op.kind === 'depthwise2d' || op.kind === 'dense')) {
          if (b) out = tf.add(out, b);
          if (i === until && pre) result = out;
          out = activate(tf, op.activation, out, op.name);
        }
        values[i] = out;
      }
      return result ?? values[until];
    },
    dispose() {
      for (const t of weights) t.dispose();
    },
  };
}
