/**
 * The first five minutes, as a newcomer meets them at 1280 × 800 and 1024 × 640: the default view of the
 * bundled default network fills the canvas with colour, the input reads upright, the panels dock without
 * overlapping, Strong only shows the strongest strands, leaving live input clears its bars, and a failed
 * first load offers the way back.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, stopApp, waitForNetwork, type AppSession } from './harness';
import { canvasPixels, inkStats } from './pixels';

const kSizes = [{ width: 1280, height: 800 }, { width: 1024, height: 640 }];

afterAll(() => stopApp());

/** Opens the app at `size` and waits for the first bundling job to land. */
async function bundledApp(size: { width: number; height: number }, query = ''): Promise<AppSession> {
  const s = await openApp(query, size);
  expect(await waitForNetwork(s.page)).toBe('ready');
  await s.page.waitForFunction(() => window.nnwalk!.bundling().finished > 0 && window.nnwalk!.bundling().state !== 'running', undefined, { timeout: 150_000, polling: 250 });
  return s;
}

/** Screen positions ([0, 1]², y down) of the input image's four corner pixels (row, column) under the current camera. */
function inputCorners(page: Page): Promise<Record<string, number[]>> {
  return page.evaluate(() => {
    const net = window.nnwalk!.state().network!;
    const at = (row: number, col: number) => {
      const i = row * 28 + col;
      return window.nnwalk!.project(Array.from(net.nodePositions.subarray(i * 3, i * 3 + 3)));
    };
    return { topLeft: at(0, 0), topRight: at(0, 27), bottomLeft: at(27, 0), bottomRight: at(27, 27) };
  });
}

/** Expects pixel (0, 0) at the top left and (27, 27) at the bottom right, not mirrored. */
function expectUpright(c: Record<string, number[]>, where: string): void {
  expect(c.topLeft[0], `${where}: row 0 runs left to right`).toBeLessThan(c.topRight[0]);
  expect(c.bottomLeft[0], `${where}: row 27 runs left to right`).toBeLessThan(c.bottomRight[0]);
  expect(c.topLeft[1], `${where}: column 0 runs top to bottom`).toBeLessThan(c.bottomLeft[1]);
  expect(c.topRight[1], `${where}: column 27 runs top to bottom`).toBeLessThan(c.bottomRight[1]);
}

/** The page rectangles of every shown overlay: HTML panels, the banner, and the control panel drawn in the canvas. */
function overlayRects(page: Page): Promise<{ name: string; x: number; y: number; width: number; height: number }[]> {
  return page.evaluate(() => {
    const html = ['#legend', '#lod-notice', '#help', '#banner', '#details', '#input', '#bundling'].flatMap((sel) => {
      const el = document.querySelector<HTMLElement>(sel);
      if (!el || el.offsetParent === null) return [];
      const r = el.getBoundingClientRect();
      return [{ name: sel, x: r.x, y: r.y, width: r.width, height: r.height }];
    });
    const gui = window.nnwalk!.controlPanelRects().map((r, i) => ({ name: i === 0 ? 'controls toggle' : 'control panel', ...r }));
    return [...html, ...gui];
  });
}

/** Expects no two rectangles to share any area. */
function expectDisjoint(rects: { name: string; x: number; y: number; width: number; height: number }[], where: string): void {
  for (let i = 0; i < rects.length; i++) {
    for (let j = i + 1; j < rects.length; j++) {
      const a = rects[i];
      const b = rects[j];
      const overlapX = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const overlapY = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      expect(overlapX > 0.5 && overlapY > 0.5, `${where}: ${a.name} ${JSON.stringify(a)} overlaps ${b.name} ${JSON.stringify(b)}`).toBe(false);
    }
  }
}

/** Waits until two more frames were rendered (restarting the render loop a pixel read stopped). */
async function frames(page: Page): Promise<void> {
  const start = await page.evaluate(() => { window.nnwalk!.startRenderLoop(); return window.nnwalk!.frames(); });
  await page.waitForFunction((f) => window.nnwalk!.frames() >= f + 2, start, { timeout: 60_000, polling: 50 });
}

