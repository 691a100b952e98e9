/** Live input: MNIST-style preparation of drawings, and per-layer activations against tfjs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { decodeDigitSet, digitAsFloats } from '../../processing/format/digits';
import { liveActivations } from '../../processing/input/live-activations';
import { kMnistSide, prepareDrawing } from '../../processing/input/prepare-drawing';
import { loadTfjsModelFile } from '../../processing/model/load-node';

const root = join(import.meta.dirname, '..', '..');
const digits = () => decodeDigitSet(new Uint8Array(readFileSync(join(root, 'src/assets/digits/mnist-heldout.nnwd'))));

/** A W × H canvas with filled rectangles [x0, y0, x1, y1) of full ink. */
function canvas(w: number, h: number, rects: number[][]): Float32Array {
  const px = new Float32Array(w * h);
  for (const [x0, y0, x1, y1] of rects) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) px[y * w + x] = 1;
  return px;
}

/** Ink bounding box [x0, y0, x1, y1] (inclusive) and centre of mass of a 28 × 28 image. */
function measure(img: Float32Array): { box: number[]; cx: number; cy: number } {
  let x0 = 99, y0 = 99, x1 = -1, y1 = -1, m = 0, mx = 0, my = 0;
  for (let y = 0; y < kMnistSide; y++) {
    for (let x = 0; x < kMnistSide; x++) {
      const v = img[y * kMnistSide + x];
      if (v <= 0.02) continue;
      x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
      m += v; mx += v * (x + 0.5); my += v * (y + 0.5);
    }
  }
  return { box: [x0, y0, x1, y1], cx: mx / m, cy: my / m };
}

describe('prepareDrawing (MNIST conventions)', () => {
  it('scales a vertical stroke to 20 pixels tall and centres its mass', () => {
    const img = prepareDrawing(canvas(280, 280, [[40, 30, 56, 250]]), 280, 280);
    const { box, cx, cy } = measure(img);
    expect(box[3] - box[1] + 1).toBe(20);
    expect(Math.abs(cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(cy - 14)).toBeLessThanOrEqual(0.5);
    // Aspect kept: 16 × 220 ink → about 1.5 pixels wide.
    expect(box[2] - box[0] + 1).toBeLessThanOrEqual(3);
    for (const v of img) expect(v >= 0 && v <= 1).toBe(true);
  });

  it('does not depend on where or how large the digit was drawn', () => {
    const small = prepareDrawing(canvas(280, 280, [[20, 20, 60, 30], [50, 20, 60, 120]]), 280, 280);
    const large = prepareDrawing(canvas(280, 280, [[100, 40, 180, 60], [160, 40, 180, 240]]), 280, 280);
    let diff = 0;
    for (let i = 0; i < small.length; i++) diff += Math.abs(small[i] - large[i]);
    expect(diff / small.length).toBeLessThan(0.03);
  });

  it('gives back held-out MNIST digits nearly unchanged (they were prepared this way)', () => {
    const set = digits();
    let total = 0;
    for (let i = 0; i < 50; i++) {
      const d = digitAsFloats(set, i);
      const again = prepareDrawing(d, 28, 28);
      let diff = 0;
      for (let p = 0; p < d.length; p++) diff += Math.abs(d[p] - again[p]);
      total += diff / d.length;
    }
    expect(total / 50).toBeLessThan(0.06);
  });

  it('gives zeros for an empty drawing and names a wrong size', () => {
    expect(prepareDrawing(new Float32Array(100), 10, 10).every((v) => v === 0)).toBe(true);
    expect(() => prepareDrawing(new Float32Array(10), 10, 10)).toThrow('a drawing of 10 × 10 needs 100 pixels; got 10');
  });
});

describe('liveActivations', () => {
  it('equals tfjs predict layer by layer on held-out digits', async () => {
    const graph = await loadTfjsModelFile(join(root, 'src/assets/models/mnist-mlp/model.json'));
    const json = JSON.parse(readFileSync(join(root, 'src/assets/models/mnist-mlp/model.json'), 'utf8'));
    const weights = readFileSync(join(root, 'src/assets/models/mnist-mlp/weights.bin'));
    const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) }));
    const dense = model.layers.filter((l) => l.getClassName() === 'Dense');
    expect(dense.length).toBe(graph.layers.length);
    const probe = tf.model({ inputs: model.inputs, outputs: dense.map((l) => l.output as tf.SymbolicTensor) });
    const set = digits();
    for (const i of [0, 7, 123]) {
      const input = digitAsFloats(set, i);
      const ours = liveActivations(graph, input);
      const theirs = (probe.predict(tf.tensor3d(input, [1, 28, 28])) as tf.Tensor[]).map((t) => t.dataSync());
      theirs.forEach((t, l) => {
        let max = 0;
        for (let j = 0; j < t.length; j++) max = Math.max(max, Math.abs(t[j] - ours.layers[l + 1][j]));
        expect(max).toBeLessThan(1e-5);
      });
      expect(ours.predicted).toBe(Array.from(theirs[theirs.length - 1]).indexOf(Math.max(...theirs[theirs.length - 1])));
      expect(ours.normalised.length).toBe(784 + 81 + 49 + 10);
      expect(Math.max(...ours.normalised.subarray(784, 865))).toBeCloseTo(1, 6);
    }
  });

  it('names a non-finite input value', async () => {
    const graph = await loadTfjsModelFile(join(root, 'src/assets/models/mnist-mlp/model.json'));
    const input = new Float32Array(784);
    input[5] = NaN;
    expect(() => liveActivations(graph, input)).toThrow('input value 5 is NaN: inputs must be finite numbers');
  });
});
