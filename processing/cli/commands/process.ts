/** `nnwalk process`: model or random spec → importance → bundled `.nnwalk` file. */
import { basename, dirname } from 'node:path';
import { encodeProcessedNetwork } from '../../format/codec';
import { randomImportance } from '../../importance/random';
import type { NetworkImportance } from '../../importance/types';
import { buildStraightNetwork, shapeOf, type NetworkShape } from '../../network/build-straight';
import { processStraightWith, type ProcessResult } from '../../pipeline/process';
import { kBundlingBudgetEdges } from '../../pruning/prune';
import { chooseBackend, parseBackend, type ChosenBackend } from '../bundlers';
import type { BundleProgress } from '../../bundling/bundle';
import { buildChannelNetwork } from '../../graph/build-channel-network';
import { planeLabel } from '../../graph/channel-graph';
import { graphInputs, loadAnyModel, parseRandomSpec, readConfigs, UsageError } from '../inputs';
import type { Progress } from '../progress';
import { writeAtomically } from '../write-atomic';
import { computeChannelImportance, computeImportance, defaultMethod, parseMethod } from './importance';

export interface ProcessArgs {
  model: string;
  processing?: string;
  rendering?: string;
  importance?: string;
  data?: string;
  out?: string;
  seed?: string;
  classAware: boolean;
  bnEpochs?: string;
  backend?: string;
  threads?: string;
  maxEdges?: string;
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag} must be a whole number ≥ 0, got '${value}'`);
  return n;
}

/** --max-edges: the bundling budget (default the app's, 0: every edge). */
function edgeBudget(args: ProcessArgs): number {
  const n = positiveInt(args.maxEdges, '--max-edges') ?? kBundlingBudgetEdges;
  return n === 0 ? Infinity : n;
}

/** Runs the command; returns the summary printed on stdout. */
export async function runProcess(args: ProcessArgs, progress: Progress): Promise<string> {
  const configs = readConfigs(args.processing, args.rendering);
  const random = parseRandomSpec(args.model);
  const onProgress = (p: BundleProgress) => progress.update(p.stage === 'nodes' ? 'node layout' : 'bundling', p.iteration, p.iterations, `h=${p.bandwidth.toFixed(3)}`);
  parseBackend(args);
  edgeBudget(args);
  const model = random ? null : await loadAnyModel(args.model);
  const backend = await chooseBackend(args, { classAware: args.classAware, onProgress });
  try {
    return await processWith(args, configs, model, random, backend, progress);
  } finally {
    backend.close();
  }
}

async function processWith(
  args: ProcessArgs, configs: ReturnType<typeof readConfigs>, model: Awaited<ReturnType<typeof loadAnyModel>> | null, random: number[] | null,
  backend: ChosenBackend, progress: Progress,
): Promise<string> {
  let shape: NetworkShape;
  let importance: NetworkImportance;
  if (model?.kind === 'graph') {
    const { graph, channels } = model;
    const method = parseMethod(args.importance) ?? defaultMethod(graphInputs(graph), args.data);
    const imp = computeChannelImportance(graph, channels, method, args.data, progress, positiveInt(args.bnEpochs, '--bn-epochs'));
    const result = await processStraightWith(buildChannelNetwork(channels, imp, configs, edgeBudget(args)), backend.bundler);
    return finish(args, result, channels.planes.map((p) => planeLabel(p)).join(' → ') + ` (${channels.planes.length} planes)`, imp.method, progress, channels.name, backend.label());
  }
  if (random) {
    if (args.importance && args.importance !== 'random') throw new UsageError('random networks carry random importance; leave out --importance');
    const seed = positiveInt(args.seed, '--seed') ?? 1;
    shape = { name: `random-${random.join('-')}`, layerSizes: random, classNames: Array.from({ length: random[random.length - 1] }, (_, i) => String(i)) };
    importance = randomImportance(random, seed);
  } else if (model?.kind === 'chain') {
    const graph = model.chain;
    shape = shapeOf(graph);
    const method = parseMethod(args.importance) ?? defaultMethod(graph, args.data);
    importance = await computeImportance(graph, method, args.data, progress, positiveInt(args.bnEpochs, '--bn-epochs'));
  } else throw new Error('no model');
  const t0 = performance.now();
  const result = await processStraightWith(buildStraightNetwork(shape, importance, configs, undefined, edgeBudget(args)), backend.bundler, t0);
  return finish(args, result, `layers ${shape.layerSizes.join('-')}`, importance.method, progress, random ? shape.name : '', backend.label());
}

/** Writes the file and returns the summary. */
function finish(args: ProcessArgs, result: ProcessResult, what: string, method: string, progress: Progress, fallbackName: string, backend: string): string {
  progress.done('layout', `${(result.timings.layoutMs + result.timings.nodesMs).toFixed(0)} ms (${result.network.stats.nodeIterations} node iterations)`);
  progress.done('bundling', `${result.timings.edgesMs.toFixed(0)} ms (${result.network.stats.edgeIterations} edge iterations, ${result.network.stats.samples} samples)`);
  const out = args.out ?? `${(parseRandomSpec(args.model) ? fallbackName : basename(dirname(args.model))) || fallbackName || 'network'}.nnwalk`;
  writeAtomically(out, encodeProcessedNetwork(result.network));
  const m = result.metrics;
  return [
    `wrote ${out}`,
    `backend ${backend}`,
    `${what}, edges ${result.network.edgeSource.length} (pruned ${result.network.stats.prunedEdges}${result.network.stats.overBudgetEdges ? `, over the budget ${result.network.stats.overBudgetEdges} (--max-edges)` : ''}${result.network.stats.skipEdges !== undefined ? `, skip ${result.network.stats.skipEdges}` : ''}), samples ${result.network.stats.samples}, importance ${method}`,
    `distortion mean ${m.distortionMean.toFixed(3)} median ${m.distortionMedian.toFixed(3)} max ${m.distortionMax.toFixed(3)}`,
    `voxel ink ratio ${m.voxelInkRatio.toFixed(3)}, non-monotonic edges ${m.nonMonotonicEdges}`,
    `class separation ${m.classSeparation.toFixed(3)} (straight ${m.classSeparationStraight.toFixed(3)})${result.network.stats.classComponents ? `; ${result.network.classCount} classes bundled on ${result.network.stats.classComponents} class components` : ''}`,
    `invariants: moved endpoints ${m.movedEndpoints}, non-finite ${m.nonFinite}, spacing outliers ${m.spacingOutliers}`,
  ].join('\n');
}
