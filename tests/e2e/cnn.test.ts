/**
 * Convolutional networks in the app: the embedded LeNet and ResNet load by name, are drawn with labelled
 * planes, bundled (the LeNet on WebGPU, the ResNet split over the two CPU workers: its skip edges'
 * segments merged across shares), coloured by class, answer a drawn digit, and a trace from a merge plane
 * follows its skip edges. One browser; each test opens its own page state.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, stopApp, waitForNetwork, type AppSession } from './harness';
import { canvasPixels, inkStats } from './pixels';

/** A vertical stroke on a 140 × 140 pad (0..1 ink), as a person draws a 1. */
function strokeOne(): number[] {
  const side = 140;
  const px = new Array(side * side).fill(0);
  for (let y = 25; y < 115; y++) for (let x = 64; x < 76; x++) px[y * side + x] = 1;
  return px;
}

async function openBundled(page: Page, base: string, query: string): Promise<void> {
  await page.goto(base + query);
  expect(await waitForNetwork(page)).toBe('ready');
  await page.waitForFunction(() => { const b = window.nnwalk!.bundling(); return b.state === 'done' || b.state === 'failed'; }, undefined, { timeout: 240_000, polling: 250 });
  expect(await page.evaluate(() => window.nnwalk!.bundling().message)).toBe('');
}

describe('convolutional networks in the app', () => {
  let s: AppSession;
  beforeAll(async () => {
    s = await openApp('?bundle=0', { width: 1024, height: 640 });
    await waitForNetwork(s.page);
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await stopApp();
  });

  it('draws the LeNet with labelled planes, bundles it on WebGPU, colours it by class and reads a drawn 1', async () => {
    const page = s.page;
    // SwiftShader's software WebGPU takes ~200 s for the default schedule here (23 edge iterations over 7
    // gaps): this run bundles with a short one (5 edge iterations); the full figure is a benchmark's.
    await page.goto(s.url + '?model=lenet&backend=webgpu&bundle=0');
    expect(await waitForNetwork(page)).toBe('ready');
    await page.evaluate(() => window.nnwalk!.rebundle({ edge_bandwidth_reduction: 0.6, node_bandwidth_reduction: 0.6 }, { watch: false }));
    expect(await page.evaluate(() => window.nnwalk!.bundling().message)).toBe('');
    const info = await page.evaluate(() => ({ used: window.nnwalk!.bundling().used, stats: window.nnwalk!.state().network!.stats, labels: window.nnwalk!.renderInfo().planeLabels }));
    expect(info.used).toMatch(/^webgpu/);
    expect(info.labels).toEqual(['input 28×28', 'conv 6 @ 28×28', 'maxpool 6 @ 14×14', 'conv 16 @ 10×10', 'maxpool 16 @ 5×5', 'dense 120', 'dense 100', 'dense 10']);
    expect(info.stats).toMatchObject({ planes: 8, bundled: true, importanceMethod: 'taylor', edgeIterations: 5 });
    const ink = inkStats(await canvasPixels(page));
    expect(ink.fraction).toBeGreaterThan(0.03);
    expect(ink.chroma).toBeGreaterThan(0.03);
    await page.evaluate((px) => window.nnwalk!.feedDrawing(px, 140, 140), strokeOne());
    const live = await page.evaluate(() => ({ predicted: window.nnwalk!.state().input!.live.predicted, planes: window.nnwalk!.state().input!.live.layers.length, signal: window.nnwalk!.state().look.signal }));
    expect(live).toEqual({ predicted: 1, planes: 8, signal: 'activation' });
    expect(s.errors).toEqual([]);
  }, 300_000);

  it('bundles the ResNet in the two CPU workers, predicts a drawn 1, and traces a merge channel through its skip edges', async () => {
    const page = s.page;
    await openBundled(page, s.url, '?model=resnet&backend=cpu');
    const net = await page.evaluate(() => {
      const n = window.nnwalk!.state().network!;
      return { used: window.nnwalk!.bundling().used, sizes: Array.from(n.layerSizes), planes: n.planes!.map((p) => [p.kind, p.depth, p.lane]), skip: n.stats.skipEdges };
    });
    expect(net.used).toBe('cpu (2 workers)');
    expect(net.planes[5]).toEqual(['add', 5, 0]);
    expect(net.planes[11]).toEqual(['conv', 10, 1]);
    expect(net.skip).toBe(64);
    await page.evaluate((px) => window.nnwalk!.feedDrawing(px, 140, 140), strokeOne());
    expect(await page.evaluate(() => window.nnwalk!.state().input!.live.predicted)).toBe(1);
    // Channel 0 of the first merge: its trace reaches back through the shortcut from the pooling plane.
    const first = net.sizes.slice(0, 5).reduce((a, b) => a + b, 0);
    await page.evaluate((node) => { window.nnwalk!.select(node); window.nnwalk!.trace(true); }, first);
    await page.waitForFunction(() => window.nnwalk!.state().look.trace !== null, undefined, { timeout: 10_000 });
    const traced = await page.evaluate(() => {
      const st = window.nnwalk!.state();
      const n = st.network!;
      const offsets = [0];
      for (const k of n.layerSizes) offsets.push(offsets[offsets.length - 1] + k);
      const plane = (node: number) => offsets.findIndex((o, i) => node >= o && node < offsets[i + 1]);
      return Array.from(st.look.trace!, (e) => [plane(n.edgeSource[e]), plane(n.edgeTarget[e])]);
    });
    expect(traced).toContainEqual([2, 5]);
    expect(await page.textContent('#details-title')).toBe('Channel 0 of add 16 @ 14×14');
    expect(await page.textContent('#details-body')).toContain('folded in');
    expect(s.errors).toEqual([]);
  }, 300_000);
});
