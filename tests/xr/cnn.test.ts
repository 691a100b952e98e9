/**
 * A CNN in the headset (iwer's Quest 3): the ResNet gets a platform and a sign for every plane, the two
 * planes of block 3 side by side in lanes, and the user teleports onto the first merge (Add) plane.
 * Straight edges (bundle=0) keep software stereo quick; the bundled look is the e2e tests' business.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, stopApp, waitForNetwork, type AppSession } from '../e2e/harness';
import { installQuest, teleportTo, waitFrames } from './quest';

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
