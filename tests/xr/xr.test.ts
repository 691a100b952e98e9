/**
 * The WebXR experience in Debian's Chromium with iwer emulating a Quest 3: enter and exit VR, teleport
 * onto a layer platform, grab a node (it moves, its edges re-bundle), grab a layer, scale with two
 * hands, the menu (Y) and the A button, and a tracked hand's pinch. A small random network keeps
 * stereo software rendering quick; every assertion reads the app's state.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeDigitSet, digitAsFloats } from '../../processing/format/digits';
import { liveActivations } from '../../processing/input/live-activations';
import { loadTfjsModelFile } from '../../processing/model/load-node';
import type { Page } from 'playwright-core';
import { openApp, stopApp, waitForNetwork, type AppSession } from '../e2e/harness';
import { installQuest, press, teleportTo, waitFrames } from './quest';
import { innerChanged, jobsFinished as jobs, nodePosition, touchingEdges as touching, waitForJobs } from '../e2e/network-reads';

const kNetwork = '?random=36-24-16-10&backend=cpu';
const kViewport = { width: 480, height: 300 };

/**
 * Opens the app with the emulated headset, waits for the bundled network and the XR setup, enters VR
 * (through the page's Enter VR button, or the automation call). Edges below importance 0.2 are hidden:
 * software stereo costs ~0.1 ms per drawn segment and frame, and these tests count frames.
 */
async function enterVr(mode: 'controller' | 'hand', via: 'button' | 'call', network = kNetwork): Promise<AppSession> {
  const s = await openApp(network, kViewport, (page) => installQuest(page, mode));
  expect(await waitForNetwork(s.page)).toBe('ready');
  if (!network.includes('bundle=0')) await waitForJobs(s.page, 1);
  await s.page.evaluate(() => window.nnwalk!.setRendering({ edge_importance_threshold: 0.2 }));
  await s.page.waitForFunction(() => window.nnwalk!.xrStatus() !== 'starting', undefined, { timeout: 60_000 });
  expect(await s.page.evaluate(() => window.nnwalk!.xrStatus())).toBe('ready');
  if (via === 'button') await s.page.click('.babylonVRicon');
  else await s.page.evaluate(() => window.nnwalk!.xr!.enter());
  await s.page.waitForFunction(() => window.nnwalk!.xr!.state() === 'IN_XR', undefined, { timeout: 60_000 });
  await waitFrames(s.page, 3);
  return s;
}

const dist = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

const add = (a: number[], b: number[]) => a.map((v, i) => v + b[i]);

/** Shows the menu (the Y button) unless it is shown already. */
async function openMenu(page: Page): Promise<void> {
  if (await page.evaluate(() => window.nnwalk!.xr!.menuVisible())) return;
  await press(page, 'left', 'y-button');
  expect(await page.evaluate(() => window.nnwalk!.xr!.menuVisible())).toBe(true);
}

/** Aims the right controller at a menu control (or one of its options) from the user's right hand and pulls the trigger. */
async function triggerMenu(page: Page, id: string, option: string): Promise<void> {
  const at = await page.evaluate(([i, o]) => window.nnwalk!.xr!.locateMenu(i, o), [id, option]);
  expect(at, `${id} ${option} on the menu`).not.toBeNull();
  // From where the hand is, wherever the user stands (the menu shows in front of the eyes).
  const head = await page.evaluate(() => window.nnwalk!.xr!.cameraPosition());
  await page.evaluate(([f, b]) => window.__quest!.aim('right', f, b), [add(head, [0.15, -0.3, -0.05]), at!]);
  await waitFrames(page, 2);
  await press(page, 'right', 'trigger');
}

/** World direction (metres per network unit along +z, the depth axis) of the network at its current pose. */
/**
 * Squeezes what the right controller aims at from `from` (a tile at world point `tile`), carries it to the
 * input layer's centre (it keeps its offset from the hand) and lets go.
 */
