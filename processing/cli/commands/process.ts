/** `nnwalk process`: model or random spec → importance → bundled `.nnwalk` file. */
import { writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { encodeProcessedNetwork } from '../../format/codec';
import { randomImportance } from '../../importance/random';
import type { NetworkImportance } from '../../importance/types';
import { shapeOf, type NetworkShape } from '../../network/build-straight';
import { processNetwork } from '../../pipeline/process';
import { loadModel, parseRandomSpec, readConfigs, UsageError } from '../inputs';
import type { Progress } from '../progress';
import { computeImportance, defaultMethod, parseMethod } from './importance';

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
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag} must be a whole number ≥ 0, got '${value}'`);
  return n;
}

/** Runs the command; returns the summary printed on stdout. */
export async function runProcess(args: ProcessArgs, progress: Progress): Promise<string> {
  const configs = readConfigs(args.processing, args.rendering);
  const random = parseRandomSpec(args.model);
  let shape: NetworkShape;
  let importance: NetworkImportance;
  if (random) {
    if (args.importance && args.importance !== 'random') throw new UsageError('random networks carry random importance; leave out --importance');
    const seed = positiveInt(args.seed, '--seed') ?? 1;
    shape = { name: `random-${random.join('-')}`, layerSizes: random, classNames: Array.from({ length: random[random.length - 1] }, (_, i) => String(i)) };
    importance = randomImportance(random, seed);
  } else {
    const graph = await loadModel(args.model);
    shape = shapeOf(graph);
    const method = parseMethod(args.importance) ?? defaultMethod(graph, args.data);
    importance = await computeImportance(graph, method, args.data, progress, positiveInt(args.bnEpochs, '--bn-epochs'));
  }
  const result = processNetwork(shape, importance, configs, {
    classAware: args.classAware,
    onProgress: (p) => progress.update(p.stage === 'nodes' ? 'node layout' : 'bundling', p.iteration, p.iterations, `h=${p.bandwidth.toFixed(3)}`),
  });
  progress.done('layout', `${(result.timings.layoutMs + result.timings.nodesMs).toFixed(0)} ms (${result.network.stats.nodeIterations} node iterations)`);
  progress.done('bundling', `${result.timings.edgesMs.toFixed(0)} ms (${result.network.stats.edgeIterations} edge iterations, ${result.network.stats.samples} samples)`);
  const out = args.out ?? `${random ? shape.name : basename(dirname(args.model)) || shape.name}.nnwalk`;
  try {
    writeFileSync(out, encodeProcessedNetwork(result.network));
  } catch (err) {
    throw new Error(`cannot write '${out}': ${(err as Error).message}`);
  }
  const m = result.metrics;
  return [
    `wrote ${out}`,
    `layers ${shape.layerSizes.join('-')}, edges ${result.network.edgeSource.length} (pruned ${result.network.stats.prunedEdges}), samples ${result.network.stats.samples}, importance ${importance.method}`,
    `distortion mean ${m.distortionMean.toFixed(3)} median ${m.distortionMedian.toFixed(3)} max ${m.distortionMax.toFixed(3)}`,
    `voxel ink ratio ${m.voxelInkRatio.toFixed(3)}, non-monotonic edges ${m.nonMonotonicEdges}`,
    `class separation ${m.classSeparation.toFixed(3)} (straight ${m.classSeparationStraight.toFixed(3)})`,
    `invariants: moved endpoints ${m.movedEndpoints}, non-finite ${m.nonFinite}, spacing outliers ${m.spacingOutliers}`,
  ].join('\n');
}
