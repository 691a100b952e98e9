/**
 * The model-graph loader on every supported layer kind (checked op by op against tfjs), both functional
 * layouts, and each refusal: immediate, one sentence naming the problem, never a hang, nothing read first.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadTfjsGraph } from '../../processing/model/load-tfjs';
import { mapWeightSource, type WeightSource } from '../../processing/model/weight-source';
import { forwardGraph } from '../../processing/nn/graph-forward';
import { modelFiles } from '../../processing/train/graph-roundtrip';
import { maxDiff } from '../fixtures/cnn';
import { layerZoo, toKeras3Layout } from '../fixtures/layer-zoo';

const neverRead: WeightSource = {
  describe: (p) => p,
  size: async () => 1,
  read: async (p) => { throw new Error(`read ${p} should not happen`); },
};

type Layers = { name?: string; class_name: string; config: Record<string, unknown>; inbound_nodes: unknown[] }[];
const layersOf = (json: Record<string, unknown>) => (json.modelTopology as { config: { layers: Layers } }).config.layers;

async function zooFiles() {
  await tf.setBackend('cpu');
  const model = layerZoo();
  return { model, ...(await modelFiles(model)) };
}

const load = (json: Record<string, unknown>, bytes: Uint8Array) => loadTfjsGraph(JSON.stringify(json), mapWeightSource(new Map([['weights.bin', bytes]])));

describe('model graph loader: every layer kind', () => {
  it('reads a functional model with every supported layer and matches tfjs at every op', async () => {
    const { model, json, bytes } = await zooFiles();
    const graph = await load(json, bytes);
    const kinds = new Set(graph.ops.map((o) => o.kind));
    for (const k of ['input', 'zeropad', 'conv2d', 'batchnorm', 'activation', 'depthwise2d', 'maxpool', 'avgpool', 'concat', 'identity', 'globalpool', 'add', 'flatten', 'dense']) expect(kinds, k).toContain(k);
    const S = 3;
    const x = new Float32Array(S * 12 * 12 * 2).map((_, i) => Math.sin(i * 0.71) * 1.3);
    const pass = forwardGraph(graph, x, S);
    const input = tf.tensor(x, [S, 12, 12, 2]);
    let checked = 0;
    graph.ops.forEach((op, i) => {
      const layer = model.layers.find((l) => l.name === op.name);
      if (!layer || op.kind === 'input') return;
      const ref = tf.tidy(() => (tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor }).predict(input) as tf.Tensor).dataSync());
      expect(maxDiff(pass.values[i], ref), `${op.name} (${op.className})`).toBeLessThanOrEqual(1e-4);
      checked++;
    });
    expect(checked).toBe(model.layers.length - 1);
  });

  it('reads the Keras 3 inbound_nodes layout into the same graph', async () => {
    const { json, bytes } = await zooFiles();
    const a = await load(json, bytes);
    const b = await load(toKeras3Layout(json), bytes);
    expect(b.ops.map((o) => [o.name, o.kind, o.inputs, o.shape])).toEqual(a.ops.map((o) => [o.name, o.kind, o.inputs, o.shape]));
  });
});

describe('model graph loader: refusals', () => {
  it('names a cycle instead of hanging', async () => {
    const { json } = await zooFiles();
    const layers = layersOf(json);
    // conv_s2 now also takes the output layer's input: a loop through the graph.
    layers.find((l) => l.config.name === 'pad')!.inbound_nodes = [[['reshape', 0, 0, {}]]];
    await expect(load(json, new Uint8Array())).rejects.toThrow(/model graph has a cycle through layers .*'pad'/);
  });

  it('names a dangling input and malformed inbound_nodes', async () => {
    const { json } = await zooFiles();
    layersOf(json).find((l) => l.config.name === 'bn')!.inbound_nodes = [[['nowhere', 0, 0, {}]]];
    await expect(loadTfjsGraph(JSON.stringify(json), neverRead)).rejects.toThrow("layer 'bn' takes input from unknown layer 'nowhere'");
    const again = await zooFiles();
    layersOf(again.json).find((l) => l.config.name === 'bn')!.inbound_nodes = [[42]];
    await expect(loadTfjsGraph(JSON.stringify(again.json), neverRead)).rejects.toThrow("layer 'bn': malformed inbound_nodes entry 42");
  });

  it('checks declared shapes against the weights before reading any shard', async () => {
    const { json } = await zooFiles();
    layersOf(json).find((l) => l.config.name === 'conv_s2')!.config.filters = 5;
    await expect(loadTfjsGraph(JSON.stringify(json), neverRead)).rejects.toThrow("Conv2D layer 'conv_s2': tensor 'conv_s2/kernel' has shape [3, 3, 2, 4], the topology needs [3, 3, 2, 5]");
  });

  it('refuses absurd sizes and mismatched merges at once', async () => {
    const a = await zooFiles();
    layersOf(a.json).find((l) => l.config.name === 'conv_s2')!.config.filters = 1e12;
    await expect(loadTfjsGraph(JSON.stringify(a.json), neverRead)).rejects.toThrow(/Conv2D layer 'conv_s2': filters 1000000000000 must be a whole number/);
    const b = await zooFiles();
    layersOf(b.json).find((l) => l.config.name === 'sum')!.inbound_nodes = [[['gmp', 0, 0, {}], ['fc', 0, 0, {}]]];
    await expect(loadTfjsGraph(JSON.stringify(b.json), neverRead)).rejects.toThrow("layer 'sum' (Add) receives shapes [8] and [6]; they must be equal");
  });

  it('refuses a network over the connection budget before reading any shard', async () => {
    const { json } = await zooFiles();
    await expect(loadTfjsGraph(JSON.stringify(json), neverRead, { maxConnections: 40 })).rejects.toThrow(/network has \d+ connections; this handles at most 40/);
  });

  it('names a NaN in a convolution kernel', async () => {
    const { json, bytes } = await zooFiles();
    const copy = bytes.slice();
    new DataView(copy.buffer).setFloat32(8, NaN, true);
    await expect(load(json, copy)).rejects.toThrow(/tensor 'conv_dil\/kernel' .* non-finite value \(NaN\) at element 2/);
  });

  it('refuses channels_first models and unsupported padding with the layer named', async () => {
    const { json } = await zooFiles();
    layersOf(json).find((l) => l.config.name === 'conv_dil')!.config.data_format = 'channels_first';
    await expect(loadTfjsGraph(JSON.stringify(json), neverRead)).rejects.toThrow("layer 'conv_dil': data_format 'channels_first' is not supported (nnwalk reads channels_last models)");
  });
});