async function carryToInputLayer(page: Page, from: number[], tile: number[]): Promise<void> {
  await page.evaluate(([f, t]) => window.__quest!.aim('right', f, t), [from, tile]);
  await waitFrames(page, 2);
  await page.evaluate(() => window.__quest!.button('right', 'squeeze', 1));
  await waitFrames(page, 2);
  expect(await page.evaluate(() => window.nnwalk!.xr!.holding().right)).toBe('tile');
  const box = await page.evaluate(() => window.nnwalk!.xr!.inputLayerBox());
  const centre = [(box[0] + box[3]) / 2, (box[1] + box[4]) / 2, (box[2] + box[5]) / 2];
  await page.evaluate((p) => window.__quest!.moveTo('right', p), add(centre, [from[0] - tile[0], from[1] - tile[1], from[2] - tile[2]]));
  await waitFrames(page, 2);
  await page.evaluate(() => window.__quest!.button('right', 'squeeze', 0));
}

async function depthAxis(page: Page): Promise<number[]> {
  const yaw = await page.evaluate(() => window.nnwalk!.xr!.pose().yaw);
  return [Math.sin(yaw), 0, Math.cos(yaw)];
}

/** Grabs what the right controller aims at from `from` towards `at`, moves the controller by `by`, lets go. */
async function grabAndMove(page: Page, from: number[], at: number[], by: number[]): Promise<string> {
  await page.evaluate(([f, t]) => window.__quest!.aim('right', f, t), [from, at]);
  await waitFrames(page, 2);
  await page.evaluate(() => window.__quest!.button('right', 'squeeze', 1));
  await waitFrames(page, 2);
  const held = await page.evaluate(() => window.nnwalk!.xr!.holding().right);
  await page.evaluate((p) => window.__quest!.moveTo('right', p), add(from, by));
  await waitFrames(page, 3);
  await page.evaluate(() => window.__quest!.button('right', 'squeeze', 0));
  await waitFrames(page, 2);
  return held;
}

