import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { confusionMatrix, errorRows, perClassAccuracy, samplesOf } from '../../processing/analysis/confusion';
import { predictSamples } from '../../processing/analysis/predict';
import { accuracyAtFraction, appPruningReport, prunedPicture, prunePlan } from '../../processing/analysis/app-pruning';
import { fromDigitSet, takeSamples } from '../../processing/data/dataset';
import { pruneOrder, pruningCurve } from '../../processing/evaluate/pruning-curves';
import { decodeDigitSet } from '../../processing/format/digits';
import { weightMagnitude } from '../../processing/importance/weight-magnitude';
import { liveModelOf, runLive } from '../../processing/input/live-model';
import { loadTfjsGraphFile } from '../../processing/model/load-node';
import { buildChannelGraph } from '../../processing/graph/channel-graph';
import { channelWeightPath } from '../../processing/graph/channel-importance';
import { randomCnnGraph, parseRandomCnn } from '../../processing/graph/random-cnn';
import { chordLayout } from '../../src/ui/analysis/chord-layout';

const root = join(import.meta.dirname, '..', '..');
const heldOut = () => fromDigitSet(decodeDigitSet(new Uint8Array(readFileSync(join(root, 'src/assets/digits/mnist-heldout.nnwd')))), 'held-out');
const report = JSON.parse(readFileSync(join(root, 'src/assets/models/training-report.json'), 'utf8')) as { models: Record<string, { heldOutAccuracy: number }> };
const modelOf = async (name: string) => liveModelOf(await loadTfjsGraphFile(join(root, `src/assets/models/${name}/model.json`)));

