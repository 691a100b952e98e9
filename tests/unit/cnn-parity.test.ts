/**
 * Every op of the embedded CNNs against tfjs on real held-out digits: for each plane (and every op in
 * between), our activations equal those of the tfjs model truncated at that layer (max |Δ| ≤ 1e-4),
 * and the loss gradient at the input equals tfjs's tf.grad.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildChannelGraph } from '../../processing/graph/channel-graph';
import { backwardGraph, lossGradient } from '../../processing/nn/graph-backward';
import { forwardGraph } from '../../processing/nn/graph-forward';
import { embeddedGraph, embeddedTfjs, heldOut, maxDiff } from '../fixtures/cnn';

const kSamples = 12;


describe.each(['mnist-lenet', 'mnist-resnet'])('%s against tfjs', (dir) => {
  it('matches tfjs at every plane and every op on real digits', async () => {
    const graph = await embeddedGraph(dir);
    const model = await embeddedTfjs(dir);
    const data = heldOut(kSamples);
    const pass = forwardGraph(graph, data.inputs, kSamples);
    const x = tf.tensor(data.inputs, [kSamples, 28, 28, 1]);
    // The input plane is the input itself; every other plane must meet its tfjs layer.
    const planes = new Set(buildChannelGraph(graph).planes.map((p) => p.op).filter((op) => op !== 0));
    let checked = 0;
    for (let i = 1; i < graph.ops.length; i++) {
      const op = graph.ops[i];
      const layer = model.layers.find((l) => l.name === op.name);
      if (!layer) continue;
      const truncated = tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor });
      const ref = tf.tidy(() => (truncated.predict(x) as tf.Tensor).dataSync());
      expect(maxDiff(pass.values[i], ref), `${op.name} (${op.className})`).toBeLessThanOrEqual(1e-4);
      checked++;
      planes.delete(i);
    }
    expect(planes.size, 'every plane checked').toBe(0);
    expect(checked).toBeGreaterThan(5);
    x.dispose();
  });

  it('gives the loss gradient at the input that tf.grad gives', async () => {
    const graph = await embeddedGraph(dir);
    const model = await embeddedTfjs(dir);
    const data = heldOut(4);
    const pass = forwardGraph(graph, data.inputs, 4);
    const grads = backwardGraph(graph, pass, lossGradient(graph, pass, data.labels));
    const y = tf.oneHot(tf.tensor1d(Array.from(data.labels), 'int32'), 10);
    const ref = tf.grad((x: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, tf.log(model.apply(x) as tf.Tensor), undefined, undefined, tf.Reduction.SUM))(tf.tensor(data.inputs, [4, 28, 28, 1])).dataSync();
    const ours = grads.dValues[0]!;
    const scale = Math.max(...Array.from(ref, Math.abs));
    expect(scale).toBeGreaterThan(0);
    expect(maxDiff(ours, ref) / scale).toBeLessThan(1e-3);
  });
});
