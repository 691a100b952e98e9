/**
 * `npm run bench:analysis`: the analysis panel's worker jobs in headless Chromium for the embedded
 * networks — the held-out evaluation (2,000 digits: predictions, confusion matrix), the accuracy at one
 * pruning fraction, and (with `--curves`) the pruning curves. Prints figures; asserts nothing.
 */
import { cpus } from 'node:os';
import { openApp, stopApp, waitForNetwork } from '../e2e/harness';

const withCurves = process.argv.includes('--curves');
const models = ['mlp', 'mlp-l1', 'mlp-untrained', 'lenet', 'resnet'];

async function main(): Promise<void> {
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
