import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, serveApp, stopApp, waitForNetwork } from './harness';
const out = '/tmp/shots';
await serveApp();
const dist = join(import.meta.dirname, '..', '..', 'dist');
copyFileSync('/tmp/nnwalk-bench/big.onnx', join(dist, 'big.onnx'));
try {
  for (const size of [{ width: 1280, height: 800 }, { width: 1024, height: 640 }]) {
    const s = await openApp('?bundle=0', size);
    await waitForNetwork(s.page);
    const b64 = readFileSync('tests/fixtures/keras/resnet.keras').toString('base64');
    await s.page.evaluate(`(async () => {
      const data = new DataTransfer();
      data.items.add(new File([Uint8Array.from(atob(${JSON.stringify(b64)}), (c) => c.charCodeAt(0))], 'resnet.keras'));
      document.getElementById('app').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      await new Promise((r) => { const t = () => (window.nnwalk.state().source === 'resnet.keras' && window.nnwalk.state().status !== 'loading' ? r() : setTimeout(t, 100)); t(); });
    })()`);
    await s.page.waitForTimeout(4000);
    await s.page.screenshot({ path: `${out}/keras-${size.width}.png` });
    // The big ONNX by URL: the load bar while reading, then Cancel.
    await s.page.evaluate(`history.replaceState(null, '', '?model=big.onnx')`);
    const p = s.page.goto(s.page.url().replace(/\?.*/, '?model=big.onnx&bundle=0'));
    await p;
    await s.page.waitForSelector('#loading-bar:not(.hidden)', { timeout: 30000 });
    await s.page.waitForTimeout(1500);
    await s.page.screenshot({ path: `${out}/loading-${size.width}.png` });
    await s.page.click('#cancel-loading');
    await s.page.waitForTimeout(500);
    console.log('after cancel:', await s.page.evaluate(`JSON.stringify({ s: window.nnwalk.state().status, m: window.nnwalk.state().message })`));
    await s.page.screenshot({ path: `${out}/cancelled-${size.width}.png` });
    await s.close();
  }
} finally {
  rmSync(join(dist, 'big.onnx'), { force: true });
  await stopApp();
}
