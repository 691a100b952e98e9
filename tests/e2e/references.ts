/**
 * Reference pictures for the browser tests (tests/e2e/references/). Tolerance, as Babylon's own visual
 * tests use: a pixel differs when a channel is off by more than 0.035 × 255, and at most 1.1 % of pixels
 * may differ — enough for rasterisation and float rounding differences between software GL builds, far
 * below what a changed colour mode, look or opacity term produces. Refresh with `UPDATE_REFERENCES=1`;
 * under `CI=true` a missing reference fails.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { decodePng } from './pixels';

const kReferences = join(import.meta.dirname, 'references');
const kChannelTolerance = 0.035 * 255;
const kMaxDiffering = 0.011;

/** Fraction of pixels whose colour differs by more than the channel tolerance. */
export function differing(a: { data: ArrayLike<number> }, b: { data: ArrayLike<number> }): number {
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (Math.abs(a.data[i] - b.data[i]) > kChannelTolerance || Math.abs(a.data[i + 1] - b.data[i + 1]) > kChannelTolerance || Math.abs(a.data[i + 2] - b.data[i + 2]) > kChannelTolerance) n++;
  }
  return n / (a.data.length / 4);
}

/** Compares `img` with (or, under UPDATE_REFERENCES=1, or when missing outside CI, writes) the committed reference `name`.png. */
export async function expectMatchesReference(page: Page, name: string, img: { width: number; height: number; data: Uint8Array; png: Buffer }): Promise<void> {
  const file = join(kReferences, `${name}.png`);
  if (process.env.UPDATE_REFERENCES === '1' || (!existsSync(file) && process.env.CI !== 'true')) {
    mkdirSync(kReferences, { recursive: true });
    writeFileSync(file, img.png);
  }
  const ref = await decodePng(page, readFileSync(file));
  expect([img.width, img.height]).toEqual([ref.width, ref.height]);
  const fraction = differing(img, ref);
  expect(fraction, `${name}: ${(fraction * 100).toFixed(2)} % of pixels differ from the reference`).toBeLessThanOrEqual(kMaxDiffering);
}
