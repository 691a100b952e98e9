/**
 * nn_vis's BN-γ node importance per class (spec §2.2, its default GAMMA|L1 variant): a BatchNormalization
 * layer (γ = 1, no β, L1 on γ) in front of every Dense layer, every original weight frozen, the output
 * replaced by a 2-way "class k vs rest" softmax built from the trained output layer, fine-tuned per class;
 * |γ| normalised by the layer maximum over nodes and classes is the importance. Edges: |w| per gap.
 */
import * as tf from '@tensorflow/tfjs';
import type { LabeledData } from '../data/dataset';
import type { DenseChain } from '../model/dense-chain';
import { createRng } from '../util/rng';
import { classSplitRows } from './class-split';
import { weightMagnitude } from './weight-magnitude';
import { normaliseByMax, oneHotOutput, type NetworkImportance } from './types';

export interface BnGammaOptions {
  /** Fine-tuning epochs per class (nn_vis: 20). */
  epochs: number;
  batchSize: number;
  /** At most this many class-k samples per class split (the "rest" half matches it). */
  samplesPerClass: number;
  learningRate: number;
  /** L1 strength on γ. */
  l1: number;
  seed: number;
}

/** Defaults sized to finish the MNIST MLP in under a minute on two CPU cores (nn_vis trains 20 epochs on 12k). */
export const kBnGammaDefaults: BnGammaOptions = { epochs: 4, batchSize: 64, samplesPerClass: 600, learningRate: 0.01, l1: 1e-4, seed: 1 };

/** nn_vis's split for class k as input rows and one-hot 2-way targets. */
function classSplit(data: LabeledData, k: number, C: number, cap: number, rng: () => number): { x: Float32Array; y: Float32Array; count: number } {
  const { rows, rest } = classSplitRows(data, k, C, cap, rng);
  const n = data.inputSize;
  const x = new Float32Array(rows.length * n);
  const y = new Float32Array(rows.length * 2);
  rows.forEach((s, row) => {
    x.set(data.inputs.subarray(s * n, (s + 1) * n), row * n);
    y[row * 2 + rest[row]] = 1;
  });
  return { x, y, count: rows.length };
}

type Act = (x: tf.Tensor) => tf.Tensor;
const kActivations: Record<string, Act> = {
  relu: tf.relu, relu6: tf.relu6, elu: tf.elu, selu: tf.selu, sigmoid: tf.sigmoid, tanh: tf.tanh,
  softplus: tf.softplus, softsign: (x) => tf.div(x, tf.add(tf.abs(x), 1)), linear: (x) => x,
};

interface Probe { gammas: tf.Variable[]; logits(x: tf.Tensor): tf.Tensor; dispose(): void }

/** The frozen network with a γ-only batch normalisation (batch statistics, ε = 1e-3) before every Dense layer. */
function buildProbe(graph: DenseChain, k: number): Probe {
  const last = graph.layers.length - 1;
  const kernels: tf.Tensor[] = [];
  const biases: tf.Tensor[] = [];
  graph.layers.forEach((layer, l) => {
    const { kernel, bias, inputSize: nIn, outputSize: nOut } = layer;
    if (l < last) {
      kernels.push(tf.tensor2d(kernel, [nIn, nOut]));
      biases.push(bias ? tf.tensor1d(bias) : tf.zeros([nOut]));
      return;
    }
    // Column 0: class k's weights; column 1: the sum over all classes minus class k ("not k").
    const w = new Float32Array(nIn * 2);
    for (let i = 0; i < nIn; i++) {
      let sum = 0;
      for (let c = 0; c < nOut; c++) sum += kernel[i * nOut + c];
      w[i * 2] = kernel[i * nOut + k];
      w[i * 2 + 1] = sum - kernel[i * nOut + k];
    }
    const bSum = bias ? bias.reduce((a, b) => a + b, 0) : 0;
    const bk = bias ? bias[k] : 0;
    kernels.push(tf.tensor2d(w, [nIn, 2]));
    biases.push(tf.tensor1d([bk, bSum - bk]));
  });
  const gammas = graph.layers.map((layer) => tf.variable(tf.ones([layer.inputSize])));
  const acts = graph.layers.map((layer) => kActivations[layer.activation]);
  return {
    gammas,
    logits(x) {
      let h = x;
      graph.layers.forEach((_, l) => {
        const { mean, variance } = tf.moments(h, 0);
        const normed = tf.mul(tf.div(tf.sub(h, mean), tf.sqrt(tf.add(variance, 1e-3))), gammas[l]);
        const z = tf.add(tf.matMul(normed, kernels[l]), biases[l]);
        h = l === last ? z : acts[l](z);
      });
      return h;
    },
    dispose() { tf.dispose([...kernels, ...biases, ...gammas]); },
  };
}

/** Fine-tunes one probe per class; `onClass` reports progress (class index, class count). */
export async function bnGammaImportance(
  graph: DenseChain, train: LabeledData, options: BnGammaOptions = kBnGammaDefaults,
  onClass?: (k: number, C: number) => void, isCancelled?: () => boolean,
): Promise<NetworkImportance> {
  const unsupported = graph.layers.slice(0, -1).map((l) => l.activation).find((a) => !(a in kActivations));
  if (unsupported) throw new Error(`BN-γ importance cannot rebuild activation '${unsupported}' in tfjs; use --importance taylor or weight`);
  await tf.ready();
  const C = graph.classCount;
  const sizes = [graph.inputSize, ...graph.layers.slice(0, -1).map((l) => l.outputSize)];
  const gammas = sizes.map((n) => new Float32Array(n * C));
  const rng = createRng(options.seed);
  for (let k = 0; k < C; k++) {
    if (isCancelled?.()) throw new Error('cancelled');
    onClass?.(k, C);
    const split = classSplit(train, k, C, options.samplesPerClass, rng);
    const probe = buildProbe(graph, k);
    const optimizer = tf.train.adam(options.learningRate);
    const n = graph.inputSize;
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      for (let at = 0; at < split.count; at += options.batchSize) {
        const rows = Math.min(options.batchSize, split.count - at);
        if (rows < 2) continue; // batch statistics need two samples
        tf.tidy(() => {
          const x = tf.tensor2d(split.x.subarray(at * n, (at + rows) * n), [rows, n]);
          const y = tf.tensor2d(split.y.subarray(at * 2, (at + rows) * 2), [rows, 2]);
          optimizer.minimize(() => {
            const ce = tf.losses.softmaxCrossEntropy(y, probe.logits(x));
            const l1 = probe.gammas.reduce<tf.Tensor>((acc, g) => tf.add(acc, tf.sum(tf.abs(g))), tf.scalar(0));
            return tf.add(ce, tf.mul(l1, options.l1)) as tf.Scalar;
          }, false, probe.gammas);
        });
      }
      await tf.nextFrame?.();
    }
    probe.gammas.forEach((g, l) => {
      const gamma = g.dataSync();
      for (let j = 0; j < sizes[l]; j++) gammas[l][j * C + k] = Math.abs(gamma[j]);
    });
    optimizer.dispose();
    probe.dispose();
  }
  const nodes = gammas.map(normaliseByMax);
  nodes.push(oneHotOutput(C));
  return { method: 'bn', nodes, edges: weightMagnitude(graph) };
}
