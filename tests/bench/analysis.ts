/**
 * `npm run bench:analysis`: the analysis panel's worker jobs in headless Chromium for the embedded
 * networks — the held-out evaluation (2,000 digits: predictions, confusion matrix), the accuracy at one
 * pruning fraction, and (with `--curves`) the pruning curves; with `--playback` the training playback of
 * the default network instead: each epoch from its files to on screen, warm-started, from scratch and
 * from the cache; with `--visualize` feature visualization (the preferred-inputs panel's worker) per plane
 * of LeNet and the ResNet on the CPU route (every plane) and the GPU route (tfjs on this browser's WebGL;
 * SwiftShader here, so only the first and the output plane); `--model=lenet`, `--route=cpu` narrow it.
 * Prints figures; asserts nothing.
 */
import { cpus } from 'node:os';
import { openApp, stopApp, waitForNetwork } from '../e2e/harness';

const withCurves = process.argv.includes('--curves');
const models = ['mlp', 'mlp-l1', 'mlp-untrained', 'lenet', 'resnet'];

/**
 * Epoch by epoch, three passes: warm-started (each step from the picture on screen), from scratch, then
 * from the cache. Each step: read, importance, layout, bundling on the app's workers, the morph.
 */
async function playback(): Promise<void> {
  const s = await openApp('');
  try {
    if ((await waitForNetwork(s.page, 300_000)) !== 'ready') throw new Error(await s.page.evaluate(() => window.nnwalk!.state().message));
    await s.page.waitForFunction(() => window.nnwalk!.bundling().state === 'done', undefined, { timeout: 300_000 });
    // No named functions inside evaluate: tsx would wrap them in a helper the page lacks.
    const passes = await s.page.evaluate(async () => {
      const p = window.nnwalk!.playback;
      p.toggle();
      await p.load();
      const n = p.view().epochs.length;
      const out: { label: string; total: number[]; bundling: number[]; frames: number[]; hits: number }[] = [];
      for (const [label, warm] of [['warm start', true], ['from scratch', false], ['cached', false]] as const) {
        p.setWarm(warm);
        const pass = { label, total: [] as number[], bundling: [] as number[], frames: [] as number[], hits: 0 };
        for (let i = 0; i < n; i++) {
          const t0 = performance.now();
          await p.setEpoch(i);
          pass.total.push(performance.now() - t0);
          const b = window.nnwalk!.bundling();
          pass.bundling.push(b.elapsedMs);
          pass.frames.push(p.view().morphFrames);
          if (b.cached) pass.hits++;
        }
        out.push(pass);
      }
      return out;
    });
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    console.log(`training playback, default network, ${passes[0].total.length} epochs in order (from the click to the epoch on screen, the 0.9 s morph included; epoch 0 comes from a jump, so from scratch, in every pass)`);
    for (const p of passes) {
      const steps = p.total.slice(1);
      console.log(`  ${p.label.padEnd(12)} mean per step ${mean(steps).toFixed(0)} ms, of which bundling (or the cache) ${mean(p.bundling.slice(1)).toFixed(0)} ms; morph ${mean(p.frames.slice(1)).toFixed(1)} frames; ${p.hits} of ${p.total.length} from the cache`);
      console.log(`               per epoch: ${p.total.map((t) => t.toFixed(0)).join(', ')}`);
    }
  } finally {
    await s.close();
    await stopApp();
  }
}

/** Seconds per plane (the worker's own time), how many units beat the held-out data, and the route that ran. */
async function visualize(): Promise<void> {
  console.log(`feature visualization in headless Chromium's analysis worker, default settings (200 iterations, batches of 32); ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`);
  const only = (flag: string) => process.argv.find((a) => a.startsWith(`--${flag}=`))?.split('=')[1];
  for (const id of only('model') ? [only('model')!] : ['lenet', 'resnet']) {
    for (const route of only('route') ? [only('route')!] : ['cpu', 'gpu']) {
      const s = await openApp(`?model=${id}&bundle=0&visualize=${route}`);
      try {
        if ((await waitForNetwork(s.page, 300_000)) !== 'ready') throw new Error(await s.page.evaluate(() => window.nnwalk!.state().message));
        const planes = await s.page.evaluate(() => window.nnwalk!.preferred.view().planes.map((p) => p.name));
        for (const plane of route === 'gpu' ? [planes[0], planes.at(-1)!] : planes) {
          const r = await s.page.evaluate(async (name) => {
            const p = window.nnwalk!.preferred;
            p.setPlane(name);
            await p.run('plane');
            const v = p.visuals().get(name);
            if (!v) throw new Error(p.view().message || 'no result');
            let beat = 0;
            for (let u = 0; u < v.unitCount; u++) if (v.reached[u] >= v.heldOutMax[u]) beat++;
            return { ms: v.ms, units: v.unitCount, beat, engine: v.engine };
          }, plane);
          console.log(`  ${id.padEnd(7)} ${plane.padEnd(20)} ${String(r.units).padStart(4)} units ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${r.beat}/${r.units} beat the held-out max  ${r.engine}`);
        }
      } finally {
        await s.close();
      }
    }
  }
  await stopApp();
}

async function main(): Promise<void> {
  if (process.argv.includes('--playback')) return playback();
  if (process.argv.includes('--visualize')) return visualize();
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
