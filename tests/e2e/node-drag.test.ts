/**
 * Desktop node grabbing with the real mouse: dragging a node moves it (the camera stays) and re-bundles
 * its edges through the same local re-bundle as the headset's grab; a click selects a node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, stopApp, waitForNetwork, type AppSession } from './harness';
import { innerChanged, jobsFinished, nodePosition, touchingEdges, waitForJobs } from './network-reads';

const kViewport = { width: 800, height: 600 };

/** A node's centre in page pixels. */
async function nodePixel(page: Page, node: number): Promise<{ x: number; y: number }> {
  const [x, y] = await page.evaluate((n) => window.nnwalk!.projectNode(n), node);
  return { x: x * kViewport.width, y: y * kViewport.height };
}

/** A drawn node of layer nodes [from, to) that is the one picked at its own centre (not hidden behind another). */
function visibleNode(page: Page, from: number, to: number): Promise<number> {
  return page.evaluate(([a, b, w, h]) => window.nnwalk!.drawnNodes().find((n) => {
    if (n < a || n >= b) return false;
    const [x, y] = window.nnwalk!.projectNode(n);
    return window.nnwalk!.nodeAt(x * w, y * h) === n;
  }) ?? -1, [from, to, kViewport.width, kViewport.height]);
}

describe('desktop node grabbing', () => {
  let s: AppSession;
  let page: Page;
  beforeAll(async () => {
    s = await openApp('?random=36-24-16-10&backend=cpu', kViewport);
    page = s.page;
    expect(await waitForNetwork(page)).toBe('ready');
    await waitForJobs(page, 1);
    // Fewer edges drawn: software rendering costs per segment, and the test waits on frames.
    await page.evaluate(() => window.nnwalk!.setRendering({ edge_importance_threshold: 0.2 }));
  });
  afterAll(async () => {
    await s?.close();
    await stopApp();
  });

  it('drags a node with the mouse: it moves, the camera does not, its edges re-bundle', async () => {
    const node = await visibleNode(page, 36, 36 + 24);
    expect(node).toBeGreaterThanOrEqual(36);
    const before = await nodePosition(page, node);
    const edgesBefore = await touchingEdges(page, node);
    const camera = await page.evaluate(() => window.nnwalk!.camera());
    const jobs = await jobsFinished(page);
    const at = await nodePixel(page, node);
    await page.mouse.move(at.x, at.y);
    await page.mouse.down();
    for (let k = 1; k <= 6; k++) await page.mouse.move(at.x + k * 10, at.y - k * 5);
    await page.mouse.up();
    await waitForJobs(page, jobs + 1);
    const after = await nodePosition(page, node);
    expect(innerChanged(edgesBefore.points, (await touchingEdges(page, node)).points)).toBe(edgesBefore.edges.length);
    expect(Math.hypot(after[0] - before[0], after[1] - before[1], after[2] - before[2])).toBeGreaterThan(0.02);
    expect(await page.evaluate(() => window.nnwalk!.camera())).toEqual(camera);
    // The node sits where the mouse let go of it.
    const moved = await nodePixel(page, node);
    expect(Math.hypot(moved.x - (at.x + 60), moved.y - (at.y - 30))).toBeLessThan(3);
    expect(await page.evaluate(() => window.nnwalk!.lastSettleMs())).toBeGreaterThan(0);
    expect(await page.evaluate(() => window.nnwalk!.state().selected)).toBe(node);
  });

  it('selects a node with a click, and shows it in the statistics', async () => {
    // The camera looks from the input side: the input layer is in front.
    const node = await visibleNode(page, 0, 36);
    expect(node).toBeGreaterThanOrEqual(0);
    const jobs = await jobsFinished(page);
    const at = await nodePixel(page, node);
    await page.mouse.click(at.x, at.y);
    expect(await page.evaluate(() => window.nnwalk!.state().selected)).toBe(node);
    expect(await page.evaluate(() => window.nnwalk!.panelText('stat-selected'))).toBe(`layer 0, node ${node}`);
    // A click is not a drag: nothing re-bundles.
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => window.nnwalk!.bundling().finished)).toBe(jobs);
  });

  it('moving a node while the whole network is still being bundled restarts that job from the moved layout', async () => {
    const t = await openApp('?backend=cpu', kViewport);
    try {
      expect(await waitForNetwork(t.page)).toBe('ready');
      await t.page.waitForFunction(() => window.nnwalk!.bundling().state === 'running' && window.nnwalk!.bundling().stage !== 'local', undefined, { timeout: 60_000, polling: 20 });
      const node = 800;
      // Along the depth axis: the node phase re-places nodes within their layer's plane but keeps depth.
      const target = (await nodePosition(t.page, node)).map((v, a) => v + (a === 2 ? 0.05 : 0));
      await t.page.evaluate(([n, p]) => window.nnwalk!.moveNodes([n as number], p as number[]), [node, target] as const);
      await waitForJobs(t.page, 1);
      const net = await t.page.evaluate(() => ({ bundled: window.nnwalk!.state().network!.stats.bundled, stage: window.nnwalk!.bundling().stage }));
      expect(net.bundled).toBe(true);
      expect(net.stage).not.toBe('local');
      expect((await nodePosition(t.page, node))[2]).toBeCloseTo(target[2], 5);
    } finally {
      await t.close();
    }
  });
});
