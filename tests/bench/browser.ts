/**
 * `npm run bench:browser`: the default network's full bundling in headless Chromium through the app's
 * worker API, per backend (CPU: two workers on ≥ 2 cores; WebGPU: whatever adapter the browser has —
 * SwiftShader's software one on a machine without a GPU), with times per stage, the frame rate while it
 * runs, and the local re-bundle of a moved hidden node. Prints figures; asserts nothing.
 */
import { cpus } from 'node:os';
import type { Page } from 'playwright-core';
import { copyFileSync, existsSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { bigOnnxModel } from '../../processing/bench/big-onnx';
import { openApp, serveApp, stopApp, waitForNetwork } from '../e2e/harness';

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
      const tiles = [];
      const toTiles = [];
      const walls = [];
      for (const px of strokes) {
        const frames = window.nnwalk.frames();
        const t0 = performance.now();
        window.nnwalk.feedDrawing(px, side, side);
        walls.push(performance.now() - t0);
        written.push(window.nnwalk.state().input.elapsedMs);
        tiles.push(window.nnwalk.state().tiles ? window.nnwalk.state().tiles.updateMs : NaN);
        toTiles.push(window.nnwalk.state().tiles ? window.nnwalk.state().tiles.inputToTilesMs : NaN);
        await new Promise((resolve) => { const tick = () => (window.nnwalk.frames() > frames ? resolve() : requestAnimationFrame(tick)); tick(); });
        presented.push(performance.now() - t0);
      }
      const median = (a) => a.slice(2).sort((x, y) => x - y)[Math.floor((a.length - 2) / 2)];
      // The same strokes with the render loop stopped: the main thread's own cost, without the software
      // renderer's threads competing for the two cores.
      const signalUpdates = window.nnwalk.renderInfo().signalUpdates;
      window.nnwalk.stopRenderLoop();
      const quiet = [];
      for (const px of strokes) {
        window.nnwalk.feedDrawing(px, side, side);
        const t = window.nnwalk.state().tiles;
        quiet.push(t ? t.inputToTilesMs : window.nnwalk.state().input.elapsedMs);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      window.nnwalk.startRenderLoop();
      return { quiet: median(quiet), written: median(written), presented: median(presented), wall: median(walls), tileMs: median(tiles), toTiles: median(toTiles), tiles: window.nnwalk.state().tiles, signalUpdates, view: window.nnwalk.state().view };
    })()`) as { quiet: number; written: number; presented: number; wall: number; tileMs: number; toTiles: number; tiles: { tiles: number; drawCalls: number; atlas: string } | null; signalUpdates: number; view: { segmentsShown: number } };
    console.log(`\nlive input (bundled ${model || 'default network'}, ${r.view.segmentsShown} segments; medians of 10 strokes after 2 warm-up)`);
    console.log(`  stroke → activations in the instance buffers   ${r.written.toFixed(1)} ms (preparation 140×140 → 28×28, inference, colours + thresholds rewritten)`);
    console.log(`  stroke → next frame presented                  ${ms(r.presented)} (software rendering here)`);
    console.log(`  scalar-only updates                            ${r.signalUpdates} of 12`);
    if (r.tiles) {
      console.log(`  feature maps: ${r.tiles.tiles} tiles in ${r.tiles.drawCalls} draw call, atlas ${r.tiles.atlas}`);
      console.log(`  stroke → every tile in GPU memory              ${r.toTiles.toFixed(1)} ms (preparation, inference, restyle, atlas writes and uploads ${r.tileMs.toFixed(1)} ms, tile records)`);
      console.log(`  stroke → everything updated, panels included   ${r.wall.toFixed(1)} ms`);
      console.log(`  stroke → every tile in GPU memory, render loop stopped (no software renderer competing)  ${r.quiet.toFixed(1)} ms`);
    }
  } finally {
    await s.close();
  }
}

/** A random CNN of 10,003 channels with 32 × 32 maps (10 M values): image → every tile updated, and frame times with the tiles. */
async function bigMaps(spec = 'cnn:10x1000@32'): Promise<void> {
  const s = await openApp(`?random=${spec}&bundle=0`, { width: 1280, height: 800 });
  try {
    if ((await waitForNetwork(s.page, 300_000)) !== 'ready') throw new Error(await s.page.evaluate(() => window.nnwalk!.state().message));
    const r = await s.page.evaluate(`(async () => {
      const n = 32 * 32 * 3;
      const frameMs = async (seconds) => {
        const f0 = window.nnwalk.frames();
        const t0 = performance.now();
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        return (performance.now() - t0) / Math.max(1, window.nnwalk.frames() - f0);
      };
      const importanceView = await frameMs(3);
      const images = [];
      let seed = 7;
      for (let k = 0; k < 5; k++) images.push(Array.from({ length: n }, () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; }));
      const walls = [];
      const uploads = [];
      const writes = [];
      const presented = [];
      for (const values of images) {
        const frames = window.nnwalk.frames();
        const t0 = performance.now();
        window.nnwalk.feedValues(values);
        walls.push(window.nnwalk.state().tiles.inputToTilesMs);
        uploads.push(window.nnwalk.state().tiles.updateMs);
        writes.push([window.nnwalk.state().tiles.writeMs, window.nnwalk.state().tiles.uploadMs]);
        await new Promise((resolve) => { const tick = () => (window.nnwalk.frames() > frames ? resolve() : requestAnimationFrame(tick)); tick(); });
        presented.push(performance.now() - t0);
      }
      const median = (a) => a.slice(1).sort((x, y) => x - y)[Math.floor((a.length - 1) / 2)];
      const calm = await frameMs(4);
      window.nnwalk.setTileLod(0, 0.5);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const all = await frameMs(4);
      return { importanceView, writes: median(writes.map((w) => w[0])), uploadsOnly: median(writes.map((w) => w[1])), wall: median(walls), upload: median(uploads), presented: median(presented), calm, all, tiles: window.nnwalk.state().tiles, values: window.nnwalk.state().network.planes.reduce((n, p) => n + (p.shape.length === 3 ? p.shape[0] * p.shape[1] * p.shape[2] : 0), 0) };
    })()`) as { importanceView: number; writes: number; uploadsOnly: number; wall: number; upload: number; presented: number; calm: number; all: number; values: number; tiles: { tiles: number; drawCalls: number; atlas: string } };
    console.log(`\nfeature maps of a random CNN (${spec}: ${r.tiles.tiles.toLocaleString('en')} tiles, ${(r.values / 1e6).toFixed(1)} M map values, atlas ${r.tiles.atlas}, ${r.tiles.drawCalls} draw call; medians of 4 images after 1 warm-up)`);
    console.log(`  image → every tile in GPU memory               ${r.wall.toFixed(0)} ms (inference and restyle ${(r.wall - r.upload).toFixed(0)} ms; atlas: values and mean/max maps written ${r.writes.toFixed(0)} ms, texture uploads ${r.uploadsOnly.toFixed(0)} ms)`);
    console.log(`  image → next frame presented                   ${ms(r.presented)}`);
    console.log(`  desktop frame time, importance view (no tiles)                      ${r.importanceView.toFixed(1)} ms`);
    console.log(`  desktop frame time, default view (level of detail fades small tiles)  ${r.calm.toFixed(1)} ms`);
    console.log(`  desktop frame time, every tile drawn as a map                        ${r.all.toFixed(1)} ms (software rendering here)`);
  } finally {
    await s.close();
  }
}

/** Reading (fetch with progress) and parsing (worker) of the fixtures and a generated ~100 MB ONNX model. */
async function load(): Promise<void> {
  await serveApp();
  const dist = join(import.meta.dirname, '..', '..', 'dist');
  const big = join(tmpdir(), 'nnwalk-bench', 'big.onnx');
  if (!existsSync(big)) { mkdirSync(join(tmpdir(), 'nnwalk-bench'), { recursive: true }); writeFileSync(big, bigOnnxModel(100)); }
  const fixtures = join(import.meta.dirname, '..', 'fixtures');
  const files: [string, string][] = [['bench-big.onnx', big], ['bench-lenet.onnx', join(fixtures, 'onnx', 'lenet.onnx')], ['bench-resnet.keras', join(fixtures, 'keras', 'resnet.keras')], ['bench-lenet.h5', join(fixtures, 'keras', 'lenet.h5')]];
  for (const [name, from] of files) copyFileSync(from, join(dist, name));
  const s = await openApp('?bundle=0');
  try {
    await waitForNetwork(s.page);
    console.log('\nmodel loading in the browser (fetch from the local preview server with progress, parse in a worker; median of 3)');
    for (const [name] of files.reverse()) {
      const runs: { bytes: number; readMs: number; parseMs: number; ops: number }[] = [];
      for (let k = 0; k < 3; k++) runs.push(await s.page.evaluate(`window.nnwalk.readModel(${JSON.stringify(name)})`) as (typeof runs)[number]);
      runs.sort((a, b) => a.readMs + a.parseMs - b.readMs - b.parseMs);
      const r = runs[1];
      console.log(`  ${name.padEnd(20)} ${(r.bytes / 1e6).toFixed(1).padStart(6)} MB  read ${r.readMs.toFixed(0).padStart(5)} ms  parse ${r.parseMs.toFixed(0).padStart(5)} ms  (${r.ops} ops)`);
    }
  } finally {
    await s.close();
    for (const [name] of files) rmSync(join(dist, name), { force: true });
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
    await live('resnet');
    await bigMaps();
  }
  if (only === 'maps') await bigMaps();
  if (only === 'load') await load();
  // One embedded network's live input alone: `npm run bench:browser live:lenet`.
  if (only?.startsWith('live:')) await live(only.slice(5));
} finally {
  await stopApp();
}
