/** A held-out digit as a small canvas (ink dark on white), tagged with its index for clicks and tests. */
import type { DigitSet } from '../../processing/format/digits';

/** Draws digit `i` of `set` into a new canvas of the digit's size. */
export function digitTile(set: DigitSet, i: number, title: string): HTMLCanvasElement {
  const tile = document.createElement('canvas');
  tile.width = set.cols;
  tile.height = set.rows;
  tile.dataset.digit = String(i);
  tile.title = title;
  putDigit(tile.getContext('2d')!, set, i);
  return tile;
}

/** Writes digit `i` of `set` at the top-left of a 2D context (a page canvas or a headset texture's). */
export function putDigit(ctx: CanvasRenderingContext2D, set: DigitSet, i: number): void {
  const img = ctx.createImageData(set.cols, set.rows);
  const n = set.rows * set.cols;
  for (let p = 0; p < n; p++) {
    const v = 255 - set.pixels[i * n + p];
    img.data[p * 4] = v;
    img.data[p * 4 + 1] = v;
    img.data[p * 4 + 2] = v;
    img.data[p * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}
