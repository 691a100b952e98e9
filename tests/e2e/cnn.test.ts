/**
 * Convolutional networks in the app: the embedded LeNet and ResNet load by name, are drawn with labelled
 * planes, bundled (the LeNet on WebGPU, the ResNet split over the two CPU workers: its skip edges'
 * segments merged across shares), coloured by class, answer a drawn digit, and a trace from a merge plane
 * follows its skip edges. One browser; each test opens its own page state.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, stopApp, waitForNetwork, type AppSession } from './harness';
import { canvasPixels, inkStats, screenshotPixels } from './pixels';
import { uprightScores } from './tile-reads';
import { expectMatchesReference } from './references';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { decodeDigitSet } from '../../processing/format/digits';
import { modelFiles } from '../../processing/train/graph-roundtrip';
import { unzipSync } from 'fflate';

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

  it('shows LeNet\'s feature maps for a held-out 7: one draw call, the input upright, collapse and expand, kernels and receptive fields', async () => {
    const page = s.page;
    await page.goto(s.url + '?model=lenet&bundle=0');
    expect(await waitForNetwork(page)).toBe('ready');
    const seven = firstDigit(7);
    await page.evaluate((i) => window.nnwalk!.feedDigit(i), seven.index);
    await page.waitForFunction(() => window.nnwalk!.maps().visible, undefined, { timeout: 20_000 });
    const maps = await page.evaluate(() => ({ ...window.nnwalk!.maps(), stats: window.nnwalk!.state().tiles }));
    // 1 input + 6 + 6 + 16 + 16 channels, every tile in one draw call from one atlas.
    expect(maps.tiles).toHaveLength(45);
    expect(maps.stats).toMatchObject({ tiles: 45, drawCalls: 1, planesUploaded: 5 });
    // The input plane reads upright and unmirrored from the default view: dark screen pixels where the
    // digit has ink, at the screen points of the 28 × 28 texels (not where a mirrored image would have it).
    const k = maps.tiles.findIndex((t) => t.plane === 0);
    const { scores } = await uprightScores(page, k, seven.pixels);
    expect(scores.upright).toBeGreaterThan(0.8);
    expect(scores.upright - scores.mirrored).toBeGreaterThan(0.3);
    expect(scores.upright - scores.flipped).toBeGreaterThan(0.3);
    // The picture against its reference (canvas only; edges hidden: their signal pulses move with time).
    const edgeThreshold = await page.evaluate(() => window.nnwalk!.state().configs.rendering.edge_importance_threshold);
    await page.evaluate(() => window.nnwalk!.setRendering({ edge_importance_threshold: 1 }));
    await expectMatchesReference(page, 'lenet-maps-7', await canvasPixels(page));
    // Collapse the first conv plane to its mean map (edges keep their polylines) and expand it again.
    await page.evaluate(() => window.nnwalk!.toggleCollapse(1));
    const collapsed = await page.evaluate(() => window.nnwalk!.maps().tiles.filter((t) => t.plane === 1));
    expect(collapsed).toEqual([{ plane: 1, channel: -1, node: -1 }]);
    await expectMatchesReference(page, 'lenet-maps-7-conv1-collapsed', await canvasPixels(page));
    await page.evaluate((t) => window.nnwalk!.setRendering({ edge_importance_threshold: t }), edgeThreshold);
    await page.evaluate(() => window.nnwalk!.toggleCollapse(1));
    expect(await page.evaluate(() => window.nnwalk!.maps().tiles.length)).toBe(45);
    // The kernel panel of channel 2 of conv1: one 5 × 5 slice from the input, the bias, the map 28 × 28.
    await page.evaluate(() => window.nnwalk!.select(3));
    await page.waitForSelector('#details-kernels canvas.kernel');
    const kernel = await page.evaluate(() => ({
      slices: [...document.querySelectorAll<HTMLCanvasElement>('#details-kernels canvas.kernel')].map((c) => [c.width, c.height]),
      title: document.querySelector('#details-kernels-title')!.textContent,
      map: [document.querySelector<HTMLCanvasElement>('#details-map')!.width, document.querySelector<HTMLCanvasElement>('#details-map')!.height],
    }));
    expect(kernel.slices).toEqual([[5, 5]]);
    expect(kernel.title).toMatch(/incoming kernel slices \(1\) from input · bias -?\d/);
    expect(kernel.map).toEqual([28, 28]);
    // Exports: a ZIP of one labelled sheet per plane, a ZIP of one PNG per channel, the selected channel's PNG.
    const saved = async (what: 'sheets' | 'channels' | 'selected') => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.evaluate((w) => window.nnwalk!.exportMaps(w), what)]);
      return new Uint8Array(readFileSync((await download.path())!));
    };
    const isPng = (b: Uint8Array) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
    const sheets = unzipSync(await saved('sheets'));
    expect(Object.keys(sheets)).toEqual(['00-input.png', '01-conv1.png', '02-pool1.png', '03-conv2.png', '04-pool2.png']);
    expect(Object.values(sheets).every(isPng)).toBe(true);
    const channels = unzipSync(await saved('channels'));
    expect(Object.keys(channels)).toHaveLength(45);
    expect(Object.keys(channels)).toContain('03-conv2/channel-0015.png');
    expect(isPng(await saved('selected'))).toBe(true);
    // Hovering pixel (9, 22) of the enlarged map: its 5 × 5 receptive field, outlined on the input tile in the
    // scene (on the tile's right half: the details panel covers its left edge at this size).
    const map = page.locator('#details-map');
    await map.scrollIntoViewIfNeeded();
    const box = (await map.boundingBox())!;
    await map.hover({ position: { x: (22.5 / 28) * box.width, y: (9.5 / 28) * box.height } });
    expect(await page.textContent('#details-map-value')).toMatch(/pixel \(9, 22\).*sees rows 7–11, cols 20–24/);
    // The outline runs along the inner edge of the box's rim texels: column 20 at a sixth of a texel, rows 7–11.
    // (The details panel moved the camera's fit: render before projecting.)
    await page.evaluate(async () => {
      window.nnwalk!.startRenderLoop();
      const start = window.nnwalk!.frames();
      await new Promise<void>((resolve) => { const tick = () => (window.nnwalk!.frames() >= start + 2 ? resolve() : requestAnimationFrame(tick)); tick(); });
    });
    const rim = await page.evaluate((tile) => [7, 8, 9, 10, 11].map((r) => window.nnwalk!.tileTexel(tile, r, 19.65)!), k);
    const lit = await screenshotPixels(page);
    const orange = rim.filter(([x, y]) => {
      const at = (Math.round(y * lit.height) * lit.width + Math.round(x * lit.width)) * 4;
      // Orange (1, 0.45, 0), darkened where edges pass behind (MIN blending): red high, blue none.
      return lit.data[at] > 150 && lit.data[at + 1] > 60 && lit.data[at + 2] < 30;
    });
    expect(orange.length).toBeGreaterThanOrEqual(4);
    // In the scene: the mouse over a texel of the last pooling plane (top right: no tile in front of it) names
    // it and what it sees through pool, conv, pool, conv.
    await page.evaluate(() => window.nnwalk!.startRenderLoop());
    await page.waitForTimeout(300);
    const pool2 = maps.tiles.findIndex((t) => t.plane === 4 && t.channel === 3);
    const [tx, ty] = (await page.evaluate((tile) => window.nnwalk!.tileTexel(tile, 1, 3), pool2))!;
    await page.mouse.move(tx * 1024, ty * 640);
    await page.waitForSelector('#tile-tip:not(.hidden)', { timeout: 10_000 });
    expect(await page.textContent('#tile-tip')).toMatch(/^maxpool 16 @ 5×5, channel 3 · pixel \(1, 3\) = [-\d.]+ · sees input rows 2–17, columns 10–25$/);
    expect(s.errors).toEqual([]);
  }, 120_000);

  it('feeds a dropped RGB image to a colour CNN (pad, presets) and names a broken image in one sentence', async () => {
    const page = s.page;
    const { json, bytes } = await colourModel();
    await page.route('**/rgb-fixture/**', (route) => route.fulfill(route.request().url().endsWith('model.json')
      ? { body: JSON.stringify(json), contentType: 'application/json' } : { body: Buffer.from(bytes), contentType: 'application/octet-stream' }));
    await page.goto(s.url + '?model=' + encodeURIComponent(s.url + 'rgb-fixture/model.json') + '&bundle=0');
    expect(await waitForNetwork(page)).toBe('ready');
    // A 40 × 20 picture: left half red, right half blue; padded into 16 × 16 it keeps its aspect (white bars above and below).
    const drop = (kind: 'good' | 'broken') => page.evaluate(async (which) => {
      let blob: Blob;
      if (which === 'good') {
        const canvas = new OffscreenCanvas(40, 20);
        const ctx = canvas.getContext('2d')!;
        ctx.fillStyle = '#ff0000'; ctx.fillRect(0, 0, 20, 20);
        ctx.fillStyle = '#0000ff'; ctx.fillRect(20, 0, 20, 20);
        blob = await canvas.convertToBlob({ type: 'image/png' });
      } else {
        blob = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4])], { type: 'image/png' });
      }
      const data = new DataTransfer();
      data.items.add(new File([blob], which === 'good' ? 'halves.png' : 'broken.png', { type: 'image/png' }));
      document.getElementById('app')!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, kind);
    await drop('good');
    await page.waitForFunction(() => window.nnwalk!.state().input?.label === 'halves.png', undefined, { timeout: 20_000 });
    const fed = await page.evaluate(() => {
      const st = window.nnwalk!.state();
      const px = st.input!.pixels;
      const at = (y: number, x: number, c: number) => px[(y * 16 + x) * 3 + c];
      return { n: px.length, preset: st.input!.preset, top: [at(0, 3, 0), at(0, 3, 1), at(0, 3, 2)], left: [at(8, 3, 0), at(8, 3, 2)], right: [at(8, 12, 0), at(8, 12, 2)], tiles: window.nnwalk!.maps().tiles.filter((t) => t.plane === 0).length };
    });
    expect(fed.n).toBe(16 * 16 * 3);
    // The model's metadata names the −1 … 1 preset: white paper is 1, full red is (1, −1, −1).
    expect(fed.preset).toBe('signed');
    expect(fed.top).toEqual([1, 1, 1]);
    expect(fed.left).toEqual([1, -1]);
    expect(fed.right).toEqual([-1, 1]);
    expect(fed.tiles).toBe(3);
    // The image joins the panel's gallery of dropped images.
    expect(await page.locator('#dropped img').count()).toBe(1);
    // The crop fit fills the square: no paper rows left.
    await page.selectOption('#image-fit', 'crop');
    await page.waitForFunction(() => window.nnwalk!.state().input!.pixels[(0 * 16 + 3) * 3 + 1] === -1, undefined, { timeout: 10_000 });
    await drop('broken');
    await page.waitForFunction(() => window.nnwalk!.state().status === 'error', undefined, { timeout: 10_000 });
    expect(await page.evaluate(() => window.nnwalk!.state().message)).toMatch(/^Feeding broken\.png failed: broken\.png could not be decoded: the file is damaged/);
    expect(await page.evaluate(() => window.nnwalk!.state().network !== null)).toBe(true);
    expect(s.errors).toEqual([]);
  }, 120_000);
});

/** The first held-out digit of class `label`: its index in the set and its 28 × 28 pixels (0..255). */
function firstDigit(label: number): { index: number; pixels: Uint8Array } {
  const set = decodeDigitSet(new Uint8Array(readFileSync(join(import.meta.dirname, '..', '..', 'src', 'assets', 'digits', 'mnist-heldout.nnwd'))));
  const index = set.labels.indexOf(label);
  return { index, pixels: set.pixels.subarray(index * 784, (index + 1) * 784) };
}

/** A small colour CNN (16 × 16 × 3 → conv 4 → global pool → 3 classes), its metadata naming the −1 … 1 preset. */
async function colourModel(): Promise<{ json: Record<string, unknown>; bytes: Uint8Array }> {
  await tf.setBackend('cpu');
  const model = tf.sequential({ name: 'rgb_fixture' });
  model.add(tf.layers.conv2d({ inputShape: [16, 16, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv', kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }) }));
  model.add(tf.layers.globalAveragePooling2d({ name: 'gap' }));
  model.add(tf.layers.dense({ units: 3, activation: 'softmax', name: 'out', kernelInitializer: tf.initializers.glorotUniform({ seed: 8 }) }));
  const files = await modelFiles(model);
  return { json: { ...files.json, userDefinedMetadata: { preprocessing: 'signed', classNames: ['red', 'green', 'blue'] } }, bytes: files.bytes };
}
