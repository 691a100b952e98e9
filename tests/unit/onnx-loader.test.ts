/** The ONNX loader on real PyTorch exports (tests/fixtures/onnx, made by make_fixtures.py): PyTorch's own outputs reproduced. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeDigitSet } from '../../processing/format/digits';
import { buildChannelGraph } from '../../processing/graph/channel-graph';
import { decodeOnnx, onnxToGraph } from '../../processing/model/load-onnx';
import { forwardGraph } from '../../processing/nn/graph-forward';
import { worstProbabilityDelta } from '../fixtures/reference-outputs';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'onnx');
const root = join(import.meta.dirname, '..', '..');

/** A fixture's graph, with its external data file when it has one. */
function fixtureGraph(file: string) {
  const data = join(fixtures, `${file}.data`);
  const files = existsSync(data) ? new Map([[`${file}.data`, new Uint8Array(readFileSync(data))]]) : undefined;
  return onnxToGraph(decodeOnnx(new Uint8Array(readFileSync(join(fixtures, file))), file), file.replace(/\.onnx$/, ''), files);
}

describe('ONNX loader on PyTorch exports', () => {
  // lenet-opset9 is the same trained LeNet exported at opset 9 (attributes where opset 13 has inputs);
  // mobile reads its weights from mobile.onnx.data and folds PyTorch's F.pad shape arithmetic.
  for (const [file, name] of [['mlp', 'mlp'], ['lenet', 'lenet'], ['lenet-opset9', 'lenet'], ['resnet', 'resnet'], ['inception', 'inception'], ['separable', 'separable'], ['mobile', 'mobile']]) {
    it(`reads ${file}.onnx and gives PyTorch's probabilities for 8 held-out digits (max |Δ| ≤ 1e-4)`, () => {
      const graph = fixtureGraph(`${file}.onnx`);
      expect(graph.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
      if (file === 'mobile') expect(graph.ops.map((op) => op.kind)).toEqual(['input', 'conv2d', 'batchnorm', 'activation', 'zeropad', 'conv2d', 'activation', 'maxpool', 'flatten', 'dense', 'activation']);
      expect(worstProbabilityDelta(graph, join(fixtures, `${name}.reference.json`))).toBeLessThanOrEqual(1e-4);
      // The CNNs make channel graphs (planes for the picture).
      if (name !== 'mlp') expect(buildChannelGraph(graph).planes.length).toBeGreaterThan(3);
    });
  }

  it('names a file that is not an ONNX model in one sentence', () => {
    expect(() => decodeOnnx(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'x.keras')).toThrow(/^x\.keras is not (a readable )?(an )?ONNX model/);
    expect(() => decodeOnnx(new Uint8Array(0), 'empty.onnx')).toThrow(/^empty\.onnx is not an ONNX model: it holds no graph/);
  });

  it('names the external data file a model needs when it is not given', () => {
    const model = decodeOnnx(new Uint8Array(readFileSync(join(fixtures, 'mobile.onnx'))), 'mobile.onnx');
    expect(() => onnxToGraph(model, 'mobile')).toThrow(/keeps its weights in the external file 'mobile\.onnx\.data': give that file together with the model/);
    const short = new Map([['mobile.onnx.data', new Uint8Array(100)]]);
    expect(() => onnxToGraph(model, 'mobile', short)).toThrow(/reads bytes \d+…\d+ of 'mobile\.onnx\.data', which holds 100/);
  });
});

describe('ONNX in the CLI', () => {
  it('loads an .onnx file as a model graph with planes (nnwalk info / process)', async () => {
    const { loadAnyModel } = await import('../../processing/cli/inputs');
    const model = await loadAnyModel(join(fixtures, 'resnet.onnx'));
    expect(model.kind).toBe('graph');
    if (model.kind === 'graph') expect(model.channels.planes.filter((p) => p.kind === 'add')).toHaveLength(2);
  });
});

describe('ONNX loader, plane by plane', () => {
  it('matches every PyTorch module output of the first digit that maps to one op (max |Δ| ≤ 1e-4)', () => {
    const set = decodeDigitSet(new Uint8Array(readFileSync(join(root, 'src', 'assets', 'digits', 'mnist-heldout.nnwd'))));
    let compared = 0;
    for (const name of ['lenet', 'resnet', 'inception', 'separable', 'mobile']) {
      const reference = JSON.parse(readFileSync(join(fixtures, `${name}.reference.json`), 'utf8')) as { module_outputs_first_digit: Record<string, { shape: number[]; values: number[] }> };
      const graph = fixtureGraph(`${name}.onnx`);
      const input = Float32Array.from(set.pixels.subarray(0, 784), (v) => v / 255);
      const pass = forwardGraph(graph, input, 1);
      // torch.onnx.export names a module's node after its path: module block1.conv1 → '/block1/conv1/Conv'.
      for (const [module, out] of Object.entries(reference.module_outputs_first_digit)) {
        const path = `/${module.replace(/\./g, '/')}`;
        const k = graph.ops.findIndex((op) => op.kind !== 'zeropad' && op.name.startsWith(`${path}/`));
        // A module called twice (its second node is '/pool_1/…') keeps only its last output: skip it.
        if (k < 0 || graph.ops.some((op) => op.name.startsWith(`${path}_`))) continue;
        const ours = pass.values[k];
        const ref = out.values;
        let worst = 0;
        if (out.shape.length === 4) {
          const [, C, H, W] = out.shape;
          expect(graph.ops[k].shape).toEqual([H, W, C]);
          for (let c = 0; c < C; c++) for (let p = 0; p < H * W; p++) worst = Math.max(worst, Math.abs(ours[p * C + c] - ref[c * H * W + p]));
        } else {
          expect(ours.length).toBe(ref.length);
          for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(ours[i] - ref[i]));
        }
        expect(worst, `${name} ${module}`).toBeLessThanOrEqual(1e-4);
        compared++;
      }
    }
    // Every conv, BN, pool and linear module of the four CNNs that is its own ONNX node.
    expect(compared).toBeGreaterThanOrEqual(34);
  });
});