describe('WebXR with an emulated Quest 3 (controllers)', () => {
  let s: AppSession;
  let page: Page;
  beforeAll(async () => {
    s = await enterVr('controller', 'call');
    page = s.page;
  });
  afterAll(async () => {
    await s?.close();
  });

  it('entered VR standing at the room origin with the network in front at its default pose', async () => {
    const xr = await page.evaluate(() => ({ pose: window.nnwalk!.xr!.pose(), scale: window.nnwalk!.xr!.defaultScale(), camera: window.nnwalk!.xr!.cameraPosition(), input: window.nnwalk!.xr!.landing(0) }));
    expect(xr.pose.scale).toBeCloseTo(xr.scale, 6);
    expect(dist(xr.camera, [0, 1.6, 0])).toBeLessThan(0.05);
    // The input layer's landing spot is ahead (−z), on the floor.
    expect(xr.input![2]).toBeLessThan(-0.5);
    expect(Math.abs(xr.input![1])).toBeLessThan(0.1);
  });

  it('grabs a hidden node with the ray, moves it 0.3 m and re-bundles its edges', async () => {
    const node = await page.evaluate(() => window.nnwalk!.drawnNodes().find((n) => n >= 36 + 5 && n < 36 + 24)!);
    expect(node).toBeGreaterThan(0);
    const before = await nodePosition(page, node);
    const edgesBefore = await touching(page, node);
    expect(edgesBefore.edges.length).toBeGreaterThan(0);
    const at = await page.evaluate((n) => window.nnwalk!.xr!.nodeWorld(n), node);
    const scale = await page.evaluate(() => window.nnwalk!.xr!.pose().scale);
    const n0 = await jobs(page);
    const held = await grabAndMove(page, add(at, [0.25, 0.1, 0.8]), at, [0.3, 0, 0]);
    expect(held).toBe(`node:${node}`);
    await waitForJobs(page, n0 + 1);
    const after = await nodePosition(page, node);
    expect(dist(after, before) * scale).toBeGreaterThan(0.27);
    expect(dist(after, before) * scale).toBeLessThan(0.33);
    const edgesAfter = await touching(page, node);
    expect(edgesAfter.edges).toEqual(edgesBefore.edges);
    expect(innerChanged(edgesBefore.points, edgesAfter.points)).toBe(edgesBefore.edges.length);
    expect(await page.evaluate(() => window.nnwalk!.state().selected)).toBe(node);
  });

  it('grabs a layer handle and moves the whole layer along the depth axis', async () => {
    const layer = 2;
    const range = [36 + 24, 36 + 24 + 16];
    const before = await page.evaluate(([a, b]) => Array.from(window.nnwalk!.state().network!.nodePositions.subarray(a * 3, b * 3)), range);
    const at = (await page.evaluate((l) => window.nnwalk!.xr!.handle(l), layer))!;
    const scale = await page.evaluate(() => window.nnwalk!.xr!.pose().scale);
    const n0 = await jobs(page);
    // 0.4 m along the network's depth axis (input → output) in the room.
    const axis = await depthAxis(page);
    const held = await grabAndMove(page, add(at, [0.3, 0.2, 0.9]), at, axis.map((v) => 0.4 * v));
    expect(held).toBe(`layer:${layer}`);
    await waitForJobs(page, n0 + 1);
    const after = await page.evaluate(([a, b]) => Array.from(window.nnwalk!.state().network!.nodePositions.subarray(a * 3, b * 3)), range);
    for (let k = 0; k < after.length; k += 3) {
      expect(Math.abs(after[k] - before[k])).toBeLessThan(1e-5);
      expect(Math.abs(after[k + 1] - before[k + 1])).toBeLessThan(1e-5);
      expect((after[k + 2] - before[k + 2]) * scale).toBeCloseTo(0.4, 1);
    }
  });

  it('scales the network by the ratio of hand distances with both squeezes on empty space', async () => {
    const scale0 = await page.evaluate(() => window.nnwalk!.xr!.pose().scale);
    // Both rays point up and backwards, where nothing is.
    await page.evaluate(() => {
      window.__quest!.aim('left', [-0.15, 1.2, -0.2], [-2, 6, 6]);
      window.__quest!.aim('right', [0.15, 1.2, -0.2], [2, 6, 6]);
    });
    await waitFrames(page, 2);
    await page.evaluate(() => { window.__quest!.button('left', 'squeeze', 1); window.__quest!.button('right', 'squeeze', 1); });
    await waitFrames(page, 2);
    expect(await page.evaluate(() => window.nnwalk!.xr!.holding())).toEqual({ left: 'space', right: 'space' });
    await page.evaluate(() => { window.__quest!.moveTo('left', [-0.3, 1.2, -0.2]); window.__quest!.moveTo('right', [0.3, 1.2, -0.2]); });
    await waitFrames(page, 3);
    await page.evaluate(() => { window.__quest!.button('left', 'squeeze', 0); window.__quest!.button('right', 'squeeze', 0); });
    await waitFrames(page, 2);
    const scale = await page.evaluate(() => window.nnwalk!.xr!.pose().scale);
    expect(scale / scale0).toBeGreaterThan(1.8);
    expect(scale / scale0).toBeLessThan(2.2);
  });

  it('changes the colour mode from the menu and with the A button; the thumbstick click resets the pose', async () => {
    await openMenu(page);
    await triggerMenu(page, 'color-mode', 'class-3');
    expect(await page.evaluate(() => window.nnwalk!.state().look.colorMode)).toEqual({ kind: 'class', k: 3 });
    await press(page, 'right', 'a-button');
    expect(await page.evaluate(() => window.nnwalk!.state().look.colorMode)).toEqual({ kind: 'class', k: 4 });
    await press(page, 'right', 'thumbstick');
    const pose = await page.evaluate(() => ({ scale: window.nnwalk!.xr!.pose().scale, standard: window.nnwalk!.xr!.defaultScale() }));
    expect(pose.scale).toBeCloseTo(pose.standard, 6);
  });

  it('switches to smooth locomotion from the menu and back to teleportation', async () => {
    await openMenu(page);
    for (const expected of [true, false]) {
      const toggle = await page.evaluate(() => window.nnwalk!.xr!.locateMenu('xr-smooth', 'smooth'));
      expect(toggle).not.toBeNull();
      await page.evaluate((b) => window.__quest!.aim('right', [0.15, 1.3, -0.05], b), toggle!);
      await waitFrames(page, 2);
      await press(page, 'right', 'trigger');
      expect(await page.evaluate(() => window.nnwalk!.xr!.smooth())).toBe(expected);
    }
  });

  it('teleports onto the second layer\'s platform', async () => {
    const target = (await page.evaluate(() => window.nnwalk!.xr!.landing(1)))!;
    await teleportTo(page, target);
    const camera = await page.evaluate(() => window.nnwalk!.xr!.cameraPosition());
    expect(Math.hypot(camera[0] - target[0], camera[2] - target[2])).toBeLessThan(0.05);
  });

  it('exits VR back to the desktop camera with the network at identity', async () => {
    await page.evaluate(() => window.nnwalk!.xr!.exit());
    await page.waitForFunction(() => window.nnwalk!.xr!.state() === 'NOT_IN_XR', undefined, { timeout: 60_000 });
    await waitFrames(page, 2);
    expect(await page.evaluate(() => window.nnwalk!.project([0, 0, 0]).every(Number.isFinite))).toBe(true);
  });
});

