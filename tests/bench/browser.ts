/**
 * `npm run bench:browser`: the default network's full bundling in headless Chromium through the app's
 * worker API, per backend (CPU: two workers on ≥ 2 cores; WebGPU: whatever adapter the browser has —
 * SwiftShader's software one on a machine without a GPU), with times per stage, the frame rate while it
 * runs, and the local re-bundle of a moved hidden node. Prints figures; asserts nothing.
 */
import { cpus } from 'node:os';
import type { Page } from 'playwright-core';
import { openApp, stopApp, waitForNetwork } from '../e2e/harness';

const ms = (v: number | undefined) => (v === undefined ? '–' : `${v.toFixed(0)} ms`);

async function framesPerSecond(page: Page, during: () => Promise<unknown>): Promise<number> {
  const f0 = await page.evaluate(() => window.nnwalk!.frames());
  const t0 = Date.now();
  await during();
  return ((await page.evaluate(() => window.nnwalk!.frames())) - f0) / ((Date.now() - t0) / 1000);
}

async function run(backend: 'cpu' | 'webgpu'): Promise<void> {
  const s = await openApp(`?bundle=0&backend=${backend}`);
  try {
    if ((await waitForNetwork(s.page)) !== 'ready') throw new Error(await s.page.evaluate(() => window.nnwalk!.state().message));
    const idle = await framesPerSecond(s.page, () => s.page.waitForTimeout(3000));
    console.log(`\n${backend} backend (asked with ?backend=${backend})`);
    console.log(`  frames per second, idle                  ${idle.toFixed(1)}`);
    for (const watch of [false, true]) {
      await s.page.evaluate(() => window.nnwalk!.clearBundleCache());
      let wall = 0;
      const fps = await framesPerSecond(s.page, async () => {
        wall = await s.page.evaluate(async (w) => {
          const t0 = performance.now();
          await window.nnwalk!.rebundle({}, { watch: w });
          return performance.now() - t0;
        }, watch);
      });
      const b = await s.page.evaluate(() => window.nnwalk!.bundling());
      if (b.state !== 'done') throw new Error(`bundling ${b.state}: ${b.message}`);
      const t = b.timings;
      console.log(`  ${watch ? 'watching (polylines every iteration, WebGPU at most every 250 ms)' : 'compute only (no intermediate polylines)'} — ran on ${b.used}`);
      console.log(`    node phase                              ${ms(t.nodesMs ?? t.nodes)}`);
      console.log(`    edge phase (incl. final readback)       ${ms(t.edgesMs)}`);
      if (t.readback !== undefined) console.log(`    final resample + readback               ${ms(t.readback)}`);
      console.log(`    total in the worker(s)                  ${ms(t.totalMs)}`);
      console.log(`    wall time, request → drawn              ${ms(wall)}`);
      console.log(`    frames per second while bundling        ${fps.toFixed(1)}`);
    }
    const local = await s.page.evaluate(async () => {
      const out: number[] = [];
      for (const dx of [0.15, -0.2, 0.3]) {
        const net = window.nnwalk!.state().network!;
        const node = 784 + 40;
        const t0 = performance.now();
        await window.nnwalk!.moveNodes([node], [net.nodePositions[node * 3] + dx, net.nodePositions[node * 3 + 1] - 0.1, net.nodePositions[node * 3 + 2]]);
        out.push(performance.now() - t0, window.nnwalk!.bundling().timings.totalMs);
      }
      return out;
    });
    const walls = [local[0], local[2], local[4]].sort((a, b) => a - b);
    const workers = [local[1], local[3], local[5]].sort((a, b) => a - b);
    console.log(`  local re-bundle, moved hidden node (CPU worker), median of 3: ${ms(workers[1])} in the worker, ${ms(walls[1])} request → drawn`);
  } finally {
    await s.close();
  }
}

console.log(`nnwalk bench:browser — Chromium at ${process.env.NNWALK_CHROMIUM ?? '/usr/bin/chromium'}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
console.log('default network 784-81-49-10, 67,963 edges, nn_vis default processing config, Taylor importance');
const only = process.argv[2];
try {
  for (const backend of ['cpu', 'webgpu'] as const) if (!only || only === backend) await run(backend);
} finally {
  await stopApp();
}