describe('confusion matrix and chord diagram', () => {
  it('counts a hand-made set of predictions and lays its errors out as ribbons', () => {
    // true:      0 0 1 1 1 2 2 2 2
    // predicted: 0 1 1 2 2 2 0 0 1   → errors 0→1 ×1, 1→2 ×2, 2→0 ×2, 2→1 ×1
    const labels = [0, 0, 1, 1, 1, 2, 2, 2, 2];
    const predicted = [0, 1, 1, 2, 2, 2, 0, 0, 1];
    const conf = confusionMatrix(labels, predicted, 3);
    expect(Array.from(conf.matrix)).toEqual([1, 1, 0, 0, 1, 2, 2, 1, 1]);
    expect(Array.from(conf.counts)).toEqual([2, 3, 4]);
    expect(Array.from(conf.correct)).toEqual([1, 1, 1]);
    expect(conf.overall).toBeCloseTo(3 / 9, 12);
    expect(perClassAccuracy(conf)).toEqual([0.5, 1 / 3, 0.25]);
    expect(Array.from(samplesOf(labels, predicted, 2, 0))).toEqual([6, 7]);
    expect(errorRows(conf)).toEqual([[0, 1, 0], [0, 0, 2], [2, 1, 0]]);

    const chord = chordLayout(errorRows(conf), 100);
    expect(chord.total).toBe(6);
    const ribbons = chord.ribbons.map((r) => `${r.source}→${r.target}×${r.count}`).sort();
    expect(ribbons).toEqual(['0→1×1', '1→2×2', '2→0×2', '2→1×1']);
    for (const r of chord.ribbons) expect(r.path).toMatch(/^M.*Z$/);
    // A group's arc spans its errors out and in, in proportion to the counts.
    const span = (k: number) => chord.groups[k].endAngle - chord.groups[k].startAngle;
    expect(chord.groups.map((g) => [g.outgoing, g.incoming])).toEqual([[1, 2], [2, 2], [3, 2]]);
    expect(span(2) / span(0)).toBeCloseTo(5 / 3, 6);
    expect(() => confusionMatrix([0, 3], [0, 0], 3)).toThrow(/outside the model's 3 classes/);
    expect(() => chordLayout([[0, Number.NaN], [0, 0]], 50)).toThrow(/not a non-negative number/);
    expect(chordLayout([[5, 0], [0, 7]], 50)).toMatchObject({ total: 0, ribbons: [], groups: [] });
  });
});

describe('held-out evaluation of the embedded networks', () => {
  it('scores the default MLP like tfjs did at training time, and its ribbon digits are really misclassified', async () => {
    const model = await modelOf('mnist-mlp');
    const data = heldOut();
    const predicted = predictSamples(model, data);
    const conf = confusionMatrix(data.labels, predicted, 10);
    expect(conf.matrix.reduce((a, b) => a + b, 0)).toBe(2000);
    // training-report.json's accuracy was scored by tfjs on the same 2,000 digits.
    expect(conf.overall).toBeCloseTo(report.models['mnist-mlp'].heldOutAccuracy, 6);
    const rows = errorRows(conf);
    let worst: [number, number] = [0, 0];
    rows.forEach((r, t) => r.forEach((v, p) => { if (v > rows[worst[0]][worst[1]]) worst = [t, p]; }));
    const [t, p] = worst;
    const digits = samplesOf(data.labels, predicted, t, p);
    expect(digits.length).toBe(rows[t][p]);
    expect(digits.length).toBeGreaterThan(3);
    // The single-input path the app's activation view uses agrees, digit by digit.
    for (const i of digits) {
      expect(data.labels[i]).toBe(t);
      expect(runLive(model, data.inputs.subarray(i * 784, (i + 1) * 784)).predicted).toBe(p);
    }
  }, 60_000);

  it('scores LeNet through the channel-graph forward pass like tfjs did at training time', async () => {
    const model = await modelOf('mnist-lenet');
    expect(model.kind).toBe('graph');
    const data = heldOut();
    const conf = confusionMatrix(data.labels, predictSamples(model, data), 10);
    expect(conf.overall).toBeCloseTo(report.models['mnist-lenet'].heldOutAccuracy, 6);
  }, 120_000);
});

describe('pruning in the app', () => {
  it('gives the accuracy of `nnwalk evaluate`\'s |w| curve at the same fraction, and marks those edges in the picture', async () => {
    const model = await modelOf('mnist-mlp');
    if (model.kind !== 'chain') throw new Error('the default network is a chain');
    const data = takeSamples(heldOut(), 1000);
    const plan = prunePlan(model, new Float32Array(0));
    expect(plan.unit).toBe('edges');
    const fractions = [0, 0.3, 0.6, 0.9];
    // evaluate's "weight" criterion: the same edge scores, the same order, the same curve code.
    const curve = pruningCurve(model.chain, data, pruneOrder(weightMagnitude(model.chain), 'ascending'), fractions, 'weight', 'ascending');
    fractions.forEach((f, k) => expect(accuracyAtFraction(model, data, plan, f).overall, `at ${f}`).toBe(curve.accuracy[k]));
    expect(curve.accuracy[3]).toBeLessThan(curve.accuracy[0]);

    // The picture: a chain of all edges (gap, source, target), as the app lays the MLP out.
    const sizes = [784, 81, 49, 10];
    const src: number[] = [];
    const dst: number[] = [];
    let off = 0;
    for (let g = 0; g < 3; g++) {
      for (let i = 0; i < sizes[g]; i++) for (let j = 0; j < sizes[g + 1]; j++) { src.push(off + i); dst.push(off + sizes[g] + j); }
      off += sizes[g];
    }
    const picture = prunedPicture({ layerSizes: sizes, edgeSource: Uint32Array.from(src), edgeTarget: Uint32Array.from(dst) }, model, plan, 0.6);
    expect(picture.edges.reduce((a, b) => a + b, 0)).toBe(Math.floor(0.6 * src.length));
    // Every pruned edge is weaker (|w| / gap max) than every kept one of its gap's threshold.
    const mags = weightMagnitude(model.chain).flatMap((m) => Array.from(m));
    let maxPruned = 0;
    let minKept = Infinity;
    picture.edges.forEach((pruned, e) => { if (pruned) maxPruned = Math.max(maxPruned, mags[e]); else minKept = Math.min(minKept, mags[e]); });
    expect(maxPruned).toBeLessThanOrEqual(minKept);
  }, 60_000);

  it('prunes a CNN\'s hidden channels least important first, hides their edges, and draws curves that fall', () => {
    const graph = randomCnnGraph(parseRandomCnn('cnn:3x4@8'), 5);
    const channels = buildChannelGraph(graph);
    const model = { kind: 'graph' as const, graph, channels };
    const importance = channelWeightPath(channels);
    const plan = prunePlan(model, importance.nodes);
    expect(plan.unit).toBe('channels');
    const net = { layerSizes: channels.sizes, edgeSource: channels.edgeSource, edgeTarget: channels.edgeTarget };
    const picture = prunedPicture(net, model, plan, 0.5);
    const gone = new Set(Array.from(plan.order.subarray(0, Math.floor(0.5 * plan.order.length))));
    expect(picture.nodes!.reduce((a, b) => a + b, 0)).toBe(gone.size);
    picture.edges.forEach((pruned, e) => expect(pruned === 1).toBe(gone.has(channels.edgeSource[e]) || gone.has(channels.edgeTarget[e])));
    // Input and output planes are never pruned.
    expect([...gone].every((n) => n >= channels.sizes[0] && n < channels.sizes.slice(0, -1).reduce((a, b) => a + b, 0))).toBe(true);
    const n = 8 * 8 * 3;
    const inputs = new Float32Array(40 * n).map((_, i) => ((i * 7919) % 101) / 101);
    const labels = Uint32Array.from({ length: 40 }, (_, s) => s % 10);
    const data = { count: 40, inputSize: n, inputs, labels, classCount: 10, source: 'synthetic' };
    const r = appPruningReport(model, data, plan, [0, 0.5, 0.95], 2);
    expect(r.curves.map((c) => c.order)).toEqual(['ascending', 'descending']);
    expect(r.random.accuracy).toHaveLength(3);
    expect(accuracyAtFraction(model, data, plan, 0.5).overall).toBe(r.curves[0].accuracy[1]);
    expect(() => accuracyAtFraction(model, data, plan, 1.5)).toThrow(/fraction must lie in \[0, 1\]/);
  });
});

describe('picked files to compare', () => {
  it('groups ONNX files with their external data, Keras files alone and one tfjs model with its shards, and names the rest', async () => {
    const { groupModelFiles } = await import('../../src/app/compare-files');
    const f = (name: string) => ({ name });
    const groups = groupModelFiles([f('a.onnx'), f('a.onnx.data'), f('b.keras'), f('c.h5'), f('model.json'), f('group1-shard1of1.bin')]);
    expect(groups.map((g) => [g.name, g.files.map((x) => x.name)])).toEqual([
      ['a', ['a.onnx', 'a.onnx.data']], ['b', ['b.keras']], ['c', ['c.h5']], ['model', ['model.json', 'group1-shard1of1.bin']],
    ]);
    expect(() => groupModelFiles([f('model.json'), f('other.json')])).toThrow(/2 model.json files were picked/);
    expect(() => groupModelFiles([f('a.onnx'), f('notes.txt')])).toThrow(/notes.txt: not a model file/);
    expect(() => groupModelFiles([])).toThrow(/no model files were picked/);
  });
});

describe('training snapshots', () => {
  it('reads a manifest, refuses bad ones in one sentence, and finds epochs in checkpoint names', async () => {
    const { parseSnapshotManifest, snapshotManifest, epochOfName } = await import('../../processing/train/snapshots');
    const good = snapshotManifest([{ epoch: 2, model: 'e2/model.json', heldOutAccuracy: 0.9 }, { epoch: 0, model: 'e0/model.json', heldOutAccuracy: 0.1 }], 'digits');
    expect(parseSnapshotManifest(JSON.stringify(good), 'm').epochs.map((e) => e.epoch)).toEqual([0, 2]);
    const bad = (patch: object) => () => parseSnapshotManifest(JSON.stringify({ ...good, ...patch }), 'm.json');
    expect(bad({ format: 'x' })).toThrow(/m.json: not a training-snapshot manifest/);
    expect(bad({ epochs: [] })).toThrow(/must list 1 to 1000 snapshots/);
    expect(bad({ epochs: [{ epoch: 1, model: '../../etc/passwd', heldOutAccuracy: 0.5 }] })).toThrow(/relative to the manifest, inside its folder/);
    expect(bad({ epochs: [{ epoch: 1, model: 'https://elsewhere/m.json', heldOutAccuracy: 0.5 }] })).toThrow(/relative to the manifest/);
    expect(bad({ epochs: [{ epoch: 1, model: 'a', heldOutAccuracy: 0.5 }, { epoch: 1, model: 'b', heldOutAccuracy: 0.5 }] })).toThrow(/snapshot 1: epoch must be a whole number above/);
    expect(bad({ epochs: [{ epoch: 1, model: 'a', heldOutAccuracy: Number.NaN }] })).toThrow(/heldOutAccuracy must be a number in \[0, 1\]/);
    expect(() => parseSnapshotManifest('{', 'm')).toThrow(/not valid JSON/);
    expect([epochOfName('ckpt/epoch-07.keras'), epochOfName('run3/epoch_12/model.json'), epochOfName('final.onnx')]).toEqual([7, 12, null]);
  });

  it('`nnwalk snapshots` scores epoch models on the held-out digits and writes the manifest the app reads', async () => {
    const { mkdtempSync, cpSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { runSnapshots } = await import('../../processing/cli/commands/snapshots');
    const { createProgress } = await import('../../processing/cli/progress');
    const { parseSnapshotManifest } = await import('../../processing/train/snapshots');
    const dir = mkdtempSync(join(tmpdir(), 'nnwalk-snapshots-'));
    const embedded = join(root, 'src/assets/models/mnist-mlp/epochs');
    for (const e of ['epoch-01', 'epoch-12']) cpSync(join(embedded, e), join(dir, 'run', e), { recursive: true });
    const out = await runSnapshots({ models: [join(dir, 'run/epoch-12/model.json'), join(dir, 'run/epoch-01/model.json')], out: join(dir, 'run/epochs.json') }, createProgress(false));
    expect(out).toContain('wrote');
    const manifest = parseSnapshotManifest(readFileSync(join(dir, 'run/epochs.json'), 'utf8'), 'epochs.json');
    const shipped = parseSnapshotManifest(readFileSync(join(embedded, 'epochs.json'), 'utf8'), 'shipped');
    // Epochs from the names, sorted; accuracies as train-default scored them with tfjs.
    expect(manifest.epochs.map((e) => [e.epoch, e.model])).toEqual([[1, 'epoch-01/model.json'], [12, 'epoch-12/model.json']]);
    expect(manifest.epochs.map((e) => e.heldOutAccuracy)).toEqual([shipped.epochs[1].heldOutAccuracy, shipped.epochs[12].heldOutAccuracy]);
    await expect(runSnapshots({ models: [join(dir, 'run/epoch-01/model.json'), join(root, 'src/assets/models/mnist-lenet/model.json')], out: join(dir, 'x.json') }, createProgress(false))).rejects.toThrow(/snapshots must be of one architecture/);
  }, 60_000);
});
