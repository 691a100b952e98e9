/**
 * Feature visualization (issue 19) on the embedded networks: the input gradient of any unit or channel
 * matches finite differences; MLP and LeNet units' images reach at least the unit's largest held-out
 * value (every output unit and samples of the other planes, to keep CI short; all of them: `npm run
 * bench:visualize`, 140 of 140 and 273 of 274) and each class's image is classified as that class; regularisers
 * keep any image in range and finite (property-based); the same seed gives the same images; `nnwalk
 * visualize` writes the PNGs and the index, and a rerun takes them from its cache; the tfjs (GPU) route
 * climbs the same images as the typed-array route.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fromDigitSet } from '../../processing/data/dataset';
import { decodeDigitSet } from '../../processing/format/digits';
import { buildChannelGraph } from '../../processing/graph/channel-graph';
import { loadModelFile } from '../../processing/model/load-node';
import type { ModelGraph } from '../../processing/model/model-graph';
import { backwardGraph } from '../../processing/nn/graph-backward';
import { forwardGraph, graphProbabilities } from '../../processing/nn/graph-forward';
import { createRng } from '../../processing/util/rng';
import { liveModelOf } from '../../processing/input/live-model';
import { graphOfChain } from '../../processing/model/dense-chain';
import { visualizePlane } from '../../src/workers/visualize-job';
import { joinResults } from '../../src/app/preferred-visuals';
import { splitUnits } from '../../processing/visualize/visualize-units';
import { ascend, unitValues } from '../../processing/visualize/ascent';
import * as tf from '@tensorflow/tfjs';
import { tfAscentEngine } from '../../processing/visualize/tf-ascent';
import { heldOutStats, honestyOf } from '../../processing/visualize/honesty';
import { readPng } from '../../processing/visualize/png-images';
import { createRegulariser, imageStatsOf, kDeepVisionRegularisers } from '../../processing/visualize/regularise';
import { planeTargets, type VisualTarget } from '../../processing/visualize/targets';

const root = join(import.meta.dirname, '..', '..');
const held = fromDigitSet(decodeDigitSet(new Uint8Array(readFileSync(join(root, 'src/assets/digits/mnist-heldout.nnwd')))), 'held-out');
const stats = imageStatsOf(held.inputs);
const model = (id: string) => loadModelFile(join(root, `src/assets/models/${id}/model.json`));
const dir = mkdtempSync(join(tmpdir(), 'nnwalk-visualize-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Share of `units` of `target` whose image reaches the unit's largest value on 500 held-out digits. */
function beatShare(graph: ModelGraph, target: VisualTarget, units: number[]): { share: number; images: Float32Array } {
  const r = ascend(graph, target, units, { stats });
  const hs = heldOutStats(graph, target, held, 500);
  const beat = units.filter((u, k) => honestyOf(r.reached[k], hs, u).beatsData).length;
  for (const v of r.images) expect(v >= stats.lo && v <= stats.hi).toBe(true);
  return { share: beat / units.length, images: r.images };
}

function classifiedAsOwnClass(graph: ModelGraph, images: Float32Array): number {
  const p = graphProbabilities(graph, forwardGraph(graph, images, graph.classCount));
  let ok = 0;
  for (let k = 0; k < graph.classCount; k++) {
    const row = p.subarray(k * graph.classCount, (k + 1) * graph.classCount);
    if (row.indexOf(Math.max(...row)) === k) ok++;
  }
  return ok;
}

