/**
 * Live input on the desktop (real mouse): a vertical stroke drawn on the pad is read as a "1", the bars
 * and the picture change; a gallery digit gets the model's own prediction for it; networks without
 * weights say why live input is unavailable.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { decodeDigitSet, digitAsFloats } from '../../processing/format/digits';
import { liveActivations } from '../../processing/input/live-activations';
import { loadTfjsModelFile } from '../../processing/model/load-node';
import { openApp, stopApp, waitForNetwork, type AppSession } from './harness';
import { uprightScores } from './tile-reads';
import { differingFraction, scenePixels } from './pixels';

const root = join(import.meta.dirname, '..', '..');

describe('live input (desktop)', () => {
  let s: AppSession;
  let page: Page;
  beforeAll(async () => {
    s = await openApp('?bundle=0');
    page = s.page;
    expect(await waitForNetwork(page)).toBe('ready');
  });
  afterAll(async () => {
    await s?.close();
    await stopApp();
  });

  it('reads a vertical stroke drawn with the mouse as a 1: prediction, bars and picture change', async () => {
    const before = await scenePixels(page);
    await page.keyboard.press('i');
    // The gallery arrives asynchronously and makes the (bottom-anchored) panel taller: wait for it first.
    await page.waitForFunction(() => document.querySelectorAll('#gallery canvas').length === 100, undefined, { timeout: 10_000 });
    const pad = await page.evaluate(() => window.nnwalk!.padBox());
    await page.mouse.move(pad.x + pad.size * 0.5, pad.y + pad.size * 0.15);
    await page.mouse.down();
    for (let k = 1; k <= 10; k++) await page.mouse.move(pad.x + pad.size * 0.5, pad.y + pad.size * (0.15 + 0.07 * k));
    await page.mouse.up();
    await page.waitForFunction(() => window.nnwalk!.state().input !== null, undefined, { timeout: 10_000 });
    const state = await page.evaluate(() => ({ predicted: window.nnwalk!.state().input!.live.predicted, label: window.nnwalk!.state().input!.label, signal: window.nnwalk!.state().look.signal, ink: Array.from(window.nnwalk!.state().input!.pixels).filter((v) => v > 0.1).length }));
    expect(state.label).toBe('drawing');
    expect(state.ink).toBeGreaterThan(20);
    expect(state.predicted).toBe(1);
    expect(state.signal).toBe('activation');
    expect(await page.textContent('#prediction')).toMatch(/^→ 1 \(\d+ %\)$/);
    expect(await page.locator('#bars .bar').count()).toBe(10);
    expect(await page.getAttribute('#bars .bar.top', 'data-class')).toBe('1');
    // The 3D bars beside the output layer: the predicted class's is the longest.
    const bars = await page.evaluate(() => window.nnwalk!.renderInfo().outputBars);
    expect(bars.length).toBe(10);
    expect(bars.indexOf(Math.max(...bars))).toBe(1);
    const after = await scenePixels(page);
    expect(differingFraction(before, after)).toBeGreaterThan(0.01);
    // The signal flows: pulses travel along the edges (3 per edge, one cycle a second), so the picture changes
    // from moment to moment. Two pictures a whole number of seconds apart can catch the same phase: take a few.
    let flowing = 0;
    for (const wait of [350, 600]) {
      await page.waitForTimeout(wait);
      flowing = Math.max(flowing, differingFraction(after, await scenePixels(page), 0.02));
    }
    expect(flowing).toBeGreaterThan(0.001);
  });

  it("gives a gallery digit the model's own prediction for it", async () => {
    const set = decodeDigitSet(new Uint8Array(readFileSync(join(root, 'src/assets/digits/mnist-heldout.nnwd'))));
    const graph = await loadTfjsModelFile(join(root, 'src/assets/models/mnist-mlp/model.json'));
    if (!(await page.isVisible('#input'))) await page.keyboard.press('i');
    await page.waitForFunction(() => document.querySelectorAll('#gallery canvas').length === 100, undefined, { timeout: 10_000 });
    const tile = page.locator('#gallery canvas').nth(73);
    const index = Number(await tile.getAttribute('data-digit'));
    expect(set.labels[index]).toBe(7);
    await tile.click();
    await page.waitForFunction((i) => window.nnwalk!.state().input?.label.endsWith(`#${i})`), index, { timeout: 10_000 });
    const predicted = await page.evaluate(() => window.nnwalk!.state().input!.live.predicted);
    expect(predicted).toBe(liveActivations(graph, digitAsFloats(set, index)).predicted);
    // The input layer shows the digit itself as one image tile, upright and unmirrored from the default
    // view: dark screen pixels where the digit has ink, not where a mirrored or flipped image would.
    await page.waitForFunction(() => window.nnwalk!.maps().visible, undefined, { timeout: 10_000 });
    expect(await page.evaluate(() => window.nnwalk!.maps().tiles)).toEqual([{ plane: 0, channel: -1, node: -1 }]);
    const { scores } = await uprightScores(page, 0, set.pixels.subarray(index * 784, (index + 1) * 784));
    await page.evaluate(() => window.nnwalk!.startRenderLoop());
    expect(scores.upright).toBeGreaterThan(0.8);
    expect(scores.upright - scores.mirrored).toBeGreaterThan(0.3);
    expect(scores.upright - scores.flipped).toBeGreaterThan(0.3);
    // A new input only rewrites per-edge scalars (colours, thresholds): same segments, no new matrices.
    const before = await page.evaluate(() => ({ info: window.nnwalk!.renderInfo(), segments: window.nnwalk!.state().view!.segmentsShown }));
    await page.locator('#gallery canvas').nth(12).click();
    await page.waitForFunction((n) => window.nnwalk!.renderInfo().signalUpdates > n, before.info.signalUpdates, { timeout: 10_000 });
    const after = await page.evaluate(() => ({ info: window.nnwalk!.renderInfo(), segments: window.nnwalk!.state().view!.segmentsShown }));
    expect(after.segments).toBe(before.segments);
    expect(after.info.edgeAllocations).toBe(before.info.edgeAllocations);
  });

  it("opens a clicked node's details (activation, importance, incoming weights) and traces its strongest paths", async () => {
    // The details show an activation once the network has an input.
    if (!(await page.evaluate(() => window.nnwalk!.state().input))) {
      await page.evaluate(() => window.nnwalk!.feedDigit(0));
      await page.waitForFunction(() => window.nnwalk!.state().input !== null, undefined, { timeout: 20_000 });
    }
    const node = await page.evaluate(() => window.nnwalk!.drawnNodes().find((n) => {
      if (n < 784 || n >= 784 + 81) return false;
      const [x, y] = window.nnwalk!.projectNode(n);
      // Not under an HTML panel, and the node a click there would take.
      return document.elementFromPoint(x * 800, y * 600)?.id === 'scene' && window.nnwalk!.nodeAt(x * 800, y * 600) === n;
    }) ?? -1);
    expect(node).toBeGreaterThanOrEqual(784);
    const [x, y] = await page.evaluate((n) => window.nnwalk!.projectNode(n), node);
    await page.mouse.click(x * 800, y * 600);
    await page.waitForSelector('#details:not(.hidden)');
    expect(await page.textContent('#details-title')).toBe(`Node ${node - 784} of layer 1 (hidden 1)`);
    expect(await page.textContent('#details-activation')).toMatch(/activation/);
    expect(await page.locator('#details .bar').count()).toBe(10);
    expect(await page.getAttribute('#details-weights', 'class')).toBe('square');
    const before = await scenePixels(page);
    await page.click('#details-trace');
    const traced = await page.evaluate(() => ({ trace: window.nnwalk!.state().look.trace?.length ?? 0, shown: window.nnwalk!.state().view!.edgesShown }));
    expect(traced.trace).toBeGreaterThan(3);
    expect(traced.shown).toBe(traced.trace);
    expect(differingFraction(before, await scenePixels(page))).toBeGreaterThan(0.01);
    await page.click('#details-close');
    expect(await page.evaluate(() => ({ selected: window.nnwalk!.state().selected, trace: window.nnwalk!.state().look.trace }))).toEqual({ selected: null, trace: null });
  });
});
