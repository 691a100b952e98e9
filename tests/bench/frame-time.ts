/** Frame-time measurement in the app's page (bench:render, bench:scale). */
import type { Page } from 'playwright-core';

/** Median time between frames over `frames` frames after one warm-up frame (ms). */
export async function frameTime(page: Page, frames: number): Promise<number> {
  // A string, not a function: tsx would wrap named inner functions in a helper the page does not have.
  return page.evaluate(`(async () => {
    window.nnwalk.startRenderLoop();
    const times = [];
    let last = 0;
    await new Promise((resolve) => {
      const tick = (t) => {
        if (last) times.push(t - last);
        last = t;
        if (times.length >= ${frames}) resolve();
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    window.nnwalk.stopRenderLoop();
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  })()`) as Promise<number>;
}
