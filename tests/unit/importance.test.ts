import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { checkDataFits, fromDigitSet, parseJsonDataset, takeSamples, type LabeledData } from '../../processing/data/dataset';
import { decodeDigitSet } from '../../processing/format/digits';
import { bnGammaImportance } from '../../processing/importance/bn-gamma';
import { randomImportance } from '../../processing/importance/random';
import { nodeClassData, sampleClassWeights, sampleOverall } from '../../processing/importance/sample-classes';
import { taylorImportance } from '../../processing/importance/taylor';
import { weightPathImportance } from '../../processing/importance/weight-path';
import { loadTfjsModelFile } from '../../processing/model/load-node';
import { backward, crossEntropy, forward } from '../../processing/nn/mlp';
import { tinyGraph } from '../fixtures/tiny-graph';

const root = join(import.meta.dirname, '..', '..');
const heldOut = () => fromDigitSet(decodeDigitSet(new Uint8Array(readFileSync(join(root, 'src/assets/digits/mnist-heldout.nnwd')))), 'held-out');
const tinyData = (): LabeledData => ({ count: 3, inputSize: 2, inputs: Float32Array.from([1, 0.5, 0.2, 0.9, 0.7, 0.1]), labels: Uint32Array.from([0, 1, 0]), classCount: 2, source: 'tiny' });

describe('typed-array inference', () => {
  it('matches tfjs predict on real digits', async () => {
    const graph = await loadTfjsModelFile(join(root, 'src/assets/models/mnist-mlp/model.json'));
    const data = takeSamples(heldOut(), 64);
    const ours = forward(graph, data.inputs, data.count).activations[3];
    const json = JSON.parse(readFileSync(join(root, 'src/assets/models/mnist-mlp/model.json'), 'utf8'));
    const weights = readFileSync(join(root, 'src/assets/models/mnist-mlp/weights.bin'));
    const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) }));
    const theirs = (model.predict(tf.tensor3d(data.inputs, [data.count, 28, 28])) as tf.Tensor).dataSync();
    let max = 0;
    for (let i = 0; i < theirs.length; i++) max = Math.max(max, Math.abs(theirs[i] - ours[i]));
    expect(max).toBeLessThan(1e-5);
  });

  it('backward gives the finite-difference gradients of the cross-entropy', () => {
    for (const act of ['relu', 'tanh', 'sigmoid', 'elu']) {
      const g = tinyGraph(act);
      const d = tinyData();
      const pass = forward(g, d.inputs, d.count);
      const grads = backward(g, pass, d.labels);
      // ∂L/∂x_i by central differences, sample 0.
      for (let i = 0; i < 2; i++) {
        const eps = 1e-3;
        const plus = Float32Array.from(d.inputs.subarray(0, 2));
        const minus = Float32Array.from(plus);
        plus[i] += eps;
        minus[i] -= eps;
        const lp = crossEntropy(g, forward(g, plus, 1), d.labels.subarray(0, 1))[0];
        const lm = crossEntropy(g, forward(g, minus, 1), d.labels.subarray(0, 1))[0];
        expect(grads.dActivations[0][i]).toBeCloseTo((lp - lm) / (2 * eps), 3);
      }
    }
  });
});

