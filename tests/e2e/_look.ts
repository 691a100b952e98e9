import { openApp, serveApp, stopApp, waitForNetwork } from './harness';
const out = '/tmp/shots';
await serveApp();
try {
  for (const size of [{ width: 1280, height: 800 }, { width: 1024, height: 640 }]) {
    const s = await openApp('?random=1000-990-10&bundle=0', size);
    await waitForNetwork(s.page);
    await s.page.screenshot({ path: `${out}/budget-${size.width}.png`, timeout: 180_000 });
    await s.close();
  }
} finally {
  await stopApp();
}