describe('WebXR with an emulated Quest 3 (tracked hands)', () => {
  let s: AppSession;
  beforeAll(async () => {
    s = await enterVr('hand', 'button', '?bundle=0');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('selects a node with a pinch', async () => {
    const page = s.page;
    expect(await page.evaluate(() => window.__quest!.mode())).toBe('hand');
    const node = await page.evaluate(() => window.nnwalk!.drawnNodes().find((n) => n >= 784 + 81 && n < 784 + 81 + 49)!);
    const at = await page.evaluate((n) => window.nnwalk!.xr!.nodeWorld(n), node);
    await page.evaluate(([f, t]) => window.__quest!.aim('right', f, t), [add(at, [0.2, 0.1, 0.7]), at]);
    await waitFrames(page, 2);
    await page.evaluate(() => window.__quest!.pinch('right', 1));
    await waitFrames(page, 3);
    expect(await page.evaluate(() => window.nnwalk!.state().selected)).toBe(node);
    await page.evaluate(() => window.__quest!.pinch('right', 0));
    await waitFrames(page, 2);
  });

  it('draws on the pad with a fingertip', async () => {
    const page = s.page;
    await page.waitForFunction(() => window.nnwalk!.xr!.fingertip('right') !== null, undefined, { timeout: 10_000 });
    const hand = [-0.55, 1.25, -0.45];
    await page.evaluate(([h, t]) => window.__quest!.aim('right', h, t), [hand, await page.evaluate(() => window.nnwalk!.xr!.padPoint(0.5, 0.5))]);
    await waitFrames(page, 2);
    const tip = (await page.evaluate(() => window.nnwalk!.xr!.fingertip('right')))!;
    const offset = [tip[0] - hand[0], tip[1] - hand[1], tip[2] - hand[2]];
    for (let v = 0.2; v <= 0.81; v += 0.1) {
      const p = await page.evaluate((y) => window.nnwalk!.xr!.padPoint(0.5, y), v);
      await page.evaluate((h) => window.__quest!.moveTo('right', h), [p[0] - offset[0], p[1] - offset[1], p[2] - offset[2]]);
      await waitFrames(page, 1);
    }
    await page.evaluate((h) => window.__quest!.moveTo('right', h), hand);
    await page.waitForFunction(() => window.nnwalk!.state().input?.label === 'drawing', undefined, { timeout: 20_000 });
    const ink = await page.evaluate(() => Array.from(window.nnwalk!.state().input!.pixels).filter((v) => v > 0.2).length);
    expect(ink).toBeGreaterThan(20);
  });
});

describe('WebXR live input (the default network, straight)', () => {
  let s: AppSession;
  let page: Page;
  beforeAll(async () => {
    s = await enterVr('controller', 'call', '?bundle=0');
    page = s.page;
    await page.waitForFunction(() => window.nnwalk!.xr!.tilePoint !== undefined && document.readyState === 'complete', undefined, { timeout: 10_000 });
  });
  afterAll(async () => {
    await s?.close();
    await stopApp();
  });

  it('grabs a gallery digit and drops it on the input layer: the prediction is the model\'s for that digit', async () => {
    await page.waitForFunction(() => { try { return window.nnwalk!.xr!.tilePoint(19).length === 3; } catch { return false; } }, undefined, { timeout: 20_000 });
    const set = decodeDigitSet(new Uint8Array(readFileSync(join(import.meta.dirname, '..', '..', 'src/assets/digits/mnist-heldout.nnwd'))));
    const digits = await page.evaluate(() => Array.from({ length: 20 }, (_, t) => window.nnwalk!.xr!.tileDigit(t)));
    const k = digits.findIndex((i) => set.labels[i] === 7);
    const index = digits[k];
    const tile = await page.evaluate((t) => window.nnwalk!.xr!.tilePoint(t), k);
    await carryToInputLayer(page, add(tile, [0.05, -0.1, 0.3]), tile);
    await page.waitForFunction((i) => window.nnwalk!.state().input?.label.endsWith(`#${i})`) ?? false, index, { timeout: 20_000 });
    const predicted = await page.evaluate(() => window.nnwalk!.state().input!.live.predicted);
    const graph = await loadTfjsModelFile(join(import.meta.dirname, '..', '..', 'src/assets/models/mnist-mlp/model.json'));
    expect(set.labels[index]).toBe(7);
    expect(predicted).toBe(liveActivations(graph, digitAsFloats(set, index)).predicted);
  });

  it('draws on the pad with the controller ray: the network sees a non-empty image and predicts', async () => {
    const n0 = await page.evaluate(() => window.nnwalk!.state().input?.label ?? '');
    const origin = [-0.3, 1.3, -0.2];
    await page.evaluate(([o, t]) => window.__quest!.aim('right', o, t), [origin, await page.evaluate(() => window.nnwalk!.xr!.padPoint(0.5, 0.15))]);
    await waitFrames(page, 2);
    await page.evaluate(() => window.__quest!.button('right', 'trigger', 1));
    await waitFrames(page, 2);
    for (let v = 0.25; v <= 0.86; v += 0.1) {
      const p = await page.evaluate((y) => window.nnwalk!.xr!.padPoint(0.5, y), v);
      await page.evaluate(([o, t]) => window.__quest!.aim('right', o, t), [origin, p]);
      await waitFrames(page, 1);
    }
    await page.evaluate(() => window.__quest!.button('right', 'trigger', 0));
    await page.waitForFunction(() => window.nnwalk!.state().input?.label === 'drawing', undefined, { timeout: 20_000 });
    const input = await page.evaluate(() => ({ ink: Array.from(window.nnwalk!.state().input!.pixels).filter((v) => v > 0.2).length, predicted: window.nnwalk!.state().input!.live.predicted }));
    expect(n0).not.toBe('drawing');
    expect(input.ink).toBeGreaterThan(20);
    expect(input.predicted).toBeGreaterThanOrEqual(0);
    expect(input.predicted).toBeLessThan(10);
  });

  it('selects a node with the trigger and traces its paths from the menu, which shows its activation', async () => {
    // The menu shows an activation once the network has an input.
    if (!(await page.evaluate(() => window.nnwalk!.state().input))) {
      await page.evaluate(() => window.nnwalk!.feedDigit(0));
      await page.waitForFunction(() => window.nnwalk!.state().input !== null, undefined, { timeout: 20_000 });
    }
    const node = await page.evaluate(() => window.nnwalk!.drawnNodes().find((n) => n >= 784 && n < 784 + 81)!);
    const at = await page.evaluate((n) => window.nnwalk!.xr!.nodeWorld(n), node);
    await page.evaluate(([f, t]) => window.__quest!.aim('right', f, t), [add(at, [0.2, 0.1, 0.6]), at]);
    await waitFrames(page, 2);
    await press(page, 'right', 'trigger');
    expect(await page.evaluate(() => window.nnwalk!.state().selected)).toBe(node);
    expect(await page.evaluate(() => window.nnwalk!.xr!.menuText('stat-selected'))).toBe(`layer 1, node ${node - 784}`);
    expect(await page.evaluate(() => window.nnwalk!.xr!.menuText('xr-activation'))).toMatch(/^\d+ % of its layer's largest$/);
    await openMenu(page);
    await triggerMenu(page, 'xr-trace', 'trace');
    const state = await page.evaluate(() => ({ trace: window.nnwalk!.state().look.trace?.length ?? 0, shown: window.nnwalk!.state().view!.edgesShown }));
    expect(state.trace).toBeGreaterThan(3);
    expect(state.shown).toBe(state.trace);
  });

  it('shows what the model gets wrong by the output layer from the menu; the trigger on a ribbon puts its digits on the shelf', async () => {
    await openMenu(page);
    await triggerMenu(page, 'xr-errors', 'errors');
    await page.waitForFunction(() => window.nnwalk!.analysis.view().errors !== null, undefined, { timeout: 30_000 });
    await press(page, 'left', 'y-button');
    const top = await page.evaluate(() => {
      const r = window.nnwalk!.analysis.view().errors!.chord.ribbons.reduce((a, b) => (b.count > a.count ? b : a));
      return { t: r.source, p: r.target, count: r.count };
    });
    const point = (await page.evaluate(({ t, p }) => window.nnwalk!.xr!.errorsRibbonPoint(t, p), top))!;
    expect(point).not.toBeNull();
    // From the user's right hand at the start: the panel faces the start position.
    const from = [0.3, 1.2, -0.3];
    await page.evaluate(([f, t]) => window.__quest!.aim('right', f, t), [from, point]);
    await waitFrames(page, 2);
    await press(page, 'right', 'trigger');
    expect(await page.evaluate(() => { const r = window.nnwalk!.analysis.view().ribbon; return r && [r.t, r.p]; })).toEqual([top.t, top.p]);
    await page.waitForFunction((n) => window.nnwalk!.xr!.shelfDigits().length === n, top.count, { timeout: 20_000 });
    const shelf = await page.evaluate(() => window.nnwalk!.xr!.shelfDigits());
    // Each digit on the shelf: labelled t, and the model file (in Node) reads it as p.
    const set = decodeDigitSet(new Uint8Array(readFileSync(join(import.meta.dirname, '..', '..', 'src/assets/digits/mnist-heldout.nnwd'))));
    const graph = await loadTfjsModelFile(join(import.meta.dirname, '..', '..', 'src/assets/models/mnist-mlp/model.json'));
    for (const i of shelf) {
      expect(set.labels[i]).toBe(top.t);
      expect(liveActivations(graph, digitAsFloats(set, i)).predicted).toBe(top.p);
    }
    // The same ribbon again: the gallery is back.
    await press(page, 'right', 'trigger');
    await page.waitForFunction(() => window.nnwalk!.xr!.shelfDigits().length === 100, undefined, { timeout: 20_000 });
    expect(s.errors).toEqual([]);
  });

  it('puts the output plane\'s preferred inputs on the shelf from the menu (computed in the worker); the class-7 image carried to the input layer is read as a 7, and class 3\'s tile taken off the network as a 3', async () => {
    await openMenu(page);
    await triggerMenu(page, 'xr-preferred', 'shelf');
    await page.waitForFunction(() => window.nnwalk!.xr!.shelfDigits().length === 10, undefined, { timeout: 60_000 });
    await press(page, 'left', 'y-button');
    // Each shelf tile is one output unit's image, in unit order.
    expect(await page.evaluate(() => window.nnwalk!.xr!.shelfDigits())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const tile = await page.evaluate(() => window.nnwalk!.xr!.tilePoint(7));
    await carryToInputLayer(page, add(tile, [0.05, -0.1, 0.3]), tile);
    await page.waitForFunction(() => window.nnwalk!.state().input?.label === 'preferred input of dense_3 · 7', undefined, { timeout: 20_000 });
    expect(await page.evaluate(() => window.nnwalk!.state().input!.live.predicted)).toBe(7);
    // The toggle again: the gallery is back.
    await openMenu(page);
    await triggerMenu(page, 'xr-preferred', 'shelf');
    await page.waitForFunction(() => window.nnwalk!.xr!.shelfDigits().length === 100, undefined, { timeout: 20_000 });
    await press(page, 'left', 'y-button');
    // Straight off the network: class 3's tile (drawn whatever its size on screen), squeezed and carried to the input layer.
    await page.evaluate(() => window.nnwalk!.setTileLod(0, 1));
    const k3 = await page.evaluate(() => window.nnwalk!.maps().tiles.findIndex((t) => t.plane === 3 && t.channel === 3));
    expect(k3).toBeGreaterThan(0);
    const onNet = (await page.evaluate((k) => window.nnwalk!.xr!.tileTexelPoint(k, 14, 14), k3))!;
    await carryToInputLayer(page, [onNet[0] - 0.05, onNet[1] - 0.1, onNet[2] + 0.5], onNet);
    await page.waitForFunction(() => window.nnwalk!.state().input?.label === 'preferred input of dense_3 · 3', undefined, { timeout: 20_000 });
    expect(await page.evaluate(() => window.nnwalk!.state().input!.live.predicted)).toBe(3);
    await page.evaluate(() => window.nnwalk!.setTileLod(14, 28));
    expect(s.errors).toEqual([]);
  });

  it('shows a training epoch picked on the menu\'s scrubber', async () => {
    await page.waitForFunction(() => window.nnwalk!.playback.view().epochs.length === 13, undefined, { timeout: 20_000 });
    await openMenu(page);
    await triggerMenu(page, 'xr-epoch', '3');
    await page.waitForFunction(() => window.nnwalk!.state().source === 'epochs/epoch-03/model.json', undefined, { timeout: 30_000 });
    expect(await page.evaluate(() => window.nnwalk!.xr!.state())).toBe('IN_XR');
    expect(s.errors).toEqual([]);
  });

  it('stands the untrained and L1 companions beside the network with platforms of their own, and teleports onto one', async () => {
    await page.evaluate(() => { void window.nnwalk!.compare.trio(); });
    await page.waitForFunction(() => window.nnwalk!.compare.summary().length === 3, undefined, { timeout: 60_000 });
    // Four layers each: the network's landings 0–3, then one companion's 4–7 and the other's 8–11.
    await page.waitForFunction(() => window.nnwalk!.xr!.landing(11) !== null, undefined, { timeout: 20_000 });
    const [own, first] = await page.evaluate(() => [window.nnwalk!.xr!.landing(0)!, window.nnwalk!.xr!.landing(4)!]);
    // Beside it on the floor, not above it: the same height, apart sideways.
    expect(Math.abs(first[1] - own[1])).toBeLessThan(0.01);
    expect(Math.hypot(first[0] - own[0], first[2] - own[2])).toBeGreaterThan(0.3);
    await teleportTo(page, first);
    const camera = await page.evaluate(() => window.nnwalk!.xr!.cameraPosition());
    expect(Math.hypot(camera[0] - first[0], camera[2] - first[2])).toBeLessThan(0.05);
    expect(s.errors).toEqual([]);
  });
});