const all = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('feature visualization', () => {
  it('takes the input gradient of a channel mean after its ReLU and of a unit before it, as finite differences do', async () => {
    const graph = await model('mnist-lenet');
    const targets = planeTargets(graph, buildChannelGraph(graph));
    for (const name of ['conv2', 'fc1']) {
      const t = targets.find((x) => x.name === name)!;
      // Noise, not a digit: a digit's blank background gives equal values in a max-pool window, where the
      // derivative has a kink and finite differences disagree with any subgradient.
      const rng = createRng(11);
      const x = Float32Array.from({ length: 784 }, () => rng());
      const value = (img: Float32Array) => {
        const out = new Float32Array(1);
        unitValues(graph, forwardGraph(graph, img, 1, { until: t.objectiveOp }), t, t.objectiveOp, t.objectivePre, [3], out);
        return out[0];
      };
      const size = graph.ops[t.objectiveOp].shape.reduce((a, b) => a * b, 1);
      const seed = new Float32Array(size);
      for (let p = 0; p < t.perUnit; p++) seed[p * t.units + 3] = 1 / t.perUnit;
      const g = backwardGraph(graph, forwardGraph(graph, x, 1, { until: t.objectiveOp }), seed, { from: t.objectiveOp, seedAfterActivation: !t.objectivePre }).dValues[0]!;
      // The pixels with the largest gradients: central differences agree (the ReLUs stay on one side at ±1e-3).
      const order = all(784).sort((a, b) => Math.abs(g[b]) - Math.abs(g[a])).slice(0, 5);
      for (const i of order) {
        const up = x.slice();
        const down = x.slice();
        up[i] += 1e-3;
        down[i] -= 1e-3;
        expect((value(up) - value(down)) / 2e-3).toBeCloseTo(g[i], 2);
      }
    }
  }, 60_000);

  it('lifts MLP units above their held-out maximum; each class\'s image is read as that class', async () => {
    const graph = await model('mnist-mlp');
    const targets = planeTargets(graph, buildChannelGraph(graph));
    expect(targets.map((t) => `${t.name}:${t.units}`)).toEqual(['dense_1:81', 'dense_2:49', 'dense_3:10']);
    // Every output unit, every fifth hidden one (the whole MLP, 140 of 140: npm run bench:visualize).
    const shares = targets.map((t) => beatShare(graph, t, t.units === 10 ? all(10) : all(Math.ceil(t.units / 5)).map((k) => k * 5)));
    expect(shares.map((s) => s.share).every((s) => s >= 0.9)).toBe(true);
    expect(classifiedAsOwnClass(graph, shares[2].images)).toBeGreaterThanOrEqual(8);
  }, 120_000);

  it('lifts LeNet\'s channels and units above their held-out maxima; each class\'s image is read as that class', async () => {
    const graph = await model('mnist-lenet');
    const targets = planeTargets(graph, buildChannelGraph(graph));
    const byName = (n: string) => targets.find((t) => t.name === n)!;
    expect(byName('conv2').spatial).toBe(true);
    expect(byName('conv2').perUnit).toBe(10 * 10);
    let beat = 0;
    let units = 0;
    for (const [name, chosen] of [['conv1', all(6)], ['conv2', all(8).map((k) => k * 2)], ['fc1', all(6).map((k) => k * 20)], ['fc3', all(10)]] as const) {
      const r = beatShare(graph, byName(name), [...chosen]);
      beat += r.share * chosen.length;
      units += chosen.length;
      if (name === 'fc3') expect(classifiedAsOwnClass(graph, r.images)).toBeGreaterThanOrEqual(8);
    }
    expect(beat / units).toBeGreaterThanOrEqual(0.9);
  }, 120_000);

  it('keeps regularised images in range and finite, whatever they hold', () => {
    const reg = createRegulariser({ h: 12, w: 10, c: 3 }, kDeepVisionRegularisers, { lo: -1, hi: 2, mean: 0.3, std: 0.7 });
    fc.assert(fc.property(fc.array(fc.float({ min: -1, max: 2, noNaN: true }), { minLength: 360, maxLength: 360 }), fc.integer({ min: 0, max: 1000 }), (values, seed) => {
      const img = Float32Array.from(values);
      const rng = createRng(seed);
      for (let k = 0; k < 3; k++) reg.apply(img, rng);
      return img.every((v) => Number.isFinite(v) && v >= -1 && v <= 2);
    }), { numRuns: 200, seed: 7 });
    expect(() => imageStatsOf(new Float32Array(10).fill(0.5))).toThrow('no spread of values');
  });

  it('gives the same images for the same seed (whatever the batch or worker), other images for another, and refuses bad settings', async () => {
    const graph = await model('mnist-mlp');
    const t = planeTargets(graph, buildChannelGraph(graph))[2];
    const run = (seed: number) => ascend(graph, t, [1, 7], { stats, settings: { iterations: 15, seed } }).images;
    expect(Array.from(run(3))).toEqual(Array.from(run(3)));
    expect(Array.from(run(3))).not.toEqual(Array.from(run(4)));
    // An image depends on its unit and the seed, not on its batch: so workers side by side give the same images.
    const lenet = await model('mnist-lenet');
    const conv2 = planeTargets(lenet, buildChannelGraph(lenet)).find((x) => x.name === 'conv2')!;
    const together = ascend(lenet, conv2, [2, 9, 11], { stats, settings: { iterations: 12 } });
    const alone = ascend(lenet, conv2, [9], { stats, settings: { iterations: 12 } });
    expect(Array.from(alone.images)).toEqual(Array.from(together.images.subarray(784, 2 * 784)));
    expect(splitUnits([...Array(120).keys()], 2).map((c) => [c[0], c.length])).toEqual([[0, 60], [60, 60]]);
    expect(splitUnits([0, 1, 2], 4)).toEqual([[0], [1], [2]]);
    const chunks = splitUnits([2, 9, 11], 2).map((units) => visualizePlane(liveModelOf(lenet), held, { kind: 'visualize', plane: 'conv2', units, settings: { iterations: 12 } }, () => undefined));
    const joined = joinResults(chunks);
    expect(joined.units).toEqual([2, 9, 11]);
    expect(Array.from(joined.images)).toEqual(Array.from(together.images));
    // Starting from a digit instead of noise.
    const start = held.inputs.slice(0, 784);
    expect(Array.from(ascend(graph, t, [1], { stats, start, settings: { iterations: 1 } }).images)).not.toEqual(Array.from(ascend(graph, t, [1], { stats, settings: { iterations: 1 } }).images));
    expect(() => ascend(graph, t, [10], { stats })).toThrow("plane 'dense_3' has 10 units, there is no unit 10");
    expect(() => ascend(graph, t, [0], { stats, settings: { iterations: 0 } })).toThrow('iterations must be a whole number');
    expect(() => ascend(graph, t, [0], { stats, settings: { step: Number.NaN } })).toThrow('the step must be a positive number');
  });

  it('the tfjs route (the app\'s GPU route, here on tfjs\'s CPU backend) climbs the images the typed-array route climbs', async () => {
    await tf.setBackend('cpu');
    const engine = tfAscentEngine(tf);
    for (const [id, plane] of [['mnist-mlp', 'dense_2'], ['mnist-lenet', 'conv2'], ['mnist-lenet', 'fc3'], ['mnist-resnet', 'stem_conv']]) {
      const graph = await model(id);
      const target = planeTargets(graph, buildChannelGraph(graph)).find((t) => t.name === plane)!;
      const units = [0, 3];
      const cpu = ascend(graph, target, units, { stats, settings: { iterations: 20 } });
      const tensors = tf.memory().numTensors;
      const gpu = engine(graph, target, units, { stats, settings: { iterations: 20 } });
      // Same seeded warps in the same order, same steps: equal up to float rounding; nothing left on the backend.
      let worst = 0;
      for (let i = 0; i < cpu.images.length; i++) worst = Math.max(worst, Math.abs(cpu.images[i] - gpu.images[i]));
      expect(worst, `${id} ${plane}`).toBeLessThan(1e-3);
      for (let k = 0; k < units.length; k++) expect(gpu.reached[k]).toBeCloseTo(cpu.reached[k], 2);
      expect(tf.memory().numTensors).toBe(tensors);
    }
  });

  it('visualizes a Dense chain through its model graph in the app\'s worker job, with progress', async () => {
    const graph = await model('mnist-mlp');
    const live = liveModelOf(graph);
    expect(live.kind).toBe('chain');
    const chain = live.kind === 'chain' ? live.chain : null;
    // The chain's graph computes what the loaded graph computes.
    const again = graphOfChain(chain!);
    const x = held.inputs.subarray(0, 784 * 3);
    expect(Array.from(graphProbabilities(again, forwardGraph(again, x, 3)))).toEqual(Array.from(graphProbabilities(graph, forwardGraph(graph, x, 3))));
    const reports: number[] = [];
    const r = visualizePlane(live, held, { kind: 'visualize', plane: 'dense_3', settings: { iterations: 20 } }, (done, total) => reports.push(done / total));
    expect(r.images.length).toBe(10 * 784);
    expect([r.shape, r.range]).toEqual([{ h: 28, w: 28, c: 1 }, [0, 1]]);
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.at(-1)).toBe(1);
    const direct = ascend(graph, planeTargets(graph, buildChannelGraph(graph))[2], all(10), { stats, settings: { iterations: 20 } });
    expect(Array.from(r.images)).toEqual(Array.from(direct.images));
    expect(() => visualizePlane(live, held, { kind: 'visualize', plane: 'dense_9' }, () => undefined)).toThrow("no plane 'dense_9'");
  });

  it('nnwalk visualize writes one PNG per unit, a sheet and the index; a rerun comes from its cache', () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, 'processing/cli/nnwalk.mjs'), 'visualize', join(root, 'src/assets/models/mnist-mlp/model.json'), ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    const first = cli('--plane', 'dense_3', '--iterations', '40', '--out', 'v');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/dense_3 \(10 units\): \d+\.\d s; \d+ of 10 \(\d+ %\) reach their largest held-out value/);
    expect(first.stdout).toMatch(/\n {5}7: -?\d+\.\d\d = /);
    const index = JSON.parse(readFileSync(join(dir, 'v/visualize.json'), 'utf8'));
    expect(index.planes[0].units).toHaveLength(10);
    expect(index.planes[0].settings ?? index.settings).toMatchObject({ iterations: 40, step: 0.15 });
    const png = readFileSync(join(dir, 'v', index.planes[0].units[7].file));
    const image = readPng(png);
    expect([image.width, image.height, image.channels]).toEqual([28, 28, 1]);
    const sheet = readPng(readFileSync(join(dir, 'v', index.planes[0].sheet)));
    expect(sheet.width).toBe(4 * 57 + 1);
    const again = cli('--plane', 'dense_3', '--iterations', '40', '--out', 'v');
    expect(again.stdout).toContain('dense_3 (10 units): from the cache');
    expect(readFileSync(join(dir, 'v', index.planes[0].units[7].file)).equals(png)).toBe(true);
    // Other settings are another key: computed again.
    expect(cli('--plane', 'dense_3', '--iterations', '41', '--out', 'v').stdout).not.toContain('from the cache');
    const bad = cli('--plane', 'nope');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("no plane 'nope': the planes are dense_1, dense_2, dense_3");
    const usage = cli('--iterations', '0');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("--iterations must be a whole number from 1 to 10000, got '0'");
  }, 120_000);
});
