/** Builds the app, serves it on localhost and opens it in Debian's Chromium through playwright-core. */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';

const root = join(import.meta.dirname, '..', '..');

/** Chromium binary: $NNWALK_CHROMIUM, else Debian's /usr/bin/chromium. */
export const kChromiumPath = process.env.NNWALK_CHROMIUM ?? '/usr/bin/chromium';

/** Flags from shared/notes/environment.md: headless software WebGL2/WebGPU, no background traffic. */
const kChromiumArgs = [
  '--headless=new', '--no-sandbox', '--disable-gpu-sandbox', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
  '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];

export interface AppSession {
  url: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

let server: PreviewServer | null = null;

/** Serves dist/ (built once per run by build-once.ts under vitest, else here once per process); returns the base URL. */
export async function serveApp(): Promise<string> {
  if (!server) {
    if (process.env.NNWALK_DIST_BUILT !== '1') await build({ root, logLevel: 'warn' });
    server = await preview({ root, logLevel: 'warn', preview: { port: 0, host: 'localhost', strictPort: false, open: false } });
  }
  const address = server.httpServer.address() as AddressInfo;
  return `http://localhost:${address.port}/`;
}

/** Stops the preview server (tests must leave no process behind). */
export async function stopApp(): Promise<void> {
  if (!server) return;
  await new Promise<void>((resolve) => server!.httpServer.close(() => resolve()));
  server = null;
}

/** Opens `path` of the served app in a fresh browser; fails loudly when Chromium is missing. `prepare` runs before the page loads (init scripts). */
export async function openApp(path = '', viewport = { width: 800, height: 600 }, prepare?: (page: Page) => Promise<void>): Promise<AppSession> {
  if (!existsSync(kChromiumPath)) {
    throw new Error(`Chromium not found at ${kChromiumPath}: install it (apt-get install -y chromium) or set NNWALK_CHROMIUM to a Chrome/Chromium binary`);
  }
  const base = await serveApp();
  const browser = await chromium.launch({ executablePath: kChromiumPath, ignoreDefaultArgs: ['--headless'], args: kChromiumArgs });
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(err.message));
  // Nothing outside localhost exists here; fail such requests fast instead of waiting on them.
  await page.route(/^(?!http:\/\/localhost)/, (route) => route.abort());
  await prepare?.(page);
  await page.goto(base + path);
  return { url: base, browser, context, page, errors, close: () => browser.close() };
}

/** Waits until the app reports a state other than loading. */
export async function waitForNetwork(page: Page, timeout = 120_000): Promise<string> {
  await page.waitForFunction(() => window.nnwalk && window.nnwalk.state().status !== 'loading', undefined, { timeout, polling: 200 });
  return page.evaluate(() => window.nnwalk!.state().status);
}
