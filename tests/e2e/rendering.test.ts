/**
 * The impostor rendering in headless Chromium (software WebGL2): reference pictures per look and colour
 * mode, class visibility, the importance threshold, and order independence of the transparency.
 *
 * Reference images live in tests/e2e/references/ (the straight default network, `?bundle=0`, so the
 * picture does not wait on bundling; panels hidden), compared with references.ts's tolerance (a changed
 * colour mode, look or opacity term changes 5–60 % of the pixels here). Refresh the references with
 * `UPDATE_REFERENCES=1 npx vitest run tests/e2e/rendering.test.ts`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, stopApp, waitForNetwork, type AppSession } from './harness';
import { screenshotPixels } from './pixels';
import { differing, expectMatchesReference } from './references';

type Image = Awaited<ReturnType<typeof screenshotPixels>>;

/** Fraction of pixels that are not the background colour `bg` (0 or 255). */
function ink(img: Image, bg: number): number {
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) if (Math.abs(img.data[i] - bg) > 3 || Math.abs(img.data[i + 1] - bg) > 3 || Math.abs(img.data[i + 2] - bg) > 3) n++;
  return n / (img.data.length / 4);
}

describe('impostor rendering', () => {
  let s: AppSession;

  beforeAll(async () => {
    s = await openApp('?bundle=0');
    expect(await waitForNetwork(s.page)).toBe('ready');
    await s.page.addStyleTag({ content: '.panel, #banner { display: none !important; }' });
    await s.page.evaluate(() => window.nnwalk!.showControls(false));
  }, 180_000);

  afterAll(async () => {
    await s?.close();
    await stopApp();
  });

  /** Sets the look and returns the picture (the camera never moves: auto-rotation is off by default). */
  const picture = async (look: Record<string, unknown>): Promise<Image> => {
    await s.page.evaluate((l) => { window.nnwalk!.setLook(l as never); }, look);
    return screenshotPixels(s.page);
  };

  const matchesReference = (name: string, img: Image) => expectMatchesReference(s.page, name, img);

  it('draws nodes and edges in two draw calls and matches the references in each look and colour mode', async () => {
    expect(await s.page.evaluate(() => window.nnwalk!.state().view!.drawCalls)).toBe(2);
    const shots: Record<string, Image> = {
      'light-all': await picture({ look: 'light', colorMode: { kind: 'all' } }),
      'light-independent': await picture({ look: 'light', colorMode: { kind: 'independent' } }),
      'light-class-3': await picture({ look: 'light', colorMode: { kind: 'class', k: 3 } }),
      'dark-all': await picture({ look: 'dark', colorMode: { kind: 'all' } }),
      'shaded-all': await picture({ look: 'shaded', colorMode: { kind: 'all' } }),
    };
    for (const [name, img] of Object.entries(shots)) await matchesReference(name, img);
    // The looks and modes are really different pictures (the tolerance cannot hide a mode change).
    expect(differing(shots['light-all'], shots['light-independent'])).toBeGreaterThan(0.02);
    expect(differing(shots['light-all'], shots['light-class-3'])).toBeGreaterThan(0.02);
    expect(ink(shots['dark-all'], 0)).toBeGreaterThan(0.02);
    expect(ink(shots['light-all'], 255)).toBeGreaterThan(0.02);
  }, 240_000);

  it('hides a class: its colour leaves the picture', async () => {
    const class3 = await picture({ look: 'light', colorMode: { kind: 'class', k: 3 }, hidden: [] });
    expect(ink(class3, 255)).toBeGreaterThan(0.01);
    const hidden = await picture({ hidden: [3] });
    expect(ink(hidden, 255)).toBe(0);
    const allShown = await picture({ colorMode: { kind: 'all' }, hidden: [] });
    const allButThree = await picture({ hidden: [3] });
    expect(differing(allShown, allButThree)).toBeGreaterThan(0.005);
    await picture({ hidden: [] });
  }, 120_000);

  it('leaves only the background at importance threshold 1.0', async () => {
    await s.page.evaluate(() => window.nnwalk!.setRendering({ edge_importance_threshold: 1, node_importance_threshold: 1 }));
    expect(ink(await picture({ look: 'light' }), 255)).toBe(0);
    expect(ink(await picture({ look: 'dark' }), 0)).toBe(0);
    await s.page.evaluate(() => window.nnwalk!.setRendering({ edge_importance_threshold: 0.01, node_importance_threshold: 0.01 }));
    expect(ink(await picture({ look: 'light' }), 255)).toBeGreaterThan(0.02);
  }, 120_000);

  it('is order-independent: the edge instances reversed give the same picture', async () => {
    for (const look of ['light', 'dark']) {
      const before = await picture({ look, colorMode: { kind: 'all' } });
      await s.page.evaluate(() => window.nnwalk!.reverseEdgeOrder());
      const after = await screenshotPixels(s.page);
      expect(differing(before, after)).toBe(0);
    }
  }, 120_000);

  it('screen-space level of detail: the default picture is the same with it off, and a far view hides sub-pixel instances', async () => {
    await s.page.evaluate(() => window.nnwalk!.setLook({ look: 'light', colorMode: { kind: 'all' } }));
    const on = await screenshotPixels(s.page);
    // Counted for the last frame drawn (screenshots draw frames; the render loop is stopped between them).
    const counted = () => s.page.evaluate(() => window.nnwalk!.screenLod());
    // At the default view only instances too faint to change a pixel are left out (light look, MIN blending).
    const near = await counted();
    expect(near.nodes).toBe(0);
    await s.page.evaluate(() => window.nnwalk!.screenLod(false));
    const off = await screenshotPixels(s.page);
    expect(differing(on, off)).toBeLessThan(0.001);
    expect(await counted()).toEqual({ nodes: 0, segments: 0 });
    await s.page.evaluate(() => window.nnwalk!.screenLod(true));
    // Far away most edges are thinner than half a pixel: they are not drawn, and the statistics say so.
    await s.page.evaluate(() => window.nnwalk!.startRenderLoop()); // the camera's inertia moves it frame by frame
    await s.page.mouse.move(400, 300);
    for (let k = 0; k < 8; k++) await s.page.mouse.wheel(0, 400);
    await s.page.waitForTimeout(1500);
    await screenshotPixels(s.page);
    const far = await counted();
    expect(far.segments).toBeGreaterThan(near.segments + 4000);
    expect(far.nodes).toBeGreaterThan(0);
    expect(await s.page.evaluate(() => window.nnwalk!.panelText('stat-screen-lod'))).toContain(`${far.segments.toLocaleString('en')} segments`);
    await s.page.evaluate(() => window.nnwalk!.defaultView());
  }, 120_000);

  it('rejects invalid rendering settings with the key named, and keeps rendering', async () => {
    await expect(s.page.evaluate(() => window.nnwalk!.setRendering({ edge_base_opacity: 2 }))).rejects.toThrow("'edge_base_opacity' must be a number in [0, 1]");
    expect(s.errors).toEqual([]);
  });
});
