/** `npm run bench` for networks with planes: the embedded LeNet and ResNet end to end, and the ResNet-18-shaped scale case. */
import { join } from 'node:path';
import { defaultProcessingConfig } from '../config/processing-config';
import { defaultRenderingConfig } from '../config/rendering-config';
import type { LabeledData } from '../data/dataset';
import { buildChannelNetwork } from '../graph/build-channel-network';
import { buildChannelGraph } from '../graph/channel-graph';
import { channelTaylor, channelWeightPath } from '../graph/channel-importance';
import { loadTfjsGraphFile } from '../model/load-node';
import { processStraight, type ProcessResult } from '../pipeline/process';
import { resnet18Shape } from './resnet18-shape';

const configs = { processing: defaultProcessingConfig, rendering: defaultRenderingConfig };

/** Peak resident memory seen by `sample()` calls (bundling is synchronous: sample between stages and in progress reports). */
function memoryWatch(): { sample(): void; peakMb(): number } {
  let peak = process.memoryUsage().rss;
  return { sample: () => { peak = Math.max(peak, process.memoryUsage().rss); }, peakMb: () => peak / 1048576 };
}

/** Benchmarks the embedded CNN `dir` (load, Taylor importance on `held`, layout, bundling, metrics). */
export async function benchEmbeddedCnn(root: string, dir: string, held: LabeledData, row: (label: string, value: string) => void, report: (r: ProcessResult) => void, ms: (v: number) => string): Promise<void> {
  const t0 = performance.now();
  const graph = await loadTfjsGraphFile(join(root, 'src/assets/models', dir, 'model.json'));
  const cg = buildChannelGraph(graph);
  const t1 = performance.now();
  const imp = channelTaylor(graph, cg, held);
  const t2 = performance.now();
  console.log(`\n${dir}: ${cg.planes.length} planes, ${cg.edgeSource.length} channel edges, Taylor importance`);
  row('load model + channel graph', ms(t1 - t0));
  row(`importance (Taylor, ${held.count} digits)`, ms(t2 - t1));
  const r = processStraight(buildChannelNetwork(cg, imp, configs));
  report(r);
  row('skip edges / dummy nodes', `${r.network.stats.skipEdges} / ${r.network.stats.dummyNodes ?? 0}`);
}

/** The ResNet-18-shaped channel graph: build, selection of the top edges, bundling and peak memory. */
export function benchResnet18Shape(row: (label: string, value: string) => void, report: (r: ProcessResult) => void, ms: (v: number) => string, bundledEdges: number): void {
  const mem = memoryWatch();
  const t0 = performance.now();
  const graph = resnet18Shape();
  const cg = buildChannelGraph(graph);
  mem.sample();
  const t1 = performance.now();
  const imp = channelWeightPath(cg);
  const t2 = performance.now();
  const straight = buildChannelNetwork(cg, imp, configs, bundledEdges);
  mem.sample();
  const t3 = performance.now();
  console.log(`\nResNet-18-shaped random graph: ${cg.planes.length} planes, ${cg.edgeSource.length} channel edges, weight-path importance, top ${bundledEdges} edges bundled`);
  row('build model graph + channel graph', ms(t1 - t0));
  row('importance (weight path)', ms(t2 - t1));
  row(`selection (top ${bundledEdges} of ${cg.edgeSource.length})`, ms(t3 - t2));
  const r = processStraight(straight, { onProgress: () => mem.sample() });
  mem.sample();
  report(r);
  row('skip edges / dummy nodes', `${r.network.stats.skipEdges} / ${r.network.stats.dummyNodes ?? 0}`);
  row('peak resident memory', `${mem.peakMb().toFixed(0)} MB`);
}
