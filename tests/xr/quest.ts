/**
 * An emulated Meta Quest 3 in the page (Meta's iwer runtime), with the two workarounds of
 * ../shared/notes/environment.md: forceInstall over Chromium's native navigator.xr, and iwer 2.5's
 * getOffsetReferenceSpace handed a transform where it expects a matrix. `window.__quest` drives it.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);

/** What `window.__quest` offers the tests (world = the local-floor space until the user teleports). */
export interface QuestDriver {
  /** Puts a controller (or hand) at `from`, pointing at `to`. */
  aim(hand: 'left' | 'right', from: number[], to: number[]): void;
  /** Moves a controller (or hand) to `at`, keeping its orientation. */
  moveTo(hand: 'left' | 'right', at: number[]): void;
  /** Sets a controller's (or hand's) orientation quaternion [x, y, z, w]. */
  orient(hand: 'left' | 'right', q: number[]): void;
  button(hand: 'left' | 'right', id: string, value: number): void;
  stick(hand: 'left' | 'right', x: number, y: number): void;
  pinch(hand: 'left' | 'right', value: number): void;
  mode(): string;
}

declare global {
  interface Window { __quest?: QuestDriver }
}

/** Installs the emulated headset before the app loads; `inputMode` 'hand' gives tracked hands instead of controllers. */
export async function installQuest(page: Page, inputMode: 'controller' | 'hand' = 'controller'): Promise<void> {
  await page.addInitScript({ path: require.resolve('iwer/build/iwer.min.js') });
  // A string, not a function: under tsx (npm run bench:xr) functions get helpers the page lacks.
  await page.addInitScript(`(() => {
    const IWER = window.IWER;
    const device = new IWER.XRDevice(IWER.metaQuest3);
    device.installRuntime({ forceInstall: true });
    const proto = IWER.XRReferenceSpace.prototype;
    const original = proto.getOffsetReferenceSpace;
    proto.getOffsetReferenceSpace = function patched(t) {
      return original.call(this, t && t.matrix ? t.matrix : t);
    };
    device.primaryInputMode = ${JSON.stringify(inputMode)};
    const input = (hand) => (device.primaryInputMode === 'hand' ? device.hands[hand] : device.controllers[hand]);
    window.__quest = {
      aim(hand, from, to) {
        const dx = to[0] - from[0];
        const dy = to[1] - from[1];
        const dz = to[2] - from[2];
        const len = Math.hypot(dx, dy, dz);
        // Shortest rotation taking the pointer's forward a = (0, 0, -1) onto b:
        // q = [cross(a, b), 1 + a.b] with cross(a, b) = (b.y, -b.x, 0).
        const b = [dx / len, dy / len, dz / len];
        let q = [b[1], -b[0], 0, 1 - b[2]];
        if (1 - b[2] < 1e-6) q = [0, 1, 0, 0];
        const n = Math.hypot(q[0], q[1], q[2], q[3]);
        const c = input(hand);
        c.position.set(from[0], from[1], from[2]);
        c.quaternion.set(q[0] / n, q[1] / n, q[2] / n, q[3] / n);
      },
      moveTo(hand, at) { input(hand).position.set(at[0], at[1], at[2]); },
      orient(hand, q) { input(hand).quaternion.set(q[0], q[1], q[2], q[3]); },
      button(hand, id, value) { device.controllers[hand].updateButtonValue(id, value); },
      stick(hand, x, y) { device.controllers[hand].updateAxes('thumbstick', x, y); },
      pinch(hand, value) { device.hands[hand].updatePinchValue(value); },
      mode: () => device.primaryInputMode,
    };
  })();`);
}

/** Waits until the app has rendered `n` more frames (XR frames once in a session). */
export async function waitFrames(page: Page, n: number, timeout = 120_000): Promise<void> {
  const start = await page.evaluate(() => window.nnwalk!.frames());
  await page.waitForFunction((target) => window.nnwalk!.frames() >= target, start + n, { timeout, polling: 50 });
}

/** Teleports with the right thumbstick aimed from beside the user at `target` (world); resolves once the app counts the teleport. */
export async function teleportTo(page: Page, target: number[]): Promise<void> {
  const before = await page.evaluate(() => window.nnwalk!.xr!.teleports());
  await page.evaluate((t) => window.__quest!.aim('right', [0.2, 1.2, -0.2], t), target);
  await waitFrames(page, 2);
  await page.evaluate(() => window.__quest!.stick('right', 0, -1));
  await waitFrames(page, 6);
  await page.evaluate(() => window.__quest!.stick('right', 0, 0));
  await page.waitForFunction((n) => window.nnwalk!.xr!.teleports() > n, before, { timeout: 60_000 });
}

/** Presses and releases button `id` of a controller, two frames each. */
export async function press(page: Page, hand: 'left' | 'right', id: string): Promise<void> {
  await page.evaluate(([h, b]) => window.__quest!.button(h as 'left' | 'right', b, 1), [hand, id]);
  await waitFrames(page, 2);
  await page.evaluate(([h, b]) => window.__quest!.button(h as 'left' | 'right', b, 0), [hand, id]);
  await waitFrames(page, 2);
}
