/**
 * `npm run bench:scale` (issue 17's figures): the CLI on the default network with one and two threads,
 * the 1M-edge random network (1000-990-10, every edge: --max-edges 0) on two threads, and the ResNet-18-
 * and MobileNetV2-shaped channel graphs (published shapes, random weights): selection within the bundling
 * budget, bundling on the machine's cores, peak memory, and the app's desktop frame time with each
 * bundled picture (1280 × 800). `--webgpu` adds the CLI's WebGPU backend on the default and 1M networks
 * (for a GPU machine); `--model FILE` times `nnwalk process FILE` (a real ResNet-18 ONNX, say); `--skip-1m`
 * leaves the 1M network out, `--shapes-only` every CLI figure. Prints figures; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { mobilenetV2Shape } from '../../processing/bench/mobilenetv2-shape';
import { resnet18Shape } from '../../processing/bench/resnet18-shape';
import { defaultProcessingConfig } from '../../processing/config/processing-config';
import { defaultRenderingConfig } from '../../processing/config/rendering-config';
import { encodeProcessedNetwork } from '../../processing/format/codec';
import { buildChannelNetwork } from '../../processing/graph/build-channel-network';
import { buildChannelGraph } from '../../processing/graph/channel-graph';
import { channelWeightPath } from '../../processing/graph/channel-importance';
import type { ModelGraph } from '../../processing/model/model-graph';
import { processStraightWith } from '../../processing/pipeline/process';
import { kBundlingBudgetEdges } from '../../processing/pruning/prune';
import { bundleOnThreads, defaultThreads } from '../../processing/worker/node-threads';
import { openApp, serveApp, stopApp, waitForNetwork } from '../e2e/harness';
import { frameTime } from './frame-time';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'processing', 'cli', 'nnwalk.mjs');
const args = new Set(process.argv.slice(2));
const row = (label: string, value: string) => console.log(`  ${label.padEnd(52)} ${value}`);
const configs = { processing: defaultProcessingConfig, rendering: defaultRenderingConfig };

/** Wall time of the CLI (median of `runs`) and its last summary. */
function cli(runs: number, cliArgs: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): { s: number; out: string } {
  const times: number[] = [];
  let out = '';
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    out = execFileSync(process.execPath, [bin, ...cliArgs, '--quiet'], { cwd, encoding: 'utf8', env });
    times.push(performance.now() - t0);
  }
  return { s: times.sort((a, b) => a - b)[Math.floor(runs / 2)] / 1000, out };
}

const pick = (out: string, prefix: string) => out.split('\n').find((l) => l.startsWith(prefix)) ?? '';

