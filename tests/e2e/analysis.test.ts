/**
 * The analysis panel on the default network (real mouse and keys): the held-out evaluation in the worker
 * gives tfjs's accuracy, a click on the biggest ribbon lists digits the model really misclassifies (checked
 * in Node), a click on one feeds it; a class bar colours by its class; the pruning slider's accuracy is the
 * one Node computes for the same fraction, the picture loses those edges, and the curves agree with it;
 * the embedded trio side by side, in sync, with accuracies and bundle metrics; the preferred-input view
 * (tiles of the computed images, one carried to the input plane); the training playback.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { accuracyAtFraction, prunePlan } from '../../processing/analysis/app-pruning';
import { fromDigitSet } from '../../processing/data/dataset';
import { decodeDigitSet } from '../../processing/format/digits';
import { liveModelOf, runLive } from '../../processing/input/live-model';
import { loadModelFile, loadTfjsGraphFile } from '../../processing/model/load-node';
import { buildChannelGraph } from '../../processing/graph/channel-graph';
import { ascend } from '../../processing/visualize/ascent';
import { imageStatsOf } from '../../processing/visualize/regularise';
import { planeTargets } from '../../processing/visualize/targets';
import { openApp, stopApp, waitForNetwork, type AppSession } from './harness';
import { differingFraction, scenePixels } from './pixels';
import { correlation, tileDarkness } from './tile-reads';

const root = join(import.meta.dirname, '..', '..');
const heldOut = () => fromDigitSet(decodeDigitSet(new Uint8Array(readFileSync(join(root, 'src/assets/digits/mnist-heldout.nnwd')))), 'held-out');
const defaultModel = async () => liveModelOf(await loadTfjsGraphFile(join(root, 'src/assets/models/mnist-mlp/model.json')));

async function openPanel(page: Page, tab: 'errors' | 'pruning') {
  if (!(await page.evaluate(() => window.nnwalk!.analysis.open))) await page.keyboard.press('e');
  await page.click(`#analysis .tabs button[data-tab="${tab}"]`);
}

describe('analysis panel (desktop)', () => {
  let s: AppSession;
  let page: Page;
  beforeAll(async () => {
    s = await openApp('?bundle=0', { width: 800, height: 600 });
    page = s.page;
    expect(await waitForNetwork(page)).toBe('ready');
  });
  afterAll(async () => {
    await s?.close();
    await stopApp();
  });

  it('evaluates the held-out digits, and a ribbon leads to a digit the model really gets wrong', async () => {
    await openPanel(page, 'errors');
    await page.click('#analysis button.evaluate');
    await page.waitForFunction(() => window.nnwalk!.analysis.view().errors !== null, undefined, { timeout: 60_000 });
    const summary = await page.textContent('#analysis .summary');
    // training-report.json: tfjs scored the default network 95.3 % on the same digits.
    expect(summary).toMatch(/^95\.3 % of 2,000 held-out digits right, 94 wrong/);
    const biggest = await page.evaluate(() => {
      const r = window.nnwalk!.analysis.view().errors!.chord.ribbons;
      const top = r.reduce((a, b) => (b.count > a.count ? b : a));
      return { t: top.source, p: top.target, count: top.count, ribbons: r.length };
    });
    expect(biggest.ribbons).toBeGreaterThan(20);
    const at = await page.evaluate(({ t, p }) => window.nnwalk!.analysis.ribbonPoint(t, p), biggest);
    expect(at).not.toBeNull();
    await page.mouse.click(at!.x, at!.y);
    await page.waitForFunction((n) => document.querySelectorAll('#analysis .wrong canvas').length === n, biggest.count, { timeout: 10_000 });
    const picked = await page.evaluate(() => window.nnwalk!.analysis.view().ribbon!);
    expect([picked.t, picked.p]).toEqual([biggest.t, biggest.p]);
    const index = Number(await page.getAttribute('#analysis .wrong canvas', 'data-digit'));
    await page.click('#analysis .wrong canvas');
    await page.waitForFunction(() => window.nnwalk!.state().input !== null, undefined, { timeout: 10_000 });
    const input = await page.evaluate(() => ({ label: window.nnwalk!.state().input!.label, predicted: window.nnwalk!.state().input!.live.predicted, signal: window.nnwalk!.state().look.signal }));
    expect(input.label).toContain(`held-out #${index}`);
    expect(input.signal).toBe('activation');
    // In Node, through the model file: this digit's label is t and the model reads p.
    const data = heldOut();
    expect(data.labels[index]).toBe(biggest.t);
    expect(runLive(await defaultModel(), data.inputs.subarray(index * 784, (index + 1) * 784)).predicted).toBe(biggest.p);
    expect(input.predicted).toBe(biggest.p);
    // A class bar turns on that class's colouring; a second click turns it off.
    await page.click('#analysis .acc-bars .bar[data-class="3"]');
    expect(await page.evaluate(() => window.nnwalk!.state().look.colorMode)).toEqual({ kind: 'class', k: 3 });
    await page.click('#analysis .acc-bars .bar[data-class="3"]');
    expect(await page.evaluate(() => window.nnwalk!.state().look.colorMode)).toEqual({ kind: 'all' });
    expect(s.errors).toEqual([]);
  });

  it('prunes the shown network with the slider at the accuracy Node computes, and draws the curves', async () => {
    await openPanel(page, 'pruning');
    const before = await page.evaluate(() => window.nnwalk!.state().view!.edgesShown);
    await page.locator('#analysis .pruning input[type=range]').fill('50');
    await page.waitForFunction(() => window.nnwalk!.analysis.view().pruning.accuracy?.fraction === 0.5, undefined, { timeout: 30_000 });
    const app = await page.evaluate(() => {
      const a = window.nnwalk!.analysis.view().pruning.accuracy!;
      const pruned = window.nnwalk!.state().look.pruned!;
      return { overall: a.overall, pruned: a.pruned, total: a.total, hidden: pruned.edges.reduce((x, y) => x + y, 0), shown: window.nnwalk!.state().view!.edgesShown };
    });
    const model = await defaultModel();
    const node = accuracyAtFraction(model, heldOut(), prunePlan(model, new Float32Array(0)), 0.5);
    expect(app.overall).toBe(node.overall);
    expect(app.pruned).toBe(node.pruned);
    expect(app.total).toBe(67_963);
    expect(app.hidden).toBeGreaterThan(0);
    expect(app.shown).toBeLessThan(before);
    expect(await page.textContent('#analysis .readout')).toContain(`held-out accuracy ${(node.overall * 100).toFixed(1)} %`);

    await page.click('#analysis button.curves');
    await page.waitForFunction(() => window.nnwalk!.analysis.view().pruning.curves !== null, undefined, { timeout: 120_000 });
    const curve = await page.evaluate(() => {
      const r = window.nnwalk!.analysis.view().pruning.curves!.report;
      const k = r.fractions.indexOf(0.5);
      return { least: r.curves[0].accuracy[k], most: r.curves[1].accuracy[k], random: r.random.accuracy[k], ordered: r.auc.weight.ordered };
    });
    expect(curve.least).toBe(node.overall);
    expect(curve.least).toBeGreaterThan(curve.random);
    expect(curve.random).toBeGreaterThan(curve.most);
    expect(curve.ordered).toBe(true);
    expect(await page.locator('#analysis .chart svg path').count()).toBe(3);
    // Back to 0: the whole network again.
    await page.locator('#analysis .pruning input[type=range]').fill('0');
    await page.waitForFunction(() => window.nnwalk!.state().look.pruned === null, undefined, { timeout: 10_000 });
    expect(s.errors).toEqual([]);
  });

  it('puts the untrained and L1 companions beside the default network, in sync (selection by a click on any copy), with their accuracies and bundle metrics', async () => {
    // This page opened straight (bundle=0): bundle the main network first, as a normal start does.
    await page.evaluate(() => window.nnwalk!.rebundle({}, { watch: false }));
    await page.evaluate(() => window.nnwalk!.compare.trio());
    await page.waitForFunction(() => window.nnwalk!.compare.summary().length === 3 && window.nnwalk!.compare.summary().every((r) => r.state === 'done'), undefined, { timeout: 240_000, polling: 500 });
    const rows = await page.evaluate(() => window.nnwalk!.compare.summary());
    expect(rows.map((r) => r.name)).toEqual(['untrained', 'trained', 'L1-regularised']);
    // Accuracies as tfjs scored them at training time (training-report.json).
    expect(rows.map((r) => r.accuracy)).toEqual([0.102, 0.953, 0.9365]);
    const m = rows.map((r) => r.metrics!);
    for (const q of m) {
      expect(q.distortionMean).toBeGreaterThan(1);
      expect(q.voxelInkRatio).toBeGreaterThan(0);
      expect(q.voxelInkRatio).toBeLessThan(1);
      expect(q.classSeparation).toBeGreaterThan(q.classSeparationStraight);
    }
    // nn_vis's observation, by mean distortion: the untrained network's edges spread widest, L1's least
    // (by a few thousandths; ink and class separation do not follow this order: README, Compare).
    expect(m[0].distortionMean).toBeGreaterThan(m[1].distortionMean);
    expect(m[1].distortionMean).toBeGreaterThan(m[2].distortionMean);
    expect(await page.locator('#compare tbody tr').count()).toBe(3);
    // Selecting an output node rings the same node in both companions; an input reaches all three.
    const node = 784 + 81 + 49 + 3;
    await page.evaluate((n) => window.nnwalk!.select(n), node);
    expect(await page.evaluate(() => window.nnwalk!.compare.rings())).toEqual([node, node]);
    await page.evaluate(() => window.nnwalk!.select(null));
    expect(await page.evaluate(() => window.nnwalk!.compare.rings())).toEqual([-1, -1]);
    // A click on a companion's node selects it: the main network and the other companion ring it too.
    const other = 784 + 81 + 49 + 7;
    const [x, y] = await page.evaluate((n) => window.nnwalk!.project(window.nnwalk!.compare.nodeWorldPosition(0, n)), other);
    await page.mouse.click(x * 800, y * 600);
    expect(await page.evaluate(() => window.nnwalk!.state().selected)).toBe(other);
    expect(await page.evaluate(() => window.nnwalk!.compare.rings())).toEqual([other, other]);
    await page.evaluate(() => window.nnwalk!.select(null));
    await page.click('#compare .close');
    expect(await page.evaluate(() => window.nnwalk!.compare.active)).toBe(false);
    expect(s.errors).toEqual([]);
  });

  it('preferred-input view: the output units\' images computed in a worker are drawn as their nodes\' tiles; one carried onto the input plane is read as its class; again from the cache', async () => {
    await page.keyboard.press('o');
    expect(await page.evaluate(() => window.nnwalk!.preferred.view().planes.map((p) => p.name))).toEqual(['dense_1', 'dense_2', 'dense_3']);
    // The output plane is chosen first: one image per class.
    expect(await page.inputValue('#preferred .plane')).toBe('dense_3');
    await page.click('#preferred .run');
    await page.waitForFunction(() => window.nnwalk!.preferred.view().visuals !== null && window.nnwalk!.preferred.view().job === null, undefined, { timeout: 60_000 });
    expect(await page.textContent('#preferred .summary')).toMatch(/^dense_3: (9|10) of 10 reach their largest held-out value · \d+\.\d s \(cpu\b.*\)$/);
    // The view: the input plane's tile (the drop target), then one tile per output node showing its image.
    const maps = await page.evaluate(() => window.nnwalk!.maps());
    const out0 = 784 + 81 + 49;
    expect(maps.visible).toBe(true);
    expect(maps.tiles).toEqual([{ plane: 0, channel: -1, node: -1 }, ...Array.from({ length: 10 }, (_, k) => ({ plane: 3, channel: k, node: out0 + k }))]);
    const images = await page.evaluate(() => {
      const v = window.nnwalk!.preferred.visuals().get('dense_3')!;
      return Array.from({ length: 10 }, (_, k) => Array.from(v.images.subarray(k * 784, (k + 1) * 784), (x) => (x - v.range[0]) / (v.range[1] - v.range[0])));
    });
    // Ink on paper: the screen under unit 7's tile (drawn tile 8) is dark where its image is bright, and
    // follows that image far more than any other unit's (edges and neighbouring tiles cover parts of it).
    const dark = (await tileDarkness(page, 8)).dark;
    const scores = images.map((image) => correlation(dark, image));
    expect(scores[7]).toBeGreaterThan(0.5);
    expect(Math.max(...scores.filter((_, k) => k !== 7))).toBeLessThan(scores[7] - 0.25);
    // Carry unit 7's tile onto the input plane's tile: the network reads it as a 7.
    const from = (await page.evaluate(() => window.nnwalk!.tileTexel(8, 14, 14)))!;
    const to = (await page.evaluate(() => window.nnwalk!.tileTexel(0, 14, 14)))!;
    await page.mouse.move(from[0] * 800, from[1] * 600);
    await page.mouse.down();
    await page.mouse.move(from[0] * 800 - 20, from[1] * 600, { steps: 3 });
    await page.mouse.move(to[0] * 800, to[1] * 600, { steps: 6 });
    await page.mouse.up();
    await page.waitForFunction(() => window.nnwalk!.state().input?.label === 'preferred input of dense_3 · 7', undefined, { timeout: 20_000 });
    expect(await page.evaluate(() => window.nnwalk!.state().input!.live.predicted)).toBe(7);
    // The same plane again: from the browser's cache, the same images.
    const first = await page.evaluate(() => Array.from(window.nnwalk!.preferred.visuals().get('dense_3')!.images.subarray(0, 50)));
    await page.evaluate(() => window.nnwalk!.preferred.run());
    expect(await page.evaluate(() => window.nnwalk!.preferred.view().cached)).toBe(true);
    expect(await page.evaluate(() => Array.from(window.nnwalk!.preferred.visuals().get('dense_3')!.images.subarray(0, 50)))).toEqual(first);
    // The selected node alone, on the GPU route (tfjs on WebGL in the worker; SwiftShader here): one more
    // tile, on its node, and the image the typed-array route climbs in Node.
    await page.evaluate(() => window.nnwalk!.select(784 + 5));
    await page.selectOption('#preferred .engine', 'gpu');
    await page.click('#preferred .one');
    await page.waitForFunction(() => window.nnwalk!.preferred.visuals().has('dense_1') && window.nnwalk!.preferred.view().job === null, undefined, { timeout: 60_000 });
    expect(await page.textContent('#preferred .summary')).toMatch(/^dense_1: \d of 1 computed of 81 reach their largest held-out value · \d+\.\d s \(webgl \(.*\)\)$/);
    const gpu = await page.evaluate(() => { const v = window.nnwalk!.preferred.visuals().get('dense_1')!; return { have: Array.from(v.have).reduce((a, b) => a + b, 0), image: Array.from(v.images.subarray(5 * 784, 6 * 784)) }; });
    expect(gpu.have).toBe(1);
    const graph = await loadModelFile(join(root, 'src/assets/models/mnist-mlp/model.json'));
    const dense1 = planeTargets(graph, buildChannelGraph(graph)).find((t) => t.name === 'dense_1')!;
    const cpu = ascend(graph, dense1, [5], { stats: imageStatsOf(heldOut().inputs) }).images;
    expect(Math.max(...cpu.map((v, i) => Math.abs(v - gpu.image[i])))).toBeLessThan(0.02);
    expect((await page.evaluate(() => window.nnwalk!.maps())).tiles.filter((t) => t.plane === 1)).toEqual([{ plane: 1, channel: 5, node: 784 + 5 }]);
    // Unticked, the tiles are the feature maps of the input again.
    await page.click('#preferred .show');
    expect(await page.evaluate(() => window.nnwalk!.state().preferredTiles ?? null)).toBe(null);
    await page.evaluate(() => window.nnwalk!.select(null));
    await page.keyboard.press('o');
    expect(s.errors).toEqual([]);
  });

  it('plays the default network\'s training: consecutive epochs differ, warm-started and morphed; the last one is the final model', async () => {
    // This page shows networks straight (?bundle=0): bundled with 90 % of the edges pruned (fast), the
    // epochs are bundled too. The default model's importance and edges (bundling changes neither); its picture stays in the page.
    await page.evaluate(() => window.nnwalk!.rebundle({ prune_percentage: 0.9 }));
    const final = await page.evaluate(() => {
      const n = window.nnwalk!.state().network!;
      (window as unknown as { finalPicture: unknown }).finalPicture = n;
      return { nodes: Array.from(n.nodeImportance), edges: Array.from(n.edgeImportance), source: window.nnwalk!.state().source };
    });
    expect(final.source).toBe('mnist-mlp/model.json');
    await page.keyboard.press('t');
    await page.waitForFunction(() => window.nnwalk!.playback.view().epochs.length === 13, undefined, { timeout: 20_000 });
    const accuracy = await page.evaluate(() => window.nnwalk!.playback.view().epochs.map((e) => e.heldOutAccuracy));
    expect(accuracy[12]).toBe(0.953);
    expect(accuracy[0]).toBeLessThan(0.2);
    expect(await page.locator('#playback .chart svg path').count()).toBe(1);
    const picture = async (index: number, withPixels = true) => {
      await page.evaluate((i) => window.nnwalk!.playback.setEpoch(i), index);
      const net = await page.evaluate(() => ({ nodes: Array.from(window.nnwalk!.state().network!.nodeImportance), source: window.nnwalk!.state().source }));
      return { ...net, pixels: withPixels ? await scenePixels(page) : null };
    };
    const a = await picture(3);
    expect(a.source).toBe('epochs/epoch-03/model.json');
    const b = await picture(4);
    expect(differingFraction(a.pixels!, b.pixels!)).toBeGreaterThan(0.01);
    expect(a.nodes).not.toEqual(b.nodes);
    // The step from epoch 3 to 4 started from epoch 3's picture (the last 12 iterations) and morphed into place.
    expect(await page.evaluate(() => window.nnwalk!.state().network!.stats.warmStart)).toBe(12);
    expect(await page.evaluate(() => window.nnwalk!.playback.view().morphFrames)).toBeGreaterThanOrEqual(1);
    // `.` steps to the next epoch.
    await page.keyboard.press('.');
    await page.waitForFunction(() => window.nnwalk!.state().source === 'epochs/epoch-05/model.json', undefined, { timeout: 20_000 });
    const last = await picture(12, false);
    expect(last.nodes).toEqual(final.nodes);
    expect(await page.evaluate(() => Array.from(window.nnwalk!.state().network!.edgeImportance))).toEqual(final.edges);
    // A jump bundles from scratch: the final model's own picture, strand for strand.
    expect(await page.evaluate(() => {
      const n = window.nnwalk!.state().network!;
      const f = (window as unknown as { finalPicture: typeof n }).finalPicture;
      return n.stats.warmStart === undefined && n.polylinePoints.length === f.polylinePoints.length && n.polylinePoints.every((v, i) => v === f.polylinePoints[i]) && n.nodePositions.every((v, i) => v === f.nodePositions[i]);
    })).toBe(true);
    expect(await page.textContent('#playback .epoch')).toBe('epoch 12 · 95.3 %');
    expect(s.errors).toEqual([]);
  });
});
