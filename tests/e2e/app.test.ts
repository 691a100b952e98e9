import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { defaultProcessingConfig } from '../../processing/config/processing-config';
import { defaultRenderingConfig } from '../../processing/config/rendering-config';
import { encodeProcessedNetwork } from '../../processing/format/codec';
import { randomImportance } from '../../processing/importance/random';
import { processNetwork } from '../../processing/pipeline/process';
import { openApp, stopApp, waitForNetwork, type AppSession } from './harness';
import { canvasPixels, inkFraction } from './pixels';

/** Screen-space x extent of each layer, projected with the live camera. */
async function layerColumns(page: Page): Promise<{ x0: number; x1: number }[]> {
  return page.evaluate(() => {
    const net = window.nnwalk!.state().network!;
    const columns: { x0: number; x1: number }[] = [];
    let at = 0;
    for (const n of net.layerSizes) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = at; i < at + n; i++) {
        const p = window.nnwalk!.project([net.nodePositions[i * 3], net.nodePositions[i * 3 + 1], net.nodePositions[i * 3 + 2]]);
        lo = Math.min(lo, p[0]);
        hi = Math.max(hi, p[0]);
      }
      columns.push({ x0: lo, x1: hi });
      at += n;
    }
    return columns;
  });
}

describe('desktop app on the embedded default network', () => {
  let s: AppSession;

  beforeAll(async () => {
    s = await openApp();
    expect(await waitForNetwork(s.page)).toBe('ready');
  });

  afterAll(async () => {
    await s?.close();
    await stopApp();
  });

  it('loads the default 784-81-49-10 network with one draw call per kind', async () => {
    const state = await s.page.evaluate(() => {
      const st = window.nnwalk!.state();
      return { sizes: Array.from(st.network!.layerSizes), view: st.view, edges: st.network!.edgeSource.length, method: st.network!.stats.importanceMethod };
    });
    expect(state.sizes).toEqual([784, 81, 49, 10]);
    expect(state.edges).toBe(67963);
    expect(state.method).toBe('taylor');
    expect(state.view!.drawCalls).toBe(2);
    // Every hidden and output node is drawn; input pixels that never matter (MNIST's blank borders) carry
    // no importance and fall under node_importance_threshold.
    expect(state.view!.nodesShown).toBeGreaterThan(140 + 400);
    expect(state.view!.nodesShown).toBeLessThan(924);
    // |w|-driven visibility: far from all edges, far from none.
    expect(state.view!.edgesShown).toBeGreaterThan(1000);
    expect(state.view!.edgesShown).toBeLessThan(67963 * 0.8);
    expect(await s.page.evaluate(() => window.nnwalk!.panelText('stat-layers'))).toBe('4 (784-81-49-10)');
    expect(await s.page.evaluate(() => window.nnwalk!.panelText('stat-draw-calls'))).toBe('2');
    expect(await s.page.textContent('#help')).toContain('all keys');
    expect(await s.page.textContent('#legend')).toContain('9');
  });

  it('draws all four layers and leaves the background corners white', async () => {
    // Bundling runs on load (bottom-centre progress bar); the picture is checked once it is done.
    await s.page.waitForFunction(() => window.nnwalk!.bundling().state === 'done', undefined, { timeout: 120_000, polling: 250 });
    expect(await s.page.evaluate(() => window.nnwalk!.bundling().used)).toMatch(/^cpu/); // no hardware GPU here: auto picks the CPU
    await s.page.keyboard.press('1'); // side view: the four layers stand apart as columns
    const img = await canvasPixels(s.page);
    const columns = await layerColumns(s.page);
    expect(columns).toHaveLength(4);
    // A thin vertical strip through each layer's projected centre, over the network's height. The
    // transparent impostors leave light strokes: measured 0.07–0.5 on the bundled picture; an undrawn layer gives 0.
    const inks = columns.map((c) => inkFraction(img, (c.x0 + c.x1) / 2 - 0.01, 0.3, (c.x0 + c.x1) / 2 + 0.01, 0.7));
    expect(Math.min(...inks), `ink per layer strip: ${inks.map((v) => v.toFixed(3)).join(', ')}`).toBeGreaterThan(0.03);
    // Background corners and edges (the overlays are hidden for the shot).
    for (const [x, y] of [[0, 0], [0.35, 0], [0.6, 0], [0.95, 0], [0, 0.92], [0.5, 0.95], [0.95, 0.95]]) {
      expect(inkFraction(img, x, y, x + 0.05, y + 0.05)).toBe(0);
    }
  });

  it('moves the camera to nn_vis poses with the number keys, and back to the default view with F', async () => {
    await s.page.keyboard.press('f');
    const before = await s.page.evaluate(() => window.nnwalk!.camera());
    await s.page.keyboard.press('2');
    const after = await s.page.evaluate(() => window.nnwalk!.camera());
    expect(after.position).not.toEqual(before.position);
    // nn_vis's offsets, standing back by tan(22.5°) / tan(12°) for this camera's narrower field of view.
    const k = Math.tan(Math.PI / 8) / Math.tan((12 * Math.PI) / 180);
    // Pose 2 ("right") sits 2.5 along +z from the target.
    expect(after.position[0]).toBeCloseTo(after.target[0], 3);
    expect(after.position[2] - after.target[2]).toBeCloseTo(2.5 * k, 3);
    // Pose 1 ("front") looks from −x, so the input (−z) is on the left (nn_vis's was mirrored).
    await s.page.keyboard.press('1');
    const front = await s.page.evaluate(() => window.nnwalk!.camera());
    expect(front.position[0] - front.target[0]).toBeCloseTo(-3.5 * k, 3);
    await s.page.keyboard.press('f');
    expect(await s.page.evaluate(() => window.nnwalk!.camera())).toEqual(before);
  });

  it('saves a PNG screenshot on K', async () => {
    await s.page.evaluate(() => window.nnwalk!.startRenderLoop());
    const [download] = await Promise.all([s.page.waitForEvent('download', { timeout: 60_000 }), s.page.keyboard.press('k')]);
    expect(download.suggestedFilename()).toMatch(/^nnwalk-network-.*\.png$/);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const png = Buffer.concat(chunks);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(5000);
    await s.page.evaluate(() => window.nnwalk!.stopRenderLoop());
  });

  it('logged no console errors', () => {
    expect(s.errors).toEqual([]);
  });
});

