/** Reading feature-map tiles from screenshots (the input image upright and unmirrored, from any camera). */
import type { Page } from 'playwright-core';
import { screenshotPixels } from './pixels';

/** Screen darkness (0 white … 1 black) at the 28 × 28 texel points of drawn tile `k`, and the points (canvas, [0, 1]²). */
export async function tileDarkness(page: Page, k: number): Promise<{ points: number[][]; dark: number[] }> {
  // Two frames first: a panel that just opened refits the camera, and projections use the last frame's.
  await page.evaluate(async () => {
    window.nnwalk!.startRenderLoop();
    const start = window.nnwalk!.frames();
    await new Promise<void>((resolve) => { const tick = () => (window.nnwalk!.frames() >= start + 2 ? resolve() : requestAnimationFrame(tick)); tick(); });
  });
  const points = await page.evaluate((tile) => {
    const out: number[][] = [];
    for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) out.push(window.nnwalk!.tileTexel(tile, r, c)!);
    return out;
  }, k);
  const shot = await screenshotPixels(page);
  const dark = points.map(([x, y]) => {
    const at = (Math.round(y * shot.height) * shot.width + Math.round(x * shot.width)) * 4;
    return 1 - (shot.data[at] + shot.data[at + 1] + shot.data[at + 2]) / 765;
  });
  return { points, dark };
}

/**
 * How the screen pixels at the 28 × 28 texel points of input tile `k` correlate with the digit's ink,
 * upright and as a mirrored or upside-down image would put it; also returns the points (canvas, [0, 1]²).
 */
export async function uprightScores(page: Page, k: number, pixels: Uint8Array): Promise<{ points: number[][]; scores: { upright: number; mirrored: number; flipped: number } }> {
  const { points, dark } = await tileDarkness(page, k);
  const ink = Array.from(pixels, (v) => v / 255);
  const mirrored = ink.map((_, i) => ink[Math.floor(i / 28) * 28 + 27 - (i % 28)]);
  const flipped = ink.map((_, i) => ink[(27 - Math.floor(i / 28)) * 28 + (i % 28)]);
  return { points, scores: { upright: correlation(dark, ink), mirrored: correlation(dark, mirrored), flipped: correlation(dark, flipped) } };
}

/** Pearson correlation of two equally long series. */
export function correlation(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((x, y) => x + y, 0) / n;
  const mb = b.reduce((x, y) => x + y, 0) / n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
