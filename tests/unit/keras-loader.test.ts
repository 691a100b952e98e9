/** The Keras readers on real-layout files (tests/fixtures/keras, made by make_fixtures.py with h5py from the PyTorch fixtures' weights). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildChannelGraph } from '../../processing/graph/channel-graph';
import { kerasSnakeCase, loadKerasArchive, loadKerasH5 } from '../../processing/model/load-keras';
import type { ModelGraph } from '../../processing/model/model-graph';
import { worstProbabilityDelta } from '../fixtures/reference-outputs';
import { decodeDigitSet } from '../../processing/format/digits';
import { forwardGraph } from '../../processing/nn/graph-forward';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'keras');
const read = (file: string) => new Uint8Array(readFileSync(join(fixtures, file)));

function load(file: string): ModelGraph {
  return file.endsWith('.keras') ? loadKerasArchive(read(file), file) : loadKerasH5(read(file), file);
}

describe('Keras loaders', () => {
  for (const file of ['lenet.keras', 'resnet.keras', 'lenet.h5', 'resnet.h5', 'mlp-bf16.keras']) {
    it(`reads ${file} and gives the reference probabilities for 8 held-out digits (max |Δ| ≤ 1e-4)`, () => {
      const graph = load(file);
      expect(graph.classCount).toBe(10);
      expect(worstProbabilityDelta(graph, join(fixtures, `${file}.reference.json`))).toBeLessThanOrEqual(1e-4);
      if (file.startsWith('resnet')) {
        const planes = buildChannelGraph(graph).planes;
        expect(planes.filter((p) => p.kind === 'add')).toHaveLength(2);
        // The Keras layer names survive (the weights were found by class-derived paths in .keras).
        expect(graph.ops.some((op) => op.name === 'b2_project_bn')).toBe(true);
      }
    });
  }

  it('matches the PyTorch module outputs of the first digit plane by plane in every Keras file (max |Δ| ≤ 1e-4)', () => {
    // Keras layer → PyTorch module (tests/fixtures/keras/make_fixtures.py builds one from the other); a
    // Keras layer with a fused ReLU is compared with the module's output after ReLU.
    const lenet: Record<string, [string, boolean]> = { conv1: ['conv1', true], pool1: ['pool1', false], conv2: ['conv2', true], pool2: ['pool2', false], fc1: ['fc1', true], fc2: ['fc2', true] };
    const resnet: Record<string, [string, boolean]> = {
      stem: ['stem', false], stem_bn: ['bn', false], b1_conv1: ['block1.conv1', false], b1_bn1: ['block1.bn1', false], b1_conv2: ['block1.conv2', false], b1_bn2: ['block1.bn2', false],
      b2_conv1: ['block2.conv1', false], b2_bn1: ['block2.bn1', false], b2_conv2: ['block2.conv2', false], b2_bn2: ['block2.bn2', false], b2_project: ['block2.project.0', false], b2_project_bn: ['block2.project.1', false],
    };
    const pixels = new Uint8Array(readFileSync(join(fixtures, '..', '..', '..', 'src', 'assets', 'digits', 'mnist-heldout.nnwd')));
    const set = decodeDigitSet(pixels);
    let compared = 0;
    for (const [file, map] of [['lenet.keras', lenet], ['lenet.h5', lenet], ['resnet.keras', resnet], ['resnet.h5', resnet]] as const) {
      const modules = (JSON.parse(readFileSync(join(fixtures, '..', 'onnx', `${file.split('.')[0]}.reference.json`), 'utf8')) as { module_outputs_first_digit: Record<string, { shape: number[]; values: number[] }> }).module_outputs_first_digit;
      const graph = load(file);
      const values = forwardGraph(graph, Float32Array.from(set.pixels.subarray(0, 784), (v) => v / 255), 1).values;
      for (const [layer, [module, relu]] of Object.entries(map)) {
        const k = graph.ops.findIndex((op) => op.name === layer);
        const ref = modules[module];
        const ours = values[k];
        let worst = 0;
        const at = (i: number) => (relu ? Math.max(0, ref.values[i]) : ref.values[i]);
        if (ref.shape.length === 4) {
          const [, C, H, W] = ref.shape;
          expect(graph.ops[k].shape, `${file} ${layer}`).toEqual([H, W, C]);
          for (let c = 0; c < C; c++) for (let p = 0; p < H * W; p++) worst = Math.max(worst, Math.abs(ours[p * C + c] - at(c * H * W + p)));
        } else {
          for (let i = 0; i < ref.values.length; i++) worst = Math.max(worst, Math.abs(ours[i] - at(i)));
        }
        expect(worst, `${file} ${layer}`).toBeLessThanOrEqual(1e-4);
        compared++;
      }
    }
    expect(compared).toBe(36);
  });

  it('names class-derived weight groups as Keras does', () => {
    expect(['Conv2D', 'BatchNormalization', 'DepthwiseConv2D', 'MaxPooling2D', 'ReLU', 'Dense'].map(kerasSnakeCase)).toEqual(['conv2d', 'batch_normalization', 'depthwise_conv2d', 'max_pooling2d', 're_lu', 'dense']);
  });

  it('names a weights-only .h5 and a ZIP that is not a .keras file in one sentence', () => {
    expect(() => loadKerasH5(read('weights-only.h5'), 'w.h5')).toThrow(/^w\.h5 holds weights only \(saved with save_weights\): it has no model config/);
    const zip = read('lenet.keras');
    expect(() => loadKerasArchive(zip.subarray(0, 200), 'cut.keras')).toThrow(/^cut\.keras is not a readable ZIP archive/);
  });
});
