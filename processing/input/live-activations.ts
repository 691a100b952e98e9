/**
 * One input through the network for the live view: every layer's activations (input first), the class
 * probabilities, the prediction, and per-node values normalised per layer for drawing. Plain typed
 * arrays (processing/nn), no tfjs: a 784-81-49-10 pass is well under a millisecond.
 */
import type { DenseChain } from '../model/dense-chain';
import { forward } from '../nn/mlp';

export interface LiveActivations {
  /** Post-activation values per layer, input first (n_l each). */
  layers: Float32Array[];
  /** The model's output (probabilities when its last activation is softmax). */
  output: Float32Array;
  /** Index of the largest output. */
  predicted: number;
  /** Per node (all layers concatenated, network node order), |activation| / the layer's largest, in [0, 1]. */
  normalised: Float32Array;
  /** Per plane of a model graph, its whole H × W × C output (feature-map tiles; null for vector planes); absent for MLPs. */
  maps?: (Float32Array | null)[];
}

/** Runs `input` (graph.inputSize values) through `graph`. */
export function liveActivations(graph: DenseChain, input: Float32Array): LiveActivations {
  checkInput(input);
  const layers = forward(graph, input, 1).activations;
  return liveResult(layers, layers[layers.length - 1]);
}

/** Throws, naming the first, when an input value is NaN or infinite. */
export function checkInput(input: Float32Array): void {
  for (let i = 0; i < input.length; i++) {
    if (!Number.isFinite(input[i])) throw new Error(`input value ${i} is ${input[i]}: inputs must be finite numbers`);
  }
}

/** Per-layer node values and the model output → the live result (prediction, per-layer normalised values). */
export function liveResult(layers: Float32Array[], output: Float32Array): LiveActivations {
  let predicted = 0;
  for (let j = 1; j < output.length; j++) if (output[j] > output[predicted]) predicted = j;
  return { layers, output, predicted, normalised: normalisePerLayer(layers) };
}

/** Per node (all layers concatenated), |value| / the largest |value| of its layer, in [0, 1]. */
export function normalisePerLayer(layers: Float32Array[]): Float32Array {
  const total = layers.reduce((n, a) => n + a.length, 0);
  const normalised = new Float32Array(total);
  let at = 0;
  for (const a of layers) {
    let max = 0;
    for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]));
    for (let i = 0; i < a.length; i++) normalised[at + i] = max > 0 ? Math.abs(a[i]) / max : 0;
    at += a.length;
  }
  return normalised;
}
