/**
 * `npm run bench:xr`: the headset figures in headless Chromium with iwer emulating a Quest 3 — the
 * XR frame time of the default network (bundled on the CPU workers first; desktop frame time beside it),
 * and a node grab: from the release to settled bundles, with the frames rendered meanwhile (rendering
 * never waits on the workers). On a machine without a GPU Chromium renders in software (SwiftShader):
 * read frame times relative to each other. Prints figures; asserts nothing.
 */
import type { Page } from 'playwright-core';
import { openApp, stopApp, waitForNetwork } from '../e2e/harness';
import { installQuest, waitFrames } from '../xr/quest';

const kViewport = { width: 800, height: 600 };

/** Milliseconds per frame over `seconds` of rendering. */
async function msPerFrame(page: Page, seconds: number): Promise<number> {
  const f0 = await page.evaluate(() => window.nnwalk!.frames());
  const t0 = Date.now();
  await page.waitForTimeout(seconds * 1000);
  const frames = (await page.evaluate(() => window.nnwalk!.frames())) - f0;
  return frames > 0 ? (Date.now() - t0) / frames : Infinity;
}

async function main(): Promise<void> {
  const s = await openApp('?backend=cpu', kViewport, (page) => installQuest(page, 'controller'));
  const page = s.page;
  try {
    if ((await waitForNetwork(page, 300_000)) !== 'ready') throw new Error(await page.evaluate(() => window.nnwalk!.state().message));
    await page.waitForFunction(() => window.nnwalk!.bundling().finished >= 1, undefined, { timeout: 300_000 });
    await page.waitForFunction(() => window.nnwalk!.xrStatus() !== 'starting', undefined, { timeout: 60_000 });
    const view = await page.evaluate(() => window.nnwalk!.state().view!);
    console.log(`nnwalk bench:xr — headless Chromium (software WebGL2 here), ${kViewport.width}×${kViewport.height}, default network: ${view.nodesShown} nodes, ${view.segmentsShown} segments drawn`);
    console.log(`desktop frame: ${(await msPerFrame(page, 8)).toFixed(0)} ms`);
    await page.evaluate(() => window.nnwalk!.xr!.enter());
    await page.waitForFunction(() => window.nnwalk!.xr!.state() === 'IN_XR', undefined, { timeout: 120_000 });
    await waitFrames(page, 2, 300_000);
    // iwer renders one eye over the whole canvas unless its stereo preview is switched on.
    console.log(`XR frame (iwer's one-eye view, ${kViewport.width}×${kViewport.height}): ${(await msPerFrame(page, 15)).toFixed(0)} ms`);

    // Grab a node of the first hidden layer, move it 0.3 m, let go.
    const node = await page.evaluate(() => {
      const first = window.nnwalk!.state().network!.layerSizes[0];
      return window.nnwalk!.drawnNodes().find((n) => n >= first && n < first + window.nnwalk!.state().network!.layerSizes[1]) ?? -1;
    });
    if (node < 0) throw new Error('no drawn node in the first hidden layer');
    const at = await page.evaluate((n) => window.nnwalk!.xr!.nodeWorld(n), node);
    const from = [at[0] + 0.25, at[1] + 0.1, at[2] + 0.8];
    await page.evaluate(([f, t]) => window.__quest!.aim('right', f, t), [from, at]);
    await waitFrames(page, 2, 300_000);
    await page.evaluate(() => window.__quest!.button('right', 'squeeze', 1));
    await waitFrames(page, 2, 300_000);
    const held = await page.evaluate(() => window.nnwalk!.xr!.holding().right);
    await page.evaluate((p) => window.__quest!.moveTo('right', p), [from[0] + 0.3, from[1], from[2]]);
    await waitFrames(page, 3, 300_000);
    const jobs = await page.evaluate(() => window.nnwalk!.bundling().finished);
    await page.evaluate(() => window.__quest!.button('right', 'squeeze', 0));
    const f0 = await page.evaluate(() => window.nnwalk!.frames());
    const t0 = Date.now();
    await page.waitForFunction((k) => window.nnwalk!.bundling().finished > k && window.nnwalk!.bundling().state !== 'running', jobs, { timeout: 300_000, polling: 20 });
    const wall = Date.now() - t0;
    const frames = (await page.evaluate(() => window.nnwalk!.frames())) - f0;
    const settle = await page.evaluate(() => window.nnwalk!.lastSettleMs());
    const timings = await page.evaluate(() => window.nnwalk!.bundling().timings);
    console.log(`grab (${held}): release → settled bundles ${settle.toFixed(0)} ms in the app (${wall} ms seen by the test; worker ${Math.round(timings.totalMs ?? NaN)} ms); ${frames} XR frames rendered meanwhile`);
  } finally {
    await s.close();
    await stopApp();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
