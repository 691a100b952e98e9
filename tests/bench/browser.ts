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

/** Live input: stroke → activations in the instance buffers, and → the next frame drawn, on a bundled network (the default, or an embedded one by name). */
async function live(model = ''): Promise<void> {
  const s = await openApp(`?backend=cpu${model ? `&model=${model}` : ''}`);
  try {
    if ((await waitForNetwork(s.page, 300_000)) !== 'ready') throw new Error(await s.page.evaluate(() => window.nnwalk!.state().message));
    await s.page.waitForFunction(() => window.nnwalk!.bundling().finished >= 1, undefined, { timeout: 300_000 });
    // A string: tsx would wrap named inner functions in a helper the page does not have.
    const r = await s.page.evaluate(`(async () => {
      const side = 140;
      const strokes = [];
      for (let k = 0; k < 12; k++) {
        const px = new Array(side * side).fill(0);
        const x = 40 + 5 * k;
        for (let y = 20; y < 120; y++) for (let dx = -5; dx <= 5; dx++) px[y * side + x + dx + (y >> 3)] = 1;
        strokes.push(px);
      }
      const written = [];
      const presented = [];
      for (const px of strokes) {
        const frames = window.nnwalk.frames();
        const t0 = performance.now();
        window.nnwalk.feedDrawing(px, side, side);
        written.push(window.nnwalk.state().input.elapsedMs);
        await new Promise((resolve) => { const tick = () => (window.nnwalk.frames() > frames ? resolve() : requestAnimationFrame(tick)); tick(); });
        presented.push(performance.now() - t0);
      }
      const median = (a) => a.slice(2).sort((x, y) => x - y)[Math.floor((a.length - 2) / 2)];
      return { written: median(written), presented: median(presented), signalUpdates: window.nnwalk.renderInfo().signalUpdates, view: window.nnwalk.state().view };
    })()`) as { written: number; presented: number; signalUpdates: number; view: { segmentsShown: number } };
    console.log(`\nlive input (bundled ${model || 'default network'}, ${r.view.segmentsShown} segments; medians of 10 strokes after 2 warm-up)`);
    console.log(`  stroke → activations in the instance buffers   ${r.written.toFixed(1)} ms (preparation 140×140 → 28×28, inference, colours + thresholds rewritten)`);
    console.log(`  stroke → next frame presented                  ${ms(r.presented)} (software rendering here)`);
    console.log(`  scalar-only updates                            ${r.signalUpdates} of 12`);
  } finally {
    await s.close();
  }
}

console.log(`nnwalk bench:browser — Chromium at ${process.env.NNWALK_CHROMIUM ?? '/usr/bin/chromium'}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
console.log('default network 784-81-49-10, 67,963 edges, nn_vis default processing config, Taylor importance');
const only = process.argv[2];
try {
  for (const backend of ['cpu', 'webgpu'] as const) if (!only || only === backend) await run(backend);
  if (!only || only === 'live') {
    await live();
    await live('lenet');
  }
} finally {
  await stopApp();
}