describe('importance', () => {
  it('Taylor: |mean over class c of a·∂L/∂a| per node, |w·a·δ| per edge, on a hand-sized network', () => {
    const g = tinyGraph();
    const d = tinyData();
    const imp = taylorImportance(g, d);
    const pass = forward(g, d.inputs, d.count);
    const grads = backward(g, pass, d.labels);
    // Recompute class 0 (samples 0 and 2) of hidden node 1 by hand.
    const a = pass.activations[1];
    const da = grads.dActivations[1];
    const raw = (c: number, j: number) => {
      const s = [0, 1, 2].filter((k) => d.labels[k] === c);
      return Math.abs(s.reduce((acc, k) => acc + a[k * 2 + j] * da[k * 2 + j], 0) / s.length);
    };
    const all = [raw(0, 0), raw(1, 0), raw(0, 1), raw(1, 1)];
    const max = Math.max(...all);
    expect(imp.nodes[1][1 * 2 + 0]).toBeCloseTo(raw(0, 1) / max, 5);
    expect(Array.from(imp.nodes[2])).toEqual([1, 0, 0, 1]);
    // Edge h0 → o1: mean |w·a·δ| over samples, normalised by the gap maximum.
    const dz = grads.dPreActivations[1];
    const edge = (i: number, j: number) => [0, 1, 2].reduce((acc, k) => acc + Math.abs(g.layers[1].kernel[i * 2 + j] * a[k * 2 + i] * dz[k * 2 + j]), 0) / 3;
    const edgeMax = Math.max(edge(0, 0), edge(0, 1), edge(1, 0), edge(1, 1));
    expect(imp.edges[1][0 * 2 + 1]).toBeCloseTo(edge(0, 1) / edgeMax, 5);
  });

  it('weight-path: |W| products back from one-hot outputs, normalised per layer', () => {
    const imp = weightPathImportance(tinyGraph());
    // Hidden: |W2| = [[2, 1], [1, 1]] → rows as class vectors, max 2.
    expect(Array.from(imp[1])).toEqual([1, 0.5, 0.5, 0.5]);
    // Input: |W1| · hidden = [[1, 2], [0.5, 1]] · [[1, .5], [.5, .5]] = [[2, 1.5], [1, .75]] / 2.
    expect(Array.from(imp[0])).toEqual([1, 0.75, 0.5, 0.375]);
  });

  it('edge_importance_type 0–3 on a two-node example (nn_vis §2.3)', () => {
    // Source importance (3, 4) (‖·‖ = 5, mean 3.5), target (0, 2) (‖·‖ = 2, mean 1), w_imp 0.5, t = 0.25.
    const nodes = nodeClassData(Float32Array.from([3, 4, 0, 2]), 2);
    const out = new Float32Array(2);
    const cases: [number, number[], number][] = [
      [0, [0.75 * 0.6, 0.75 * 0.8 + 0.25 * 1], (0.75 * 3.5 + 0.25 * 1) * 0.5],
      [1, [0.6, 0.8], 3.5 * 0.5],
      [2, [3 / 7, 6 / 7], 4.5 * 0.5],
      [3, [0, 1], 1 * 0.5],
    ];
    for (const [type, w, scalar] of cases) {
      sampleClassWeights(type, 0.25, nodes, 0, 1, out);
      expect(Array.from(out).map((v) => +v.toFixed(6))).toEqual(w.map((v) => +v.toFixed(6)));
      expect(sampleOverall(type, 0.25, nodes, 0, 1, 0.5)).toBeCloseTo(scalar, 6);
    }
    const zero = nodeClassData(Float32Array.from([0, 0, 1, 0]), 2);
    sampleClassWeights(1, 0.5, zero, 0, 1, out);
    expect(Array.from(out)).toEqual([0, 0]);
    expect(() => sampleClassWeights(4, 0, nodes, 0, 1, out)).toThrow(/edge_importance_type must be 0, 1, 2 or 3/);
  });

  it('random importance follows nn_vis §2.4 and repeats with the seed', () => {
    const a = randomImportance([5, 4, 3], 9);
    const b = randomImportance([5, 4, 3], 9);
    expect(a).toEqual(b);
    expect(randomImportance([5, 4, 3], 10).nodes[0]).not.toEqual(a.nodes[0]);
    expect(Array.from(a.nodes[2])).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    for (let i = 0; i < 5; i++) {
      const row = Array.from(a.nodes[0].subarray(i * 3, i * 3 + 3)).sort((x, y) => y - x);
      // The favourite class got max(r, r), the others min(r, r)² — the favourite is almost always on top.
      expect(row[0]).toBeGreaterThan(0);
    }
    expect(a.edges.map((e) => e.length)).toEqual([20, 12]);
  });

  it('BN-γ: fine-tuned γ-only probes give per-class importance; never-lit pixels rank low', async () => {
    const graph = await loadTfjsModelFile(join(root, 'src/assets/models/mnist-mlp/model.json'));
    const data = heldOut();
    const imp = await bnGammaImportance(graph, data, { epochs: 1, batchSize: 64, samplesPerClass: 60, learningRate: 0.01, l1: 1e-4, seed: 1 });
    expect(imp.nodes.map((n) => n.length)).toEqual([7840, 810, 490, 100]);
    for (const n of imp.nodes.slice(0, 3)) expect(Math.max(...n)).toBeCloseTo(1, 6);
    const mean = (i: number) => imp.nodes[0].subarray(i * 10, i * 10 + 10).reduce((x, y) => x + y, 0) / 10;
    // Pixel (0, 0) is blank in every MNIST digit: no gradient reaches its γ, only the L1 shrinkage.
    expect(mean(0)).toBeLessThan(mean(14 * 28 + 14));
  }, 60_000);
});

describe('datasets', () => {
  it('parses the JSON format and names both shapes on a mismatch', async () => {
    const data = parseJsonDataset(JSON.stringify({ inputs: [[0, 1, 2], [3, 4, 5]], labels: [1, 0] }), 'd.json');
    expect(data).toMatchObject({ count: 2, inputSize: 3, classCount: 2 });
    expect(() => checkDataFits(tinyGraph(), data)).toThrow("data d.json does not fit the model: samples have 3 values with labels up to 1, the model takes input [2] (2 values) and has 2 classes");
    expect(() => parseJsonDataset('{"inputs": [[1], [2, 3]], "labels": [0, 1]}', 'd.json')).toThrow('d.json: input row 1 has 2 values, row 0 has 1');
    expect(() => parseJsonDataset('{"inputs": [[1]], "labels": [-1]}', 'd.json')).toThrow(/label 0 \(-1\) is not a class index/);
    expect(() => parseJsonDataset('{"inputs": [[NaN]]', 'd.json')).toThrow(/not valid JSON/);
    expect(() => parseJsonDataset('{"inputs": [[1]], "labels": [0, 1]}', 'd.json')).toThrow('d.json: 1 input rows but 2 labels');
  });
});