describe('loading files, and bad input keeps the app running', () => {
  let s: AppSession;

  beforeAll(async () => {
    s = await openApp('?bundle=0');
    expect(await waitForNetwork(s.page)).toBe('ready');
  });

  afterAll(async () => {
    await s?.close();
    await stopApp();
  });

  it('reports a missing model URL with a clear message', async () => {
    const bad = await openApp('?model=models/does-not-exist/model.json');
    try {
      expect(await waitForNetwork(bad.page)).toBe('error');
      const banner = await bad.page.textContent('#banner');
      expect(banner).toMatch(/could not fetch model .*does-not-exist\/model.json: the server answered (404|with an HTML page, not a model file)/);
    } finally {
      await bad.close();
    }
  });

  it('reports a dropped model with a missing weight file and keeps rendering', async () => {
    const message = await s.page.evaluate(async () => {
      const json = await (await fetch('models/mnist-mlp/model.json')).text();
      const data = new DataTransfer();
      data.items.add(new File([json], 'model.json', { type: 'application/json' }));
      document.getElementById('app')!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      await new Promise<void>((resolve) => {
        const tick = () => (window.nnwalk!.state().status === 'loading' ? setTimeout(tick, 50) : resolve());
        tick();
      });
      return window.nnwalk!.state().message;
    });
    expect(message).toBe("Loading the files failed: weight file 'weights.bin' is missing: it was not among the files given (none)");
    expect(await s.page.evaluate(() => Array.from(window.nnwalk!.state().network!.layerSizes))).toEqual([784, 81, 49, 10]);
    const frames = await s.page.evaluate(() => window.nnwalk!.frames());
    await s.page.waitForFunction((f) => window.nnwalk!.frames() > f + 1, frames);
  });

  it('drops a PyTorch ONNX model: alone it names its missing data file; with it, it loads; a .pt checkpoint gets the export recipe', async () => {
    const fixture = (f: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'onnx', f)).toString('base64');
    const drop = (files: { name: string; b64: string }[], until: string) => s.page.evaluate(async ({ files, until }) => {
      const data = new DataTransfer();
      for (const f of files) data.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name));
      document.getElementById('app')!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      await new Promise<void>((resolve) => {
        const tick = () => (window.nnwalk!.state().status === 'loading' || (until && window.nnwalk!.state().source !== until && window.nnwalk!.state().status !== 'error') ? setTimeout(tick, 50) : resolve());
        tick();
      });
      const st = window.nnwalk!.state();
      return { status: st.status, message: st.message, source: st.source, planes: st.network?.planes?.length ?? 0 };
    }, { files, until });
    const alone = await drop([{ name: 'mobile.onnx', b64: fixture('mobile.onnx') }], '');
    expect(alone.message).toBe("Loading the files failed: initializer 'conv1.weight' keeps its weights in the external file 'mobile.onnx.data': give that file together with the model");
    const pair = await drop([{ name: 'mobile.onnx', b64: fixture('mobile.onnx') }, { name: 'mobile.onnx.data', b64: fixture('mobile.onnx.data') }], 'mobile.onnx');
    expect(pair).toMatchObject({ status: 'ready', source: 'mobile.onnx' });
    expect(pair.planes).toBeGreaterThanOrEqual(5);
    // torch.save writes a ZIP holding <name>/data.pkl: named, with the way to ONNX.
    const { zipSync } = await import('fflate');
    const pt = Buffer.from(zipSync({ 'model/data.pkl': new Uint8Array([0x80, 2, 0x7d, 0x71, 0, 0x2e]) })).toString('base64');
    const torch = await drop([{ name: 'model.pt', b64: pt }], '');
    expect(torch.message).toMatch(/^Loading the files failed: model\.pt looks like a PyTorch checkpoint \(\.pt \/ \.pth\).*torch\.onnx\.export\(model/);
    expect(await s.page.evaluate(() => window.nnwalk!.state().source)).toBe('mobile.onnx');
  });

  it('shows a bundled .nnwalk file dropped on the page as polyline segments', async () => {
    const { network } = processNetwork({ name: 'r', layerSizes: [25, 9, 4], classNames: ['a', 'b', 'c', 'd'] }, randomImportance([25, 9, 4], 3), { processing: defaultProcessingConfig, rendering: defaultRenderingConfig });
    const base64 = Buffer.from(encodeProcessedNetwork(network)).toString('base64');
    const view = await s.page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'random.nnwalk'));
      document.getElementById('app')!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      await new Promise<void>((resolve) => {
        const tick = () => (window.nnwalk!.state().source === 'random.nnwalk' || window.nnwalk!.state().status === 'error' ? resolve() : setTimeout(tick, 50));
        tick();
      });
      const st = window.nnwalk!.state();
      return { status: st.status, message: st.message, sizes: Array.from(st.network!.layerSizes), view: st.view };
    }, base64);
    expect(view.status).toBe('ready');
    expect(view.sizes).toEqual([25, 9, 4]);
    expect(view.view!.segmentsShown).toBeGreaterThan(view.view!.edgesShown * 2);
    expect(view.view!.drawCalls).toBe(2);
    expect(await s.page.evaluate(() => window.nnwalk!.panelText('stat-segments'))).toContain('bundled');
    expect(await s.page.textContent('#legend')).toContain('d');
  });
});
