/**
 * `npm run bench:warm`: training playback's bundling, epoch after epoch of an embedded MLP's snapshots, from
 * scratch and warm-started from the previous epoch's picture. Prints per step: time, how far the strands
 * moved from the previous picture (mean point distance), and the quality metrics of both. Asserts nothing.
 * Options: --model mnist-mlp|mnist-mlp-l1 (default mnist-mlp), --iterations N (warm iterations, default
 * kWarmIterations), --epochs A-B (default all).
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { bundleNetwork } from '../bundling/bundle';
import { kWarmIterations } from '../bundling/warm';
import { defaultProcessingConfig } from '../config/processing-config';
import { defaultRenderingConfig } from '../config/rendering-config';
import { fromDigitSet } from '../data/dataset';
import type { ProcessedNetwork } from '../format/processed-network';
import { decodeDigitSet } from '../format/digits';
import { taylorImportance } from '../importance/taylor';
import { qualityMetrics } from '../metrics/quality';
import { loadTfjsModelFile } from '../model/load-node';
import { buildStraightNetwork, dataFreeImportance, shapeOf } from '../network/build-straight';
import { strandMotion } from '../network/edge-pairing';
import { parseSnapshotManifest } from '../train/snapshots';

const root = join(import.meta.dirname, '..', '..');
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const model = arg('--model') ?? 'mnist-mlp';
const iterations = Number(arg('--iterations') ?? kWarmIterations);
const manifestPath = join(root, 'src/assets/models', model, 'epochs/epochs.json');
const manifest = parseSnapshotManifest(readFileSync(manifestPath, 'utf8'), manifestPath);
const [fromEpoch, toEpoch] = (arg('--epochs') ?? `0-${manifest.epochs.length - 1}`).split('-').map(Number);
const configs = { processing: defaultProcessingConfig, rendering: defaultRenderingConfig };
const held = fromDigitSet(decodeDigitSet(new Uint8Array(readFileSync(join(root, 'src/assets/digits/mnist-heldout.nnwd')))), 'held-out');

/** The app's straight network of one snapshot (Taylor node importance on the held-out digits, |w| edges). */
async function straightOf(file: string): Promise<ProcessedNetwork> {
  const graph = await loadTfjsModelFile(file);
  const free = dataFreeImportance(graph);
  const taylor = taylorImportance(graph, held);
  return buildStraightNetwork(shapeOf(graph), { method: 'taylor', nodes: taylor.nodes, edges: free.edges }, configs);
}

const f = (v: number, d = 3) => v.toFixed(d);
console.log(`warm-started vs scratch bundling: ${model}, epochs ${fromEpoch}–${toEpoch}, ${iterations} warm iterations; ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, one thread`);
console.log('epoch | scratch ms | warm ms | motion scratch | motion warm | distortion s/w | ink s/w | separation s/w');
let scratchPrev: ProcessedNetwork | null = null;
let warmPrev: ProcessedNetwork | null = null;
const totals = { scratch: 0, warm: 0, motionScratch: 0, motionWarm: 0, steps: 0 };
for (let k = fromEpoch; k <= toEpoch; k++) {
  const entry = manifest.epochs[k];
  const straight = await straightOf(join(dirname(manifestPath), entry.model));
  let t = performance.now();
  const scratch = bundleNetwork(straight).network;
  const scratchMs = performance.now() - t;
  t = performance.now();
  const warm: ProcessedNetwork = warmPrev ? bundleNetwork(straight, { warm: { previous: warmPrev, iterations } }).network : scratch;
  const warmMs = warmPrev ? performance.now() - t : scratchMs;
  const ms = qualityMetrics(scratch);
  const mw = qualityMetrics(warm);
  const motionS = scratchPrev ? strandMotion(scratchPrev, scratch).mean : 0;
  const motionW = warmPrev ? strandMotion(warmPrev, warm).mean : 0;
  if (warmPrev) {
    totals.scratch += scratchMs; totals.warm += warmMs; totals.motionScratch += motionS; totals.motionWarm += motionW; totals.steps++;
  }
  console.log(`${String(entry.epoch).padStart(5)} | ${f(scratchMs, 0).padStart(10)} | ${f(warmMs, 0).padStart(7)} | ${f(motionS, 4).padStart(14)} | ${f(motionW, 4).padStart(11)} | ${f(ms.distortionMean)}/${f(mw.distortionMean)} | ${f(ms.voxelInkRatio)}/${f(mw.voxelInkRatio)} | ${f(ms.classSeparation)}/${f(mw.classSeparation)}`);
  scratchPrev = scratch;
  warmPrev = warm;
}
if (totals.steps) {
  const n = totals.steps;
  console.log(`mean per step: scratch ${f(totals.scratch / n, 0)} ms, warm ${f(totals.warm / n, 0)} ms (${f(totals.scratch / totals.warm, 2)}× faster); strands moved ${f(totals.motionScratch / n, 4)} (scratch) vs ${f(totals.motionWarm / n, 4)} (warm) per step`);
}
