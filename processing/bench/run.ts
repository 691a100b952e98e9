/**
 * `npm run bench`: timings of the processing stages that exist so far, on the embedded default network.
 * Prints figures (median of several runs); asserts nothing.
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { defaultProcessingConfig } from '../config/processing-config';
import { defaultRenderingConfig } from '../config/rendering-config';
import { decodeProcessedNetwork, encodeProcessedNetwork } from '../format/codec';
import { loadTfjsModelFile } from '../model/load-node';
import { buildStraightNetwork, dataFreeImportance, shapeOf } from '../network/build-straight';

const kRuns = 7;
const model = join(import.meta.dirname, '..', '..', 'src', 'assets', 'models', 'mnist-mlp', 'model.json');

async function time<T>(label: string, fn: () => Promise<T> | T): Promise<T> {
  const times: number[] = [];
  let result!: T;
  for (let i = 0; i < kRuns; i++) {
    const t0 = performance.now();
    result = await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} ${times[kRuns >> 1].toFixed(2).padStart(9)} ms (min ${times[0].toFixed(2)}, max ${times[kRuns - 1].toFixed(2)})`);
  return result;
}

async function main(): Promise<void> {
  console.log(`nnwalk bench — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, median of ${kRuns}`);
  const configs = { processing: defaultProcessingConfig, rendering: defaultRenderingConfig };
  const graph = await time('load tfjs model (784-81-49-10, 266 KB)', () => loadTfjsModelFile(model));
  const importance = await time('data-free importance (weight-path, |w|)', () => dataFreeImportance(graph));
  const net = await time('straight network (67,963 edges)', () => buildStraightNetwork(shapeOf(graph), importance, configs));
  await time('straight network, prune 0.9', () => buildStraightNetwork(shapeOf(graph), importance, { ...configs, processing: { ...defaultProcessingConfig, prune_percentage: 0.9 } }));
  const bytes = await time('encode .nnwalk', () => encodeProcessedNetwork(net));
  await time(`decode + validate .nnwalk (${(bytes.byteLength / 1024).toFixed(0)} KB)`, () => decodeProcessedNetwork(bytes));
}

main().catch((err) => { console.error(err); process.exitCode = 1; });
