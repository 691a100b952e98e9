import { openApp, stopApp, waitForNetwork } from './harness';
const [,, query = '', name = 'look', w = '1280', h = '800', script = ''] = process.argv;
const s = await openApp(query, { width: +w, height: +h });
console.log(await waitForNetwork(s.page));
await s.page.waitForFunction(() => { const b = window.nnwalk!.bundling(); return b.state !== 'running'; }, undefined, { timeout: 300_000, polling: 500 }).catch(() => {});
for (const part of script.split(';;').filter(Boolean)) {
  if (part.startsWith('mouse:')) { const [x, y] = part.slice(6).split(',').map(Number); await s.page.mouse.move(x, y); await s.page.waitForTimeout(500); continue; }
  if (part.startsWith('key:')) { await s.page.keyboard.press(part.slice(4)); await s.page.waitForTimeout(500); continue; }
  console.log(JSON.stringify(await s.page.evaluate(part))?.slice(0, 600)); await s.page.waitForTimeout(800);
}
await s.page.waitForTimeout(1500);
await s.page.screenshot({ path: `/tmp/shots/${name}.png` });
console.log(s.errors);
await s.close(); await stopApp();
