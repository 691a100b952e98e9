/** Pixel reading for the browser tests: real page screenshots decoded in the page. */
import type { Page } from 'playwright-core';
import { chroma255 } from '../../src/scene/oklab';

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

/** The scene alone: HTML panels and the banner hidden for the screenshot; the render loop runs again after it. */
export async function scenePixels(page: Page): Promise<{ width: number; height: number; data: Uint8Array; png: Buffer }> {
  await page.evaluate(() => document.querySelectorAll<HTMLElement>('.panel, #banner').forEach((e) => { e.style.visibility = 'hidden'; }));
  const img = await screenshotPixels(page);
  await page.evaluate(() => document.querySelectorAll<HTMLElement>('.panel, #banner').forEach((e) => { e.style.visibility = ''; }));
  await page.evaluate(() => window.nnwalk!.startRenderLoop());
  return img;
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

/** What the network's ink looks like on a picture: how much there is, how far it spans, how colourful it is. */
export interface InkStats {
  /** Fraction of the pixels that differ from the background (any channel more than 20 of 255 away). */
  fraction: number;
  /** Horizontal and vertical extent of the ink, from the first to the last column (row) holding at least 3 ink pixels, as fractions of the width (height). */
  spanX: number;
  spanY: number;
  /** Left and right ends of that extent (fractions of the width). */
  x0: number;
  x1: number;
  /** The horizontal span of the ink's middle 98 % (1st to 99th percentile of the ink pixels' x), a stricter figure. */
  spanX98: number;
  /** Mean OKLab chroma √(a² + b²) of the ink pixels (grey 0, nn_vis's saturated class colours 0.15–0.3). */
  chroma: number;
}

/** Ink statistics of a picture over a uniform background (white for the light look, black for the dark). */
export function inkStats(img: { width: number; height: number; data: ArrayLike<number> }, background: [number, number, number] = [255, 255, 255]): InkStats {
  const columns = new Float64Array(img.width);
  const rows = new Float64Array(img.height);
  let ink = 0;
  let chroma = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 4;
      const r = img.data[i];
      const g = img.data[i + 1];
      const b = img.data[i + 2];
      if (Math.abs(r - background[0]) <= 20 && Math.abs(g - background[1]) <= 20 && Math.abs(b - background[2]) <= 20) continue;
      ink++;
      columns[x]++;
      rows[y]++;
      chroma += chroma255(r, g, b);
    }
  }
  const percentiles = (counts: Float64Array): [number, number] => {
    let seen = 0;
    let lo = 0;
    let hi = counts.length - 1;
    for (let k = 0; k < counts.length; k++) {
      seen += counts[k];
      if (seen <= 0.01 * ink) lo = k + 1;
      if (seen < 0.99 * ink) hi = k + 1;
    }
    return [lo / counts.length, Math.min(hi + 1, counts.length) / counts.length];
  };
  const extent = (counts: Float64Array): [number, number] => {
    let lo = -1;
    let hi = -1;
    for (let k = 0; k < counts.length; k++) {
      if (counts[k] < 3) continue;
      if (lo < 0) lo = k;
      hi = k;
    }
    return lo < 0 ? [0, 0] : [lo / counts.length, (hi + 1) / counts.length];
  };
  const [x0, x1] = extent(columns);
  const [y0, y1] = extent(rows);
  const [p0, p1] = percentiles(columns);
  return { fraction: ink / (img.width * img.height), spanX: x1 - x0, spanY: y1 - y0, x0, x1, spanX98: ink ? p1 - p0 : 0, chroma: ink ? chroma / ink : 0 };
}

/** The canvas alone (HTML overlays and the control panel hidden for the shot), as pixels. */
export async function canvasPixels(page: Page): Promise<{ width: number; height: number; data: Uint8Array; png: Buffer }> {
  await page.evaluate(() => {
    document.getElementById('docks')!.style.visibility = 'hidden';
    window.nnwalk!.showControls(false);
  });
  try {
    return await screenshotPixels(page);
  } finally {
    await page.evaluate(() => {
      document.getElementById('docks')!.style.visibility = '';
      window.nnwalk!.showControls(true);
    });
  }
}
