/**
 * `npm run bench:analysis`: the analysis panel's worker jobs in headless Chromium for the embedded
 * networks — the held-out evaluation (2,000 digits: predictions, confusion matrix), the accuracy at one
 * pruning fraction, and (with `--curves`) the pruning curves; with `--playback` the training playback of
 * the default network instead: each epoch from its files to bundled on screen, then again from the cache.
 * Prints figures; asserts nothing.
 */
import { cpus } from 'node:os';
import { openApp, stopApp, waitForNetwork } from '../e2e/harness';

const withCurves = process.argv.includes('--curves');
const models = ['mlp', 'mlp-l1', 'mlp-untrained', 'lenet', 'resnet'];

/** Epoch by epoch, twice: computed (read, importance, layout, bundling on the app's workers), then cached. */
async function playback(): Promise<void> {
  const s = await openApp('');
  try {
    if ((await waitForNetwork(s.page, 300_000)) !== 'ready') throw new Error(await s.page.evaluate(() => window.nnwalk!.state().message));
    await s.page.waitForFunction(() => window.nnwalk!.bundling().state === 'done', undefined, { timeout: 300_000 });
    // No named functions inside evaluate: tsx would wrap them in a helper the page lacks.
    const times = await s.page.evaluate(async () => {
      const p = window.nnwalk!.playback;
      p.toggle();
      await p.load();
      const n = p.view().epochs.length;
      const out: number[][] = [[], []];
      const bundling: number[][] = [[], []];
      let hits = 0;
      for (const pass of [0, 1]) {
        for (let i = 0; i < n; i++) {
          const t0 = performance.now();
          await p.setEpoch(i);
          out[pass].push(performance.now() - t0);
          const b = window.nnwalk!.bundling();
          bundling[pass].push(b.elapsedMs);
          if (pass === 1 && b.cached) hits++;
        }
      }
      return { first: out[0], cached: out[1], bundling, hits };
    });
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    console.log(`training playback, default network, ${times.first.length} epochs (from the click to the bundled epoch on screen)`);
    console.log(`  computed: mean ${mean(times.first).toFixed(0)} ms (${times.first.map((t) => t.toFixed(0)).join(', ')})`);
    console.log(`  again:    mean ${mean(times.cached).toFixed(0)} ms (${times.cached.map((t) => t.toFixed(0)).join(', ')}); ${times.hits} of ${times.cached.length} from the bundle cache`);
    console.log(`  of which bundling (or the cache): first ${mean(times.bundling[0]).toFixed(0)} ms, again ${mean(times.bundling[1]).toFixed(0)} ms on average`);
  } finally {
    await s.close();
    await stopApp();
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--playback')) return playback();
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}; headless Chromium (the worker runs the model in JavaScript)`);
  console.log('model            accuracy   evaluate (2,000 digits)   accuracy at 50 % pruned (samples)   ' + (withCurves ? 'curves' : ''));
  for (const id of models) {
    const s = await openApp(`?model=${id}&bundle=0`);
    try {
      if ((await waitForNetwork(s.page, 300_000)) !== 'ready') throw new Error(await s.page.evaluate(() => window.nnwalk!.state().message));
      const r = await s.page.evaluate(async (curves) => {
        const a = window.nnwalk!.analysis;
        a.toggle();
        const t0 = performance.now();
        await a.evaluate();
        const wall = performance.now() - t0;
        const e = a.view().errors;
        if (!e) throw new Error(a.view().message || 'no result');
        const t1 = performance.now();
        a.setFraction(0.5);
        while (a.view().pruning.accuracy?.fraction !== 0.5) await new Promise((ok) => setTimeout(ok, 20));
        const prune = { wall: performance.now() - t1, ...a.view().pruning.accuracy! };
        let curveMs = 0;
        let points = 0;
        if (curves) {
          await a.computeCurves();
          const c = a.view().pruning.curves;
          if (!c) throw new Error(a.view().message || 'no curves');
          curveMs = c.ms;
          points = (c.report.curves.length + c.report.randomSeeds) * c.report.fractions.length;
        }
        return { accuracy: e.result.confusion.overall, ms: e.result.ms, wall, prune, curveMs, points };
      }, withCurves);
      const pr = `${(r.prune.overall * 100).toFixed(1)} % in ${r.prune.ms.toFixed(0)} ms (${r.prune.samples})`;
      console.log(`${id.padEnd(16)} ${(r.accuracy * 100).toFixed(2).padStart(6)} %   ${r.ms.toFixed(0).padStart(6)} ms (wall ${r.wall.toFixed(0)} ms)   ${pr.padEnd(36)}${withCurves ? `${(r.curveMs / 1000).toFixed(1)} s for ${r.points} points` : ''}`);
    } finally {
      await s.close();
    }
  }
  await stopApp();
}

main().catch((err) => { console.error(err); process.exit(1); });
