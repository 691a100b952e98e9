/**
 * The desktop control panel (Babylon GUI drawn in the canvas), driven with the real mouse and keyboard:
 * controls are found through window.nnwalk.locateControl (their centre in canvas pixels) and clicked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeProcessedNetwork } from '../../processing/format/codec';
import { openApp, stopApp, waitForNetwork, type AppSession } from './harness';

describe('control panel', () => {
  let s: AppSession;

  beforeAll(async () => {
    s = await openApp('?bundle=0');
    expect(await waitForNetwork(s.page)).toBe('ready');
    await s.page.keyboard.press('?'); // the key help would cover part of the panel at 800 px
  }, 180_000);

  afterAll(async () => {
    await s?.close();
    await stopApp();
  });

  /** Waits until two more frames were rendered (the GUI lays out while rendering). */
  const frames = async () => {
    const start = await s.page.evaluate(() => window.nnwalk!.frames());
    await s.page.waitForFunction((f) => window.nnwalk!.frames() >= f + 2, start, { timeout: 30_000, polling: 50 });
  };

  /** Clicks a panel element (opening the panel at `section` first). */
  const click = async (section: string, id: string, option?: string) => {
    await s.page.evaluate((sec) => window.nnwalk!.openPanel(sec), section);
    await frames();
    const at = await s.page.evaluate(([i, o]) => window.nnwalk!.locateControl(i!, o ?? undefined), [id, option ?? null] as const);
    expect(at, `${id}${option ? `:${option}` : ''} is on screen`).not.toBeNull();
    await s.page.mouse.click(at!.x, at!.y);
    await frames();
  };

  /** Clicks a field and replaces its text by typing. */
  const type = async (section: string, id: string, text: string) => {
    await click(section, id);
    await s.page.keyboard.press('End');
    for (let i = 0; i < 20; i++) await s.page.keyboard.press('Backspace');
    await s.page.keyboard.type(text);
  };

  it('opens with G and shows the statistics', async () => {
    expect(await s.page.evaluate(() => window.nnwalk!.locateControl('stat-layers'))).toBeNull();
    await s.page.keyboard.press('g');
    await frames();
    expect(await s.page.evaluate(() => window.nnwalk!.locateControl('stat-layers'))).not.toBeNull();
    const stats = await s.page.evaluate(() => ['stat-layers', 'stat-edges', 'stat-draw-calls', 'stat-backend', 'stat-classes'].map((id) => window.nnwalk!.panelText(id)));
    expect(stats[0]).toBe('4 (784-81-49-10)');
    expect(stats[1]).toMatch(/^\d+ of 67963$/);
    expect(stats[2]).toBe('2');
    expect(stats[3]).toBe('cpu');
    expect(stats[4]).toBe('10');
  });

  it('changes look, colour mode and class visibility with the mouse', async () => {
    await click('view', 'look', 'dark');
    expect(await s.page.evaluate(() => window.nnwalk!.state().look.look)).toBe('dark');
    await click('view', 'color-mode', 'class-3');
    expect(await s.page.evaluate(() => window.nnwalk!.state().look.colorMode)).toEqual({ kind: 'class', k: 3 });
    await click('view', 'classes', '5');
    expect(await s.page.evaluate(() => [...window.nnwalk!.state().look.hidden])).toEqual([5]);
    await click('view', 'classes', '5');
    await click('view', 'preset', 'transparent');
    expect(await s.page.evaluate(() => window.nnwalk!.state().look.look)).toBe('light');
  });

  it('moves a rendering slider', async () => {
    await click('edges', 'edge_importance_opacity');
    // A click at the slider's centre sets the middle of its 0–3 range.
    const value = await s.page.evaluate(() => window.nnwalk!.state().configs.rendering.edge_importance_opacity);
    expect(value).toBeGreaterThan(1.3);
    expect(value).toBeLessThan(1.7);
  });

  it('refuses an invalid processing value typed in the panel, naming the key', async () => {
    await type('processing', 'edge_bandwidth_reduction', '1.5');
    await click('processing', 'processing-apply');
    expect(await s.page.evaluate(() => window.nnwalk!.panelText('processing-message'))).toContain("'edge_bandwidth_reduction' must be a number in (0, 1)");
    await click('processing', 'processing-defaults');
    expect(await s.page.evaluate(() => window.nnwalk!.panelText('edge_bandwidth_reduction'))).toBe('0.9');
  });

  it('names the classes typed in the panel (legend included), and refuses a wrong count', async () => {
    await click('files', 'class-names');
    await s.page.keyboard.press('End');
    for (let i = 0; i < 30; i++) await s.page.keyboard.press('Backspace');
    await s.page.keyboard.type('a,b,c,d,e,f,g,seven,i,j');
    await frames();
    expect(await s.page.evaluate(() => window.nnwalk!.state().network!.classNames[7])).toBe('seven');
    expect(await s.page.textContent('#legend')).toContain('seven');
    await type('files', 'class-names', ',k');
    expect(await s.page.evaluate(() => window.nnwalk!.panelText('files-message'))).toMatch(/^give 10 non-empty names separated by commas \(got 3\)/);
  });

  it('generates a random network from the typed layer sizes, and names bad sizes', async () => {
    await type('files', 'random-layers', '30-12-3');
    await click('files', 'generate-random');
    await s.page.waitForFunction(() => window.nnwalk!.state().network!.layerSizes.length === 3, undefined, { timeout: 30_000 });
    expect(await s.page.evaluate(() => Array.from(window.nnwalk!.state().network!.layerSizes))).toEqual([30, 12, 3]);
    await type('files', 'random-layers', '30-abc');
    await click('files', 'generate-random');
    expect(await s.page.evaluate(() => window.nnwalk!.panelText('files-message'))).toContain('layer 2 must be a whole number');
  });

  it('saves the processed network as a .nnwalk that decodes to the same network', async () => {
    const shown = await s.page.evaluate(() => ({ sizes: Array.from(window.nnwalk!.state().network!.layerSizes), edges: window.nnwalk!.state().network!.edgeSource.length }));
    const [download] = await Promise.all([s.page.waitForEvent('download', { timeout: 60_000 }), click('files', 'save-network')]);
    expect(download.suggestedFilename()).toMatch(/\.nnwalk$/);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    const net = decodeProcessedNetwork(new Uint8Array(Buffer.concat(chunks)), 'saved');
    expect(Array.from(net.layerSizes)).toEqual(shown.sizes);
    expect(net.edgeSource.length).toBe(shown.edges);
    expect(s.errors).toEqual([]);
  });
});
