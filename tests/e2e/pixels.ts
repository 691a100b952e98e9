/** Pixel reading for the browser tests: real page screenshots decoded in the page. */
import type { Page } from 'playwright-core';

/**
 * Renders two fresh frames, stops the loop (software GL is slow, screenshots wait for stable frames),
 * takes a real page screenshot and decodes its PNG in the page into RGBA pixels.
 */
export async function screenshotPixels(page: Page): Promise<{ width: number; height: number; data: Uint8Array; png: Buffer }> {
  await page.evaluate(async () => {
    window.nnwalk!.startRenderLoop();
    const start = window.nnwalk!.frames();
    await new Promise<void>((resolve) => {
      const tick = () => (window.nnwalk!.frames() >= start + 2 ? resolve() : requestAnimationFrame(tick));
      tick();
    });
    window.nnwalk!.stopRenderLoop();
  });
  const png = await page.screenshot({ clip: { x: 0, y: 0, ...page.viewportSize()! } });
  return { ...(await decodePng(page, png)), png };
}

/**
 * Decodes a PNG into RGBA pixels in the page (the browser's decoder, no extra dependency). The pixels come
 * back base64-encoded: a plain array of 2 M numbers takes seconds to serialise through the protocol.
 */
export async function decodePng(page: Page, png: Buffer): Promise<{ width: number; height: number; data: Uint8Array }> {
  const decoded = await page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const rgba = await new Blob([ctx.getImageData(0, 0, bitmap.width, bitmap.height).data]).arrayBuffer();
    const url = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.readAsDataURL(new Blob([rgba]));
    });
    return { width: bitmap.width, height: bitmap.height, base64: url.slice(url.indexOf(',') + 1) };
  }, png.toString('base64'));
  return { width: decoded.width, height: decoded.height, data: new Uint8Array(Buffer.from(decoded.base64, 'base64')) };
}

/** Fraction of pixels in a rectangle (fractions of the canvas) that differ from the white background. */
export function inkFraction(img: { width: number; height: number; data: ArrayLike<number> }, x0: number, y0: number, x1: number, y1: number): number {
  let ink = 0;
  let total = 0;
  for (let y = Math.floor(y0 * img.height); y < Math.floor(y1 * img.height); y++) {
    for (let x = Math.floor(x0 * img.width); x < Math.floor(x1 * img.width); x++) {
      const i = (y * img.width + x) * 4;
      if (img.data[i] < 235 || img.data[i + 1] < 235 || img.data[i + 2] < 235) ink++;
      total++;
    }
  }
  return ink / total;
}

/**
 * Fraction of pixels in the central region (x 30–75 %, y 10–90 % of the canvas: clear of the statistics,
 * legend and help panels, whose text changes between runs) whose colour differs by more than `threshold`
 * of 255 in any channel between two same-size images.
 */
export function differingFraction(a: { width: number; height: number; data: ArrayLike<number> }, b: { data: ArrayLike<number> }, threshold = 0.1): number {
  let differ = 0;
  let total = 0;
  for (let y = Math.floor(0.1 * a.height); y < Math.floor(0.9 * a.height); y++) {
    for (let x = Math.floor(0.3 * a.width); x < Math.floor(0.75 * a.width); x++) {
      const i = (y * a.width + x) * 4;
      total++;
      for (let c = 0; c < 3; c++) {
        if (Math.abs(a.data[i + c] - b.data[i + c]) > threshold * 255) {
          differ++;
          break;
        }
      }
    }
  }
  return differ / total;
}
