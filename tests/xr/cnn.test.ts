/**
 * A CNN in the headset (iwer's Quest 3): the ResNet gets a platform and a sign for every plane, the two
 * planes of block 3 side by side in lanes, and the user teleports onto the first merge (Add) plane.
 * Straight edges (bundle=0) keep software stereo quick; the bundled look is the e2e tests' business.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, stopApp, waitForNetwork, type AppSession } from '../e2e/harness';
import { installQuest, press, teleportTo, waitFrames } from './quest';

describe('a ResNet in the headset', () => {
  let s: AppSession;
  let page: Page;
  beforeAll(async () => {
    s = await openApp('?model=resnet&bundle=0', { width: 480, height: 300 }, (p) => installQuest(p, 'controller'));
    page = s.page;
    expect(await waitForNetwork(page)).toBe('ready');
    await page.evaluate(() => window.nnwalk!.setRendering({ edge_importance_threshold: 0.2 }));
    await page.waitForFunction(() => window.nnwalk!.xrStatus() !== 'starting', undefined, { timeout: 60_000 });
    await page.evaluate(() => window.nnwalk!.xr!.enter());
    await page.waitForFunction(() => window.nnwalk!.xr!.state() === 'IN_XR', undefined, { timeout: 60_000 });
    await waitFrames(page, 3);
  }, 180_000);
  afterAll(async () => {
    await s?.close();
    await stopApp();
  });

  it('enlarges a feature map beside the hand on the trigger, and pointing at its pixel lights what that pixel sees', async () => {
    // The emulated headset renders each eye into the 300-pixel-high page (a Quest's eye buffer is ~1,800):
    // let tiles show from a few pixels across, so the stem's maps are maps from the start pose.
    await page.evaluate(() => { window.nnwalk!.setTileLod(2, 4); window.nnwalk!.feedDigit(0); });
    await page.waitForFunction(() => window.nnwalk!.maps().visible, undefined, { timeout: 30_000 });
    const k = await page.evaluate(() => window.nnwalk!.maps().tiles.findIndex((t) => t.plane === 1 && t.channel === 0));
    const target = (await page.evaluate((tile) => window.nnwalk!.xr!.tileTexelPoint(tile, 14, 14), k))!;
    const head = await page.evaluate(() => window.nnwalk!.xr!.cameraPosition());
    const from = [head[0] + 0.15, head[1] - 0.25, head[2] - 0.1];
    await page.evaluate(([f, t]) => window.__quest!.aim('right', f, t), [from, target]);
    await waitFrames(page, 2);
    // Pointing alone names the texel, its value and what it sees on a tag.
    expect(await page.evaluate(() => window.nnwalk!.xr!.mapReadout())).toMatch(/^conv 16 @ 28×28, channel 0 · pixel \(14, 14\) = [-\d.]+ · sees input rows \d+–\d+, columns \d+–\d+$/);
    await press(page, 'right', 'trigger');
    expect(await page.evaluate(() => window.nnwalk!.xr!.mapPanel())).toEqual({ plane: 1, channel: 0 });
    // The panel's pixel (10, 20): the stem conv's small field around input pixel (10, 20), outlined on the input tile.
    const pixel = (await page.evaluate(() => window.nnwalk!.xr!.mapPanelPoint(10, 20)))!;
    await page.evaluate(([f, t]) => window.__quest!.aim('right', f, t), [from, pixel]);
    await waitFrames(page, 3);
    const field = (await page.evaluate(() => window.nnwalk!.maps().field))!;
    expect(field.y0 <= 10 && field.y1 >= 10 && field.x0 <= 20 && field.x1 >= 20).toBe(true);
    expect(field.x1 - field.x0).toBeLessThan(8);
    expect(s.errors).toEqual([]);
  }, 120_000);

  it('has a platform for every plane, lanes side by side, and teleports onto the first merge plane', async () => {
    const landings = await page.evaluate(() => Array.from({ length: 17 }, (_, l) => window.nnwalk!.xr!.landing(l)));
    expect(landings.filter((l) => l !== null)).toHaveLength(16);
    // Block 3's conv and its projection share a depth: their platforms stand apart, side by side.
    const [a, b] = [landings[10]!, landings[11]!];
    expect(Math.hypot(a[0] - b[0], a[2] - b[2])).toBeGreaterThan(0.3);
    const plane = await page.evaluate(() => window.nnwalk!.state().network!.planes![5]);
    expect([plane.kind, plane.name]).toEqual(['add', 'block1_add']);
    const target = landings[5]!;
    await teleportTo(page, target);
    const camera = await page.evaluate(() => window.nnwalk!.xr!.cameraPosition());
    expect(Math.hypot(camera[0] - target[0], camera[2] - target[2])).toBeLessThan(0.05);
    expect(s.errors).toEqual([]);
  }, 120_000);
});
