/** Our ONNX reading against the reference runtime: onnxruntime-node (a dev dependency) runs every fixture on held-out digits. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { decodeDigitSet } from '../../processing/format/digits';
import { decodeOnnx, onnxToGraph } from '../../processing/model/load-onnx';
import { forwardGraph } from '../../processing/nn/graph-forward';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'onnx');
const root = join(import.meta.dirname, '..', '..');

describe('ONNX parity with onnxruntime', () => {
  // same-lower.onnx (Conv auto_pad SAME_LOWER) and pool-pads.onnx (PyTorch ResNets' stem: MaxPool padding 1
  // after ReLU) are built with onnx.helper: onnxruntime is their only reference.
  for (const file of ['mlp', 'lenet', 'lenet-opset9', 'resnet', 'inception', 'separable', 'mobile', 'same-lower', 'pool-pads']) {
    it(`${file}.onnx: our forward pass gives onnxruntime's outputs for 6 held-out digits (max |Δ| ≤ 1e-4)`, async () => {
      const path = join(fixtures, `${file}.onnx`);
      const data = `${path}.data`;
      const files = existsSync(data) ? new Map([[`${file}.onnx.data`, new Uint8Array(readFileSync(data))]]) : undefined;
      const graph = onnxToGraph(decodeOnnx(new Uint8Array(readFileSync(path)), file), file, files);
      // onnxruntime finds mobile.onnx.data beside the model by itself.
      const session = await InferenceSession.create(path);
      const set = decodeDigitSet(new Uint8Array(readFileSync(join(root, 'src', 'assets', 'digits', 'mnist-heldout.nnwd'))));
      let worst = 0;
      for (let d = 0; d < 6; d++) {
        const input = Float32Array.from(set.pixels.subarray(d * 784, (d + 1) * 784), (v) => v / 255);
        const result = await session.run({ [session.inputNames[0]]: new Tensor('float32', input, [1, 1, 28, 28]) });
        const theirs = result[session.outputNames[0]].data as Float32Array;
        const ours = forwardGraph(graph, input, 1).values[graph.output];
        expect(ours.length).toBe(theirs.length);
        for (let c = 0; c < theirs.length; c++) worst = Math.max(worst, Math.abs(ours[c] - theirs[c]));
      }
      await session.release();
      expect(worst).toBeLessThanOrEqual(1e-4);
    });
  }
});
