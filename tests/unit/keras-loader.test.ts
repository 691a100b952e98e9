/** The Keras readers on real-layout files (tests/fixtures/keras, made by make_fixtures.py with h5py from the PyTorch fixtures' weights). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildChannelGraph } from '../../processing/graph/channel-graph';
import { kerasSnakeCase, loadKerasArchive, loadKerasH5 } from '../../processing/model/load-keras';
import type { ModelGraph } from '../../processing/model/model-graph';
import { worstProbabilityDelta } from '../fixtures/reference-outputs';

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

  it('names class-derived weight groups as Keras does', () => {
    expect(['Conv2D', 'BatchNormalization', 'DepthwiseConv2D', 'MaxPooling2D', 'ReLU', 'Dense'].map(kerasSnakeCase)).toEqual(['conv2d', 'batch_normalization', 'depthwise_conv2d', 'max_pooling2d', 're_lu', 'dense']);
  });

  it('names a weights-only .h5 and a ZIP that is not a .keras file in one sentence', () => {
    expect(() => loadKerasH5(read('weights-only.h5'), 'w.h5')).toThrow(/^w\.h5 holds weights only \(saved with save_weights\): it has no model config/);
    const zip = read('lenet.keras');
    expect(() => loadKerasArchive(zip.subarray(0, 200), 'cut.keras')).toThrow(/^cut\.keras is not a readable ZIP archive/);
  });
});
