/** Reading the app's stored network and bundling jobs from a test (shared by the desktop and XR grab tests). */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** Waits until `n` jobs finished and none runs (a drag's last re-bundle may follow one started while holding); expects success. */
export async function waitForJobs(page: Page, n: number, timeout = 120_000): Promise<void> {
  await page.waitForFunction((k) => (window.nnwalk!.bundling().finished >= k && window.nnwalk!.bundling().state !== 'running') || window.nnwalk!.bundling().state === 'failed', n, { timeout, polling: 100 });
  expect(await page.evaluate(() => window.nnwalk!.bundling().state)).toBe('done');
}

/** Bundling jobs finished so far. */
export const jobsFinished = (page: Page): Promise<number> => page.evaluate(() => window.nnwalk!.bundling().finished);

/** A node's stored position. */
export const nodePosition = (page: Page, node: number): Promise<number[]> =>
  page.evaluate((n) => Array.from(window.nnwalk!.state().network!.nodePositions.subarray(n * 3, n * 3 + 3)), node);

/** Edges touching `node` and their polylines (flattened points), from the stored network. */
export function touchingEdges(page: Page, node: number): Promise<{ edges: number[]; points: number[][] }> {
  return page.evaluate((n) => {
    const net = window.nnwalk!.state().network!;
    const edges: number[] = [];
    const points: number[][] = [];
    for (let e = 0; e < net.edgeSource.length; e++) {
      if (net.edgeSource[e] !== n && net.edgeTarget[e] !== n) continue;
      edges.push(e);
      points.push(Array.from(net.polylinePoints.subarray(net.polylineOffsets[e] * 3, net.polylineOffsets[e + 1] * 3)));
    }
    return { edges, points };
  }, node);
}

/** How many of the polylines changed inside (not only at their ends): a re-bundle, not a moved endpoint. */
export function innerChanged(before: number[][], after: number[][]): number {
  const inner = (pts: number[]) => pts.slice(3, -3);
  return after.filter((p, i) => {
    const a = inner(p);
    const b = inner(before[i]);
    return a.length !== b.length || a.some((v, k) => Math.abs(v - b[k]) > 1e-6);
  }).length;
}
