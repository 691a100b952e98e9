/**
 * Batched inference and gradients for a DenseChain on plain typed arrays (rows = samples). Used by
 * importance, pruning evaluation and the ablation oracle; no tfjs needed, and zero inputs are skipped
 * (most MNIST pixels are zero).
 */
import type { DenseChain } from '../model/dense-chain';
import { activationFn } from './activations';

export interface ForwardPass {
  samples: number;
  /** Post-activation values per layer, input first: S × n_l each. The last is the model output. */
  activations: Float32Array[];
  /** Pre-activation values per Dense layer: S × n_{l+1} each. */
  preActivations: Float32Array[];
}

/** Optional per-layer overrides: a kernel (e.g. pruned) and a unit mask on a layer's output. */
export interface ForwardOptions {
  kernels?: (Float32Array | null)[];
  /** unitMasks[l] multiplies the activations of layer l (0 = ablated); index 0 is the input. */
  unitMasks?: (Float32Array | null)[];
}

/** Runs `samples` rows of `inputs` (S × inputSize) through the network. */
export function forward(graph: DenseChain, inputs: Float32Array, samples: number, options: ForwardOptions = {}): ForwardPass {
  if (inputs.length !== samples * graph.inputSize) {
    throw new Error(`inputs hold ${inputs.length} values; ${samples} samples of ${graph.inputSize} need ${samples * graph.inputSize}`);
  }
  return forwardFrom(graph, 0, maskUnits(inputs, samples, options.unitMasks?.[0] ?? null), samples, options);
}

/** Runs layers `from`… on given activations of layer `from` (S × n_from); earlier entries of the result are empty. */
export function forwardFrom(graph: DenseChain, from: number, start: Float32Array, samples: number, options: ForwardOptions = {}): ForwardPass {
  const activations: Float32Array[] = new Array(from).fill(new Float32Array(0));
  activations.push(start);
  const preActivations: Float32Array[] = new Array(from).fill(new Float32Array(0));
  for (let l = from; l < graph.layers.length; l++) {
    const layer = graph.layers[l];
    const kernel = options.kernels?.[l] ?? layer.kernel;
    const fn = activationFn(layer.activation, layer.name);
    const nIn = layer.inputSize;
    const nOut = layer.outputSize;
    const x = activations[l];
    const z = new Float32Array(samples * nOut);
    for (let s = 0; s < samples; s++) {
      const zRow = z.subarray(s * nOut, (s + 1) * nOut);
      if (layer.bias) zRow.set(layer.bias);
      for (let i = 0; i < nIn; i++) {
        const v = x[s * nIn + i];
        if (v === 0) continue;
        const base = i * nOut;
        for (let j = 0; j < nOut; j++) zRow[j] += v * kernel[base + j];
      }
    }
    preActivations.push(z);
    const a = Float32Array.from(z);
    for (let s = 0; s < samples; s++) fn.apply(a.subarray(s * nOut, (s + 1) * nOut));
    activations.push(maskUnits(a, samples, options.unitMasks?.[l + 1] ?? null));
  }
  return { samples, activations, preActivations };
}

function maskUnits(values: Float32Array, samples: number, mask: Float32Array | null): Float32Array {
  if (!mask) return values;
  const n = mask.length;
  const out = Float32Array.from(values);
  for (let s = 0; s < samples; s++) for (let j = 0; j < n; j++) out[s * n + j] *= mask[j];
  return out;
}

/** Class scores: softmax of the last layer's pre-activations (the model's softmax, or its logits). */
export function classProbabilities(graph: DenseChain, pass: ForwardPass): Float32Array {
  const last = graph.layers[graph.layers.length - 1];
  if (last.activation === 'softmax') return pass.activations[pass.activations.length - 1];
  const p = Float32Array.from(pass.preActivations[pass.preActivations.length - 1]);
  const softmax = activationFn('softmax', last.name);
  for (let s = 0; s < pass.samples; s++) softmax.apply(p.subarray(s * graph.classCount, (s + 1) * graph.classCount));
  return p;
}

export interface Gradients {
  /** ∂loss/∂a per layer (post-activation), input first: S × n_l. */
  dActivations: Float32Array[];
  /** ∂loss/∂z per Dense layer (pre-activation): S × n_{l+1}. */
  dPreActivations: Float32Array[];
}

/**
 * Per-sample gradients of the cross-entropy −log softmax(z_L)[target] for each sample's target class.
 * (For a non-softmax last layer the loss is taken over its pre-activations as logits.)
 */
export function backward(graph: DenseChain, pass: ForwardPass, targets: Uint8Array | Uint32Array): Gradients {
  const S = pass.samples;
  const L = graph.layers.length;
  const C = graph.classCount;
  const p = classProbabilities(graph, pass);
  const dPre: Float32Array[] = new Array(L);
  const dAct: Float32Array[] = new Array(L + 1);
  const top = Float32Array.from(p);
  for (let s = 0; s < S; s++) top[s * C + targets[s]] -= 1;
  dPre[L - 1] = top;
  for (let l = L - 1; l >= 0; l--) {
    const { kernel, inputSize: nIn, outputSize: nOut } = graph.layers[l];
    const dz = dPre[l];
    const da = new Float32Array(S * nIn);
    for (let s = 0; s < S; s++) {
      const dzRow = dz.subarray(s * nOut, (s + 1) * nOut);
      for (let i = 0; i < nIn; i++) {
        const base = i * nOut;
        let sum = 0;
        for (let j = 0; j < nOut; j++) sum += dzRow[j] * kernel[base + j];
        da[s * nIn + i] = sum;
      }
    }
    dAct[l] = da;
    if (l > 0) {
      const below = graph.layers[l - 1];
      const fn = activationFn(below.activation, below.name);
      const z = pass.preActivations[l - 1];
      const a = pass.activations[l];
      const dzBelow = new Float32Array(S * nIn);
      for (let k = 0; k < dzBelow.length; k++) dzBelow[k] = da[k] === 0 ? 0 : da[k] * fn.derivative(z[k], a[k]);
      dPre[l - 1] = dzBelow;
    }
  }
  dAct[L] = top;
  return { dActivations: dAct, dPreActivations: dPre };
}

/** Per-sample cross-entropy of the target class. */
export function crossEntropy(graph: DenseChain, pass: ForwardPass, targets: Uint8Array | Uint32Array): Float32Array {
  const p = classProbabilities(graph, pass);
  const C = graph.classCount;
  const out = new Float32Array(pass.samples);
  for (let s = 0; s < pass.samples; s++) out[s] = -Math.log(Math.max(p[s * C + targets[s]], 1e-12));
  return out;
}

/** Index of the largest class score per sample. */
export function predictions(graph: DenseChain, pass: ForwardPass): Uint8Array {
  const out = pass.activations[pass.activations.length - 1];
  const C = graph.classCount;
  const pred = new Uint8Array(pass.samples);
  for (let s = 0; s < pass.samples; s++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (out[s * C + c] > out[s * C + best]) best = c;
    pred[s] = best;
  }
  return pred;
}
