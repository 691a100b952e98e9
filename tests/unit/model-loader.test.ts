import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTfjsModelFile } from '../../processing/model/load-node';
import { loadTfjsModel } from '../../processing/model/load-tfjs';
import { layerSizes } from '../../processing/model/dense-chain';
import { mapWeightSource, type WeightSource } from '../../processing/model/weight-source';
import { functionalModel, sequentialModel } from '../fixtures/tfjs-model';

const assets = join(import.meta.dirname, '..', '..', 'src', 'assets', 'models');

/** A source that fails the test if any shard is read: proves checks run before reading data. */
const neverRead: WeightSource = {
  describe: (p) => p,
  size: async () => 1,
  read: async (p) => { throw new Error(`read ${p} should not happen`); },
};

describe('tfjs loader: valid models', () => {
  it('loads the committed default network from disk', async () => {
    const g = await loadTfjsModelFile(join(assets, 'mnist-mlp', 'model.json'));
    expect(layerSizes(g)).toEqual([784, 81, 49, 10]);
    expect(g.inputShape).toEqual([28, 28]);
    expect(g.layers.map((l) => l.activation)).toEqual(['relu', 'relu', 'softmax']);
    expect(g.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(g.layers[0].kernel.length).toBe(784 * 81);
    expect(g.layers[2].bias?.length).toBe(10);
  });

  it('loads both companions', async () => {
    for (const dir of ['mnist-mlp-untrained', 'mnist-mlp-l1']) {
      expect(layerSizes(await loadTfjsModelFile(join(assets, dir, 'model.json')))).toEqual([784, 81, 49, 10]);
    }
  });

  it('loads a Sequential model with a non-10-class output and keeps weights in kernel order', async () => {
    const f = sequentialModel([4, 3], [{ name: 'hidden', units: 5 }, { name: 'out', units: 3, activation: 'softmax' }], { classNames: ['cat', 'dog', 'eel'] });
    const g = await loadTfjsModel(f.text, f.source);
    expect(layerSizes(g)).toEqual([12, 5, 3]);
    expect(g.classCount).toBe(3);
    expect(g.classNames).toEqual(['cat', 'dog', 'eel']);
    const shard = new Float32Array(f.files.get('group1-shard1of1.bin')!.slice().buffer);
    expect(Array.from(g.layers[0].kernel)).toEqual(Array.from(shard.subarray(0, 60)));
  });

  it('loads functional chains in Keras 2 and Keras 3 layouts', async () => {
    for (const style of ['keras2', 'keras3'] as const) {
      const f = functionalModel(6, [{ name: 'a', units: 4 }, { name: 'b', units: 2, activation: 'sigmoid' }], style);
      const g = await loadTfjsModel(f.text, f.source);
      expect(layerSizes(g)).toEqual([6, 4, 2]);
      expect(g.layers[1].activation).toBe('sigmoid');
    }
  });

  it('passes Dropout through, handles a bias-free layer and names with / . -', async () => {
    const f = sequentialModel([8], [{ name: 'block-1/dense.a', units: 4, useBias: false }, { name: 'out', units: 2 }], {
      extraLayers: [{ class_name: 'Dropout', config: { name: 'drop', rate: 0.5 } }],
    });
    const g = await loadTfjsModel(f.text, f.source);
    expect(g.layers[0].name).toBe('block-1/dense.a');
    expect(g.layers[0].bias).toBeNull();
    expect(layerSizes(g)).toEqual([8, 4, 2]);
  });

  it('dequantises uint8 weights', async () => {
    const f = sequentialModel([2], [{ name: 'd', units: 2, useBias: false }]);
    const manifest = f.json.weightsManifest as { weights: Record<string, unknown>[] }[];
    manifest[0].weights[0].quantization = { dtype: 'uint8', scale: 0.5, min: -1 };
    const g = await loadTfjsModel(JSON.stringify(f.json), mapWeightSource(new Map([['group1-shard1of1.bin', Uint8Array.from([0, 1, 2, 4])]])));
    expect(Array.from(g.layers[0].kernel)).toEqual([-1, -0.5, 0, 1]);
  });
});

describe('tfjs loader: rejections', () => {
  const twoLayer = () => sequentialModel([6], [{ name: 'h', units: 4 }, { name: 'o', units: 3 }]);

  it('rejects garbage JSON', async () => {
    await expect(loadTfjsModel('{"modelTopology": [1, 2', neverRead)).rejects.toThrow(/model.json is not a valid tfjs model file/);
    await expect(loadTfjsModel('42', neverRead)).rejects.toThrow(/not a valid tfjs model file/);
    await expect(loadTfjsModel('{"format":"graph-model"}', neverRead)).rejects.toThrow(/no 'modelTopology'/);
  });

  it('names the missing weights file', async () => {
    const f = twoLayer();
    await expect(loadTfjsModel(f.text, mapWeightSource(new Map()))).rejects.toThrow(/weight file 'group1-shard1of1.bin' is missing/);
  });

  it('names the truncated shard and the tensor that is cut off', async () => {
    const f = twoLayer();
    const bytes = f.files.get('group1-shard1of1.bin')!;
    const source = mapWeightSource(new Map([['group1-shard1of1.bin', bytes.subarray(0, bytes.length - 8)]]));
    await expect(loadTfjsModel(f.text, source)).rejects.toThrow(/'group1-shard1of1.bin' is truncated: \d+ bytes, the manifest needs \d+ \(tensor 'o\/bias' is cut off\)/);
  });

  it('rejects a manifest shape that disagrees with the topology, naming layer and shapes', async () => {
    const f = twoLayer();
    const specs = (f.json.weightsManifest as { weights: { shape: number[] }[] }[])[0].weights;
    specs[0].shape = [6, 5];
    await expect(loadTfjsModel(JSON.stringify(f.json), neverRead)).rejects.toThrow("Dense layer 'h': tensor 'h/kernel' has shape [6, 5], the topology needs [6, 4]");
  });

  it('rejects non-finite weights, naming the tensor and the file', async () => {
    const f = twoLayer();
    const bytes = f.files.get('group1-shard1of1.bin')!.slice();
    new DataView(bytes.buffer).setFloat32((6 * 4 + 4) * 4 + 4, NaN, true); // o/kernel[1]
    await expect(loadTfjsModel(f.text, mapWeightSource(new Map([['group1-shard1of1.bin', bytes]])))).rejects.toThrow(
      "tensor 'o/kernel' in 'group1-shard1of1.bin' holds a non-finite value (NaN) at element 1",
    );
    new DataView(bytes.buffer).setFloat32(4, Infinity, true);
    await expect(loadTfjsModel(f.text, mapWeightSource(new Map([['group1-shard1of1.bin', bytes]])))).rejects.toThrow(/'h\/kernel'.*non-finite value \(Infinity\)/);
  });

  it('refuses absurd declared sizes before reading any shard', async () => {
    const f = twoLayer();
    const specs = (f.json.weightsManifest as { weights: { shape: number[] }[] }[])[0].weights;
    specs[0].shape = [100000, 100000];
    await expect(loadTfjsModel(JSON.stringify(f.json), neverRead)).rejects.toThrow(/declares more than \d+ bytes .*'h\/kernel'.*refusing to load/);
    const huge = sequentialModel([6], [{ name: 'h', units: 4 }]);
    ((huge.json.modelTopology as { config: { layers: { config: { units: number } }[] } }).config.layers[0].config.units = 1e12);
    await expect(loadTfjsModel(JSON.stringify(huge.json), neverRead)).rejects.toThrow(/Dense layer 'h': units 1000000000000 must be a whole number/);
  });

  it('rejects a shard larger than the manifest declares', async () => {
    const f = twoLayer();
    const bytes = f.files.get('group1-shard1of1.bin')!;
    const longer = new Uint8Array(bytes.length + 4);
    longer.set(bytes);
    await expect(loadTfjsModel(f.text, mapWeightSource(new Map([['group1-shard1of1.bin', longer]])))).rejects.toThrow(/has \d+ bytes but the manifest declares/);
  });

  it('names every unsupported layer and its class at once', async () => {
    const f = sequentialModel([6], [{ name: 'h', units: 4 }, { name: 'o', units: 3 }], {
      extraLayers: [{ class_name: 'LSTM', config: { name: 'lstm_1', units: 8 } }, { class_name: 'MultiHeadAttention', config: { name: 'mha' } }],
    });
    await expect(loadTfjsModel(f.text, neverRead)).rejects.toThrow(/^model has 2 layers nnwalk cannot read: 'lstm_1' \(LSTM, layer \d+ of \d+\), 'mha' \(MultiHeadAttention, layer \d+ of \d+\)\. Supported: InputLayer, Conv2D/);
  });

  it('asks for a Flatten before a Dense on a multi-dimensional input', async () => {
    const f = sequentialModel([6], [{ name: 'h', units: 4 }]);
    const layers = (f.json.modelTopology as { config: { layers: { config: Record<string, unknown> }[] } }).config.layers;
    layers[0].config.batch_input_shape = [null, 2, 3];
    await expect(loadTfjsModel(JSON.stringify(f.json), neverRead)).rejects.toThrow("Dense layer 'h' receives shape [2, 3]; nnwalk needs a Flatten before it");
  });

  it('rejects a Dense layer given two inputs, and a branching model on the MLP path', async () => {
    const f = functionalModel(6, [{ name: 'a', units: 4 }, { name: 'b', units: 2 }]);
    const config = (f.json.modelTopology as { model_config: { config: { layers: { inbound_nodes: unknown }[] } } }).model_config.config;
    config.layers[2].inbound_nodes = [[['a', 0, 0, {}], ['input', 0, 0, {}]]];
    await expect(loadTfjsModel(JSON.stringify(f.json), neverRead)).rejects.toThrow("layer 'b' (Dense) takes one input, it has 2");
  });

  it('rejects missing kernel tensors and wrong class-name lists', async () => {
    const f = twoLayer();
    (f.json.weightsManifest as { weights: { name: string }[] }[])[0].weights[2].name = 'other/kernel';
    await expect(loadTfjsModel(JSON.stringify(f.json), neverRead)).rejects.toThrow("Dense layer 'o': no tensor 'o/kernel' in the weights manifest");
    const g = twoLayer();
    g.json.userDefinedMetadata = { classNames: ['a', 'b'] };
    await expect(loadTfjsModel(JSON.stringify(g.json), g.source)).rejects.toThrow('userDefinedMetadata.classNames must list 3 strings');
  });
});

describe('tfjs loader: connection budget', () => {
  it('refuses a network over the budget before reading any shard', async () => {
    const f = sequentialModel([6], [{ name: 'h', units: 4 }, { name: 'o', units: 3 }]);
    await expect(loadTfjsModel(f.text, neverRead, { maxConnections: 30 })).rejects.toThrow('network has 36 connections; this handles at most 30');
  });
});
