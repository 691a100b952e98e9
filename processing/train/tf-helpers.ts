/** Training helpers shared by the embedded networks' scripts: seeded batches, held-out scores, tfjs save. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { DigitSet } from '../format/digits';
import { createRng, shuffleInPlace, type Rng } from '../util/rng';

export const kClassNames = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export interface TensorOptions {
  order?: Uint32Array;
  /** Add a channel axis (N × H × W × 1) for convolutional inputs. */
  channels?: boolean;
  /** Shift each image by up to ±`shift` px in x and y (zeros fill), drawn from `rng`: cheap augmentation. */
  shift?: number;
  rng?: Rng;
}

/** Images scaled to [0, 1] (in `order`, shifted when asked) and one-hot labels, as arrays. */
export function digitArrays(set: DigitSet, options: TensorOptions = {}): { xs: Float32Array; ys: Float32Array } {
  const { rows, cols } = set;
  const n = rows * cols;
  const xs = new Float32Array(set.count * n);
  const ys = new Float32Array(set.count * 10);
  const shift = options.shift ?? 0;
  for (let k = 0; k < set.count; k++) {
    const i = options.order ? options.order[k] : k;
    const dx = shift && options.rng ? Math.floor(options.rng() * (2 * shift + 1)) - shift : 0;
    const dy = shift && options.rng ? Math.floor(options.rng() * (2 * shift + 1)) - shift : 0;
    for (let r = 0; r < rows; r++) {
      const sr = r - dy;
      if (sr < 0 || sr >= rows) continue;
      for (let c = 0; c < cols; c++) {
        const sc = c - dx;
        if (sc < 0 || sc >= cols) continue;
        xs[k * n + r * cols + c] = set.pixels[i * n + sr * cols + sc] / 255;
      }
    }
    ys[k * 10 + set.labels[i]] = 1;
  }
  return { xs, ys };
}

/** Images scaled to [0, 1] and one-hot labels as tensors. */
export function digitTensors(set: DigitSet, options: TensorOptions = {}): { x: tf.Tensor; y: tf.Tensor } {
  const { xs, ys } = digitArrays(set, options);
  const { rows, cols } = set;
  const shape = options.channels ? [set.count, rows, cols, 1] : [set.count, rows, cols];
  return { x: tf.tensor(xs, shape), y: tf.tensor2d(ys, [set.count, 10]) };
}

export interface TrainOptions {
  epochs: number;
  batch: number;
  seed: number;
  label: string;
  channels?: boolean;
  shift?: number;
  /** Called after each epoch (1-based count) with the model as trained so far (snapshots); awaited. */
  onEpoch?: (epoch: number) => Promise<void>;
}

/** Trains epoch by epoch with our own seeded shuffle (tfjs' fit(shuffle) draws from Math.random); returns seconds. */
export async function trainModel(model: tf.LayersModel, set: DigitSet, o: TrainOptions): Promise<number> {
  const rng = createRng(o.seed);
  const t0 = Date.now();
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const order = shuffleInPlace(Uint32Array.from({ length: set.count }, (_, i) => i), rng);
    const { x, y } = digitTensors(set, { order, channels: o.channels, shift: o.shift, rng });
    const t = Date.now();
    const h = await model.fit(x, y, { batchSize: o.batch, epochs: 1, shuffle: false, verbose: 0 });
    tf.dispose([x, y]);
    console.log(`[${o.label}] epoch ${epoch + 1}/${o.epochs} loss ${(h.history.loss[0] as number).toFixed(4)} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    await o.onEpoch?.(epoch + 1);
  }
  return (Date.now() - t0) / 1000;
}

/** Held-out accuracy, overall and per class. */
export function evaluateModel(model: tf.LayersModel, set: DigitSet, channels = false): { accuracy: number; perClass: number[] } {
  const { x, y } = digitTensors(set, { channels });
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

/** Writes model.json + weights.bin into `dir` (one shard), with class names and a description. */
export async function saveModel(model: tf.LayersModel, dir: string, description: string): Promise<void> {
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