describe('the default view', () => {
  it('fills 1280 × 800 and 1024 × 640 with a colourful oblique side view of the bundled network, input left and upright', async () => {
    const s = await bundledApp(kSizes[0]);
    try {
      for (const size of kSizes) {
        // The window resized: the view is fitted again to the new free area.
        await s.page.setViewportSize(size);
        await frames(s.page);
        const stats = inkStats(await canvasPixels(s.page));
        // Measured here (software WebGL, draw limit 25,000 segments): extent 0.73, chroma 0.050 (0.014 before this view).
        expect(stats.spanX, `${size.width} × ${size.height}: ${JSON.stringify(stats)}`).toBeGreaterThanOrEqual(0.7);
        expect(stats.chroma, `${size.width} × ${size.height}: ${JSON.stringify(stats)}`).toBeGreaterThanOrEqual(0.03);
      }
      // Input on the left, output on the right.
      const [input, output] = await s.page.evaluate(() => {
        const net = window.nnwalk!.state().network!;
        const last = net.nodePositions.length / 3 - 1;
        return [window.nnwalk!.project(Array.from(net.nodePositions.subarray(0, 3))), window.nnwalk!.project(Array.from(net.nodePositions.subarray(last * 3, last * 3 + 3)))];
      });
      expect(input[0]).toBeLessThan(output[0]);
      expectUpright(await inputCorners(s.page), 'default view');
      // Pose 0 looks down the layers from the input side: the image reads upright there too; F returns.
      await s.page.keyboard.press('0');
      expectUpright(await inputCorners(s.page), 'pose 0');
      await s.page.keyboard.press('1');
      const front = await inputCorners(s.page);
      const last = await s.page.evaluate(() => window.nnwalk!.state().network!.nodePositions.length / 3 - 1);
      expect(front.topLeft[0]).toBeLessThan(await s.page.evaluate((n) => window.nnwalk!.projectNode(n)[0], last));
      await s.page.keyboard.press('f');
      expectUpright(await inputCorners(s.page), 'default view again');
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });
});

describe('docked panels', () => {
  it('never overlap at 1280 × 800 or 1024 × 640, and the key hint stays off the network', async () => {
    const s = await openApp('?bundle=0', kSizes[0]);
    try {
      expect(await waitForNetwork(s.page)).toBe('ready');
      for (const size of kSizes) {
        const where = `${size.width} × ${size.height}`;
        await s.page.setViewportSize(size);
        await frames(s.page);
        // At first: the legend, the one-line key hint and the Controls toggle; the hint is clear of every node.
        expect(await s.page.textContent('#help')).toContain('all keys');
        expectDisjoint(await overlayRects(s.page), `${where}, at start`);
        const hint = (await overlayRects(s.page)).find((r) => r.name === '#help')!;
        const nodes = await s.page.evaluate(() => window.nnwalk!.drawnNodes().map((n) => window.nnwalk!.projectNode(n)));
        const inside = nodes.filter(([x, y]) => x * size.width >= hint.x && x * size.width <= hint.x + hint.width && y * size.height >= hint.y && y * size.height <= hint.y + hint.height);
        expect(inside, where).toEqual([]);
      }
      // Everything open: control panel, input panel with a digit fed, a selected node's details, an error banner.
      await s.page.keyboard.press('g');
      await s.page.keyboard.press('i');
      await s.page.evaluate(() => window.nnwalk!.feedDigit(0));
      await s.page.waitForFunction(() => window.nnwalk!.state().input !== null, undefined, { timeout: 30_000 });
      await s.page.evaluate(() => window.nnwalk!.select(800));
      await s.page.evaluate(() => {
        const data = new DataTransfer();
        data.items.add(new File(['{"not": "a model"}'], 'model.json', { type: 'application/json' }));
        document.getElementById('app')!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      });
      await s.page.waitForFunction(() => window.nnwalk!.state().status === 'error', undefined, { timeout: 30_000 });
      for (const size of [...kSizes].reverse()) {
        const where = `${size.width} × ${size.height}`;
        await s.page.setViewportSize(size);
        await frames(s.page);
        const open = await overlayRects(s.page);
        expect(open.map((r) => r.name).sort()).toEqual(['#banner', '#details', '#help', '#input', '#legend', 'control panel', 'controls toggle'].sort());
        expectDisjoint(open, `${where}, everything open`);
      }
      // The full key help takes the bottom row and still overlaps nothing.
      await s.page.keyboard.press('?');
      for (const size of kSizes) {
        await s.page.setViewportSize(size);
        await frames(s.page);
        expect(await s.page.textContent('#help')).toContain('screenshot');
        expectDisjoint(await overlayRects(s.page), `${size.width} × ${size.height}, full key help`);
      }
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });
});

describe('presets, live input and a failed load', () => {
  it('Strong only draws the strongest edges and nodes, and its button is highlighted', async () => {
    const s = await openApp('?bundle=0');
    try {
      expect(await waitForNetwork(s.page)).toBe('ready');
      await s.page.evaluate(() => window.nnwalk!.openPanel('view'));
      await frames(s.page);
      expect(await s.page.evaluate(() => window.nnwalk!.optionOn('preset', 'transparent'))).toBe(true);
      const at = await s.page.evaluate(() => window.nnwalk!.locateControl('preset', 'strong'));
      expect(at).not.toBeNull();
      await s.page.mouse.click(at!.x, at!.y);
      await frames(s.page);
      const view = await s.page.evaluate(() => window.nnwalk!.state().view!);
      const all = await s.page.evaluate(() => window.nnwalk!.state().network!.edgeSource.length);
      // About the strongest 1 % of the edges and a quarter of the nodes.
      expect(view.edgesShown).toBeGreaterThan(0.005 * all);
      expect(view.edgesShown).toBeLessThan(0.02 * all);
      expect(view.nodesShown).toBeGreaterThan(100);
      expect(view.drawCalls).toBe(2);
      expect(await s.page.evaluate(() => [window.nnwalk!.optionOn('preset', 'strong'), window.nnwalk!.optionOn('preset', 'transparent'), window.nnwalk!.optionOn('look', 'light')])).toEqual([true, false, true]);
      // A moved slider matches no preset any more: none is highlighted.
      await s.page.evaluate(() => window.nnwalk!.setRendering({ edge_object_radius: 0.05 }));
      expect(await s.page.evaluate(() => window.nnwalk!.optionOn('preset', 'strong'))).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('leaving live input removes the probability bars and closes the details; coming back shows them again', async () => {
    const s = await openApp('?bundle=0');
    try {
      expect(await waitForNetwork(s.page)).toBe('ready');
      const bars = () => s.page.evaluate(() => window.nnwalk!.renderInfo().outputBars.length);
      await s.page.keyboard.press('i');
      await s.page.evaluate(() => window.nnwalk!.feedDigit(3));
      await s.page.waitForFunction(() => window.nnwalk!.state().input !== null, undefined, { timeout: 30_000 });
      expect(await bars()).toBe(10);
      await s.page.evaluate(() => window.nnwalk!.select(800));
      expect(await s.page.isVisible('#details')).toBe(true);
      // The activation view's legend shows the ramp, not class swatches that no longer mean anything there.
      expect(await s.page.locator('#legend .chip').count()).toBe(0);
      expect(await s.page.locator('#legend .ramp').count()).toBe(1);
      // Back to the importance view (V: activation → blend → importance).
      await s.page.keyboard.press('v');
      await s.page.keyboard.press('v');
      expect(await s.page.evaluate(() => window.nnwalk!.state().look.signal)).toBe('importance');
      expect(await bars()).toBe(0);
      expect(await s.page.isVisible('#details')).toBe(false);
      expect(await s.page.locator('#legend .chip').count()).toBe(10);
      // Opening the panel again returns to the input's activations; closing it (its × button) leaves them.
      await s.page.keyboard.press('i');
      await s.page.keyboard.press('i');
      expect(await s.page.evaluate(() => window.nnwalk!.state().look.signal)).toBe('activation');
      expect(await bars()).toBe(10);
      await s.page.click('#input-close');
      expect(await s.page.evaluate(() => window.nnwalk!.state().look.signal)).toBe('importance');
      expect(await bars()).toBe(0);
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('a failed first load shows the message and a button back to the default network, and no empty legend', async () => {
    const s = await openApp('?model=models/does-not-exist/model.json');
    try {
      expect(await waitForNetwork(s.page)).toBe('error');
      expect(await s.page.textContent('#banner')).toContain('does-not-exist/model.json');
      expect(await s.page.isVisible('#legend')).toBe(false);
      await s.page.click('#banner-default');
      await s.page.waitForFunction(() => window.nnwalk!.state().status === 'ready', undefined, { timeout: 60_000 });
      expect(await s.page.evaluate(() => Array.from(window.nnwalk!.state().network!.layerSizes))).toEqual([784, 81, 49, 10]);
      expect(await s.page.evaluate(() => location.search)).toBe('');
      expect(await s.page.isVisible('#legend')).toBe(true);
      expect(await s.page.isVisible('#banner-default')).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('ships an icon, so no request for one fails', async () => {
    const s = await openApp('?bundle=0');
    try {
      const failed: string[] = [];
      s.page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
      await s.page.reload();
      expect(await waitForNetwork(s.page)).toBe('ready');
      const icon = await s.page.evaluate(async () => {
        const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
        const r = await fetch(link!.href);
        return { type: r.headers.get('content-type'), ok: r.ok, text: (await r.text()).slice(0, 4) };
      });
      expect(icon).toEqual({ type: expect.stringContaining('svg'), ok: true, text: '<svg' });
      expect(failed).toEqual([]);
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