/** A channel-graph shape: build, importance, selection, bundling, metrics, peak memory; writes the picture for the frame bench. */
async function shape(graph: ModelGraph, dir: string): Promise<string> {
  const t0 = performance.now();
  const cg = buildChannelGraph(graph);
  const imp = channelWeightPath(cg);
  const t1 = performance.now();
  const straight = buildChannelNetwork(cg, imp, configs, kBundlingBudgetEdges);
  const t2 = performance.now();
  const threads = defaultThreads(straight.edgeSource.length);
  const r = await processStraightWith(straight, (net) => bundleOnThreads(net, { threads }));
  const t3 = performance.now();
  console.log(`\n${graph.name}: ${cg.planes.length} planes, ${cg.sizes.reduce((a, b) => a + b, 0)} channels, ${cg.edgeSource.length.toLocaleString('en')} channel edges`);
  row('model graph + channel graph + weight-path importance', `${((t1 - t0) / 1000).toFixed(2)} s`);
  row(`selection: top ${straight.edgeSource.length.toLocaleString('en')} edges (bundling budget)`, `${((t2 - t1) / 1000).toFixed(2)} s`);
  row(`bundling on ${threads} threads (nodes + edges), then metrics`, `${((r.timings.nodesMs + r.timings.edgesMs) / 1000).toFixed(1)} s + ${(r.timings.metricsMs / 1000).toFixed(1)} s`);
  row('selection + bundling + metrics, wall', `${((t3 - t1) / 1000).toFixed(1)} s`);
  row('samples / skip edges / dummy nodes', `${r.network.stats.samples} / ${r.network.stats.skipEdges} / ${r.network.stats.dummyNodes ?? 0}`);
  row('distortion mean / ink / class separation (straight)', `${r.metrics.distortionMean.toFixed(3)} / ${r.metrics.voxelInkRatio.toFixed(3)} / ${r.metrics.classSeparation.toFixed(3)} (${r.metrics.classSeparationStraight.toFixed(3)})`);
  row('peak resident memory of the process so far', `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  const file = `bench-scale-${graph.name}.nnwalk`;
  writeFileSync(join(dir, file), encodeProcessedNetwork(r.network));
  return file;
}

/** The CLI figures: default network on 1 and 2 threads, the 1M-edge network, WebGPU when asked. */
function cliFigures(model: string, dir: string): void {
  console.log('\nCLI, default network end to end (load, Taylor importance, bundling, metrics, write; median of 3)');
  for (const threads of ['1', '2']) {
    const r = cli(3, ['process', model, '--out', join(dir, 'd.nnwalk'), '--threads', threads], dir);
    row(`--threads ${threads}`, `${r.s.toFixed(2)} s   ${pick(r.out, 'class separation')}`);
  }
  if (!args.has('--skip-1m')) {
    console.log('\nCLI, random 1000-990-10 (999,900 edges, --max-edges 0), end to end');
    const r = cli(1, ['process', 'random:1000,990,10', '--max-edges', '0', '--out', join(dir, 'r.nnwalk'), '--threads', '2'], dir);
    row('--threads 2', `${r.s.toFixed(1)} s   ${pick(r.out, 'distortion')}`);
  }
  const at = process.argv.indexOf('--model');
  if (at > 0) {
    // A real network, e.g. a PyTorch ResNet-18 exported to ONNX: the "done means" command.
    const file = process.argv[at + 1];
    console.log(`\nCLI, nnwalk process ${file} (defaults: budget, threads)`);
    const r = cli(1, ['process', file, '--out', join(dir, 'm.nnwalk')], dir);
    row('end to end', `${r.s.toFixed(1)} s   ${pick(r.out, 'backend')}`);
  }
  if (args.has('--webgpu')) {
    console.log('\nCLI, --backend webgpu');
    row('default network', `${cli(3, ['process', model, '--out', join(dir, 'g.nnwalk'), '--backend', 'webgpu'], dir).s.toFixed(2)} s`);
    if (!args.has('--skip-1m')) row('random 1000-990-10, --max-edges 0', `${cli(1, ['process', 'random:1000,990,10', '--max-edges', '0', '--out', join(dir, 'g1.nnwalk'), '--backend', 'webgpu'], dir).s.toFixed(1)} s`);
  }
}

async function main(): Promise<void> {
  console.log(`nnwalk bench:scale — Node ${process.version}, ${availableParallelism()} × ${cpus()[0]?.model ?? 'cpu'}`);
  const dir = mkdtempSync(join(tmpdir(), 'nnwalk-bench-scale-'));
  const dist = join(root, 'dist');
  const files: string[] = [];
  try {
    if (!args.has('--shapes-only')) cliFigures(join(root, 'src/assets/models/mnist-mlp/model.json'), dir);
    await serveApp(); // builds the app into dist/: the pictures are written there after
    files.push(await shape(resnet18Shape(), dist), await shape(mobilenetV2Shape(), dist));
    // ImageNet's head: bundled on class_components (16) directions of the 1,000 class vectors.
    rmSync(join(dist, await shape({ ...resnet18Shape(1000), name: 'resnet18-shape-1000-classes' }, dist)), { force: true });
    console.log('\nApp, desktop frame time of the bundled pictures (1280 × 800, light look, automatic draw limit; median of 3 frames)');
    for (const file of files) {
      const s = await openApp(`?network=${file}&bundle=0`, { width: 1280, height: 800 });
      try {
        if ((await waitForNetwork(s.page, 600_000)) !== 'ready') throw new Error(await s.page.evaluate(() => window.nnwalk!.state().message));
        await s.page.waitForTimeout(1000);
        const ms = await frameTime(s.page, 3);
        const view = await s.page.evaluate(() => window.nnwalk!.state().view!);
        const lod = await s.page.evaluate(() => window.nnwalk!.screenLod());
        row(file.replace(/^bench-scale-|\.nnwalk$/g, ''), `${ms.toFixed(0)} ms/frame, ${view.segmentsShown} of ${view.segmentsWanted} segments, ${view.nodesShown} nodes, screen LOD hid ${lod.segments} + ${lod.nodes}`);
      } finally {
        await s.close();
      }
    }
  } finally {
    for (const f of files) rmSync(join(dist, f), { force: true });
    await stopApp();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
