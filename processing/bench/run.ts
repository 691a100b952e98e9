/**
 * `npm run bench`: processing figures on the embedded default network (nn_vis's default config, all
 * 67,963 edges) and on random networks of ~10k, ~100k and ~1M edges. Prints figures; asserts nothing.
 * Then the embedded LeNet and ResNet (load, Taylor importance, bundling, metrics) and a random
 * ResNet-18-shaped channel graph (≈ 1.3 M channel edges: selection of the top edges, bundling, peak memory).
 * Options: --bn (also time BN-γ importance, ≈ 30 s), --skip-1m (leave out the 1M-edge network),
 * --skip-cnn (leave out the CNNs), --cnn-only (only the CNNs), --resnet18-edges N (edges the ResNet-18
 * shape bundles, default 100,000).
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { defaultProcessingConfig } from '../config/processing-config';
import { defaultRenderingConfig } from '../config/rendering-config';
import { fromDigitSet, type LabeledData } from '../data/dataset';
import { loadMnistPackage, splitMnist } from '../data/mnist-node';
import { decodeProcessedNetwork, encodeProcessedNetwork } from '../format/codec';
import { decodeDigitSet } from '../format/digits';
import { randomImportance } from '../importance/random';
import { taylorImportance } from '../importance/taylor';
import { loadTfjsModelFile } from '../model/load-node';
import { shapeOf } from '../network/build-straight';
import { rebundleLocal } from '../bundling/local';
import { processNetwork, type ProcessResult } from '../pipeline/process';
import { readFileSync } from 'node:fs';

const root = join(import.meta.dirname, '..', '..');
const configs = { processing: defaultProcessingConfig, rendering: defaultRenderingConfig };
const ms = (v: number) => `${v.toFixed(0).padStart(7)} ms`;

function row(label: string, value: string): void {
  console.log(`  ${label.padEnd(40)} ${value}`);
}

function report(r: ProcessResult): void {
  const m = r.metrics;
  row('straight layout + pruning', ms(r.timings.layoutMs));
  row('node phase', ms(r.timings.nodesMs));
  row('edge phase (bundling)', ms(r.timings.edgesMs));
  row('total bundling (layout + nodes + edges)', ms(r.timings.layoutMs + r.timings.nodesMs + r.timings.edgesMs));
  row('quality metrics', ms(r.timings.metricsMs));
  row('edges / samples', `${r.network.edgeSource.length} / ${r.network.stats.samples}`);
  row('distortion mean / median / max', `${m.distortionMean.toFixed(3)} / ${m.distortionMedian.toFixed(3)} / ${m.distortionMax.toFixed(3)}`);
  row('voxel ink ratio', m.voxelInkRatio.toFixed(3));
  row('non-monotonic edges', String(m.nonMonotonicEdges));
  row('class separation (straight)', `${m.classSeparation.toFixed(3)} (${m.classSeparationStraight.toFixed(3)})`);
  row('invariants: endpoints / non-finite / spacing', `${m.movedEndpoints} / ${m.nonFinite} / ${m.spacingOutliers}`);
}

/** The embedded LeNet and ResNet, then the ResNet-18 shape (`--resnet18-edges N` bundled, default 100,000). */
async function cnnBenches(held: LabeledData): Promise<void> {
  const { benchEmbeddedCnn, benchResnet18Shape } = await import('./cnn');
  for (const dir of ['mnist-lenet', 'mnist-resnet']) await benchEmbeddedCnn(root, dir, held, row, report, ms);
  const at = process.argv.indexOf('--resnet18-edges');
  benchResnet18Shape(row, report, ms, at > 0 ? Number(process.argv[at + 1]) : 100_000);
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  console.log(`nnwalk bench — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, one thread`);
  const t0 = performance.now();
  if (args.has('--cnn-only')) {
    await cnnBenches(fromDigitSet(decodeDigitSet(new Uint8Array(readFileSync(join(root, 'src/assets/digits/mnist-heldout.nnwd')))), 'held-out'));
    return;
  }
  const graph = await loadTfjsModelFile(join(root, 'src/assets/models/mnist-mlp/model.json'));
  const held = fromDigitSet(decodeDigitSet(new Uint8Array(readFileSync(join(root, 'src/assets/digits/mnist-heldout.nnwd')))), 'held-out');
  const tLoad = performance.now();
  const taylor = taylorImportance(graph, held);
  const tImp = performance.now();
  console.log('\ndefault network 784-81-49-10, nn_vis default processing config, Taylor importance');
  row('load model + digits', ms(tLoad - t0));
  row('importance (Taylor, 2,000 digits)', ms(tImp - tLoad));
  const result = processNetwork(shapeOf(graph), taylor, configs);
  report(result);
  const bundling = result.timings.layoutMs + result.timings.nodesMs + result.timings.edgesMs;
  row('total with importance', ms(bundling + (tImp - tLoad)));
  // Local re-bundle (a grabbed hidden node dropped elsewhere): median of 3 moves.
  const node = 784 + 40;
  const times = [0.15, -0.2, 0.3].map((dx) => {
    const moved = Float32Array.from(result.network.nodePositions.subarray(node * 3, node * 3 + 3));
    moved[0] += dx;
    moved[1] -= 0.1;
    return rebundleLocal(result.network, { nodes: Uint32Array.of(node), positions: moved });
  });
  const sorted = times.map((t) => t.ms).sort((a, b) => a - b);
  row(`local re-bundle, moved hidden node (${times[0].touched} edges)`, `${ms(sorted[1])} (median of 3)`);
  const bytes = encodeProcessedNetwork(result.network);
  const tDec = performance.now();
  decodeProcessedNetwork(bytes);
  row(`.nnwalk size / decode + validate`, `${(bytes.byteLength / 1048576).toFixed(1)} MB / ${(performance.now() - tDec).toFixed(0)} ms`);
  if (args.has('--bn')) {
    // Loaded here only: tfjs in the process slows the bundling loops (see cli/commands/importance.ts).
    const { bnGammaImportance } = await import('../importance/bn-gamma');
    const tb = performance.now();
    await bnGammaImportance(graph, fromDigitSet(splitMnist(loadMnistPackage()).train, 'train'));
    row('importance (BN-γ, 10 classes)', ms(performance.now() - tb));
  }
  if (!args.has('--skip-cnn')) await cnnBenches(held);
  const randoms: [string, number[]][] = [['~10k', [100, 90, 10]], ['~100k', [316, 300, 10]], ['~1M', [1000, 990, 10]]];
  for (const [label, sizes] of randoms) {
    if (label === '~1M' && args.has('--skip-1m')) continue;
    const edges = sizes[0] * sizes[1] + sizes[1] * sizes[2];
    console.log(`\nrandom network ${sizes.join('-')} (${label}: ${edges} edges), random importance`);
    report(processNetwork({ name: 'random', layerSizes: sizes, classNames: Array.from({ length: 10 }, (_, i) => String(i)) }, randomImportance(sizes, 1), configs));
  }
}

main().catch((err) => { console.error(err); process.exitCode = 1; });
