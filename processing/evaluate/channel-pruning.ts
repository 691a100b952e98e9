/**
 * `nnwalk evaluate` for networks with planes (CNNs): channels (and units) of the hidden planes pruned in
 * importance order — masked to zero in the forward pass — and held-out accuracy measured per fraction,
 * overall and per class. The AUC ordering (least-important-first > random > most-important-first) says
 * whether a criterion ranks channels by what they do.
 */
import type { LabeledData } from '../data/dataset';
import type { ChannelGraph } from '../graph/channel-graph';
import { planeOffsets, type ChannelImportance } from '../graph/channel-importance';
import type { ModelGraph } from '../model/model-graph';
import { predictSamples } from '../analysis/predict';
import { scorePredictions } from '../analysis/confusion';
import { createRng, shuffleInPlace } from '../util/rng';
import type { PruneOrder, PruningCurve } from './pruning-curves';
import { normalisedAuc } from './stats';
import { runCurves, summariseCurves, type EvaluationReport } from './evaluate';

/** The MLP's report without the ablation oracle, plus how many channels and units pruning may remove (hidden planes). */
export type ChannelEvaluation = Omit<EvaluationReport, 'oracle'> & { prunable: number };

/** Accuracy with some nodes masked (mask[node] = 0 prunes it), overall and per class. */
export function maskedAccuracy(graph: ModelGraph, cg: ChannelGraph, data: LabeledData, nodeMask: Float32Array): { overall: number; perClass: number[] } {
  const offsets = planeOffsets(cg);
  const masks: (Float32Array | null)[] = new Array(graph.ops.length).fill(null);
  cg.planes.forEach((p, q) => {
    const m = nodeMask.subarray(offsets[q], offsets[q + 1]);
    if (m.some((v) => v !== 1)) masks[p.op] = m;
  });
  return scorePredictions(data.labels, predictSamples({ kind: 'graph', graph, channels: cg }, data, { channelMasks: masks }), graph.classCount);
}

/** The prunable nodes in the given order of their mean importance over classes (ties by index). */
export function channelOrder(cg: ChannelGraph, importance: Pick<ChannelImportance, 'nodes'>, order: PruneOrder, seed: number): Uint32Array {
  const offsets = planeOffsets(cg);
  const C = cg.classCount;
  const nodes = Uint32Array.from({ length: offsets[cg.sizes.length - 1] - offsets[1] }, (_, i) => offsets[1] + i);
  if (order === 'random') return shuffleInPlace(nodes, createRng(seed));
  const mean = (n: number) => { let s = 0; for (let c = 0; c < C; c++) s += importance.nodes[n * C + c]; return s / C; };
  const sign = order === 'ascending' ? 1 : -1;
  return nodes.sort((a, b) => sign * (mean(a) - mean(b)) || a - b);
}

/** Accuracy after pruning each fraction of the nodes in `order` (channels and units of hidden planes). */
export function channelPruningCurve(graph: ModelGraph, cg: ChannelGraph, data: LabeledData, order: Uint32Array, fractions: number[], method: string, direction: PruneOrder): PruningCurve {
  const mask = new Float32Array(cg.sizes.reduce((a, b) => a + b, 0)).fill(1);
  const result: PruningCurve = { method, order: direction, fractions, accuracy: [], perClass: [], auc: 0 };
  let pruned = 0;
  for (const p of fractions) {
    for (const target = Math.floor(p * order.length); pruned < target; pruned++) mask[order[pruned]] = 0;
    const acc = maskedAccuracy(graph, cg, data, mask);
    result.accuracy.push(acc.overall);
    result.perClass.push(acc.perClass);
  }
  result.auc = normalisedAuc(fractions, result.accuracy);
  return result;
}

/** Pruning curves per criterion (both orders) and a random baseline; `onStep` reports progress. */
export function evaluateChannels(
  graph: ModelGraph, cg: ChannelGraph, data: LabeledData, criteria: ChannelImportance[], fractions: number[], seeds: number,
  onStep?: (done: number, total: number, what: string) => void,
): ChannelEvaluation {
  const total = criteria.length * 2 + seeds;
  const { curves, randomRuns: runs } = runCurves(criteria.map((c) => c.method), seeds, (m, order, seed) =>
    channelPruningCurve(graph, cg, data, channelOrder(cg, criteria[Math.max(m, 0)], order, seed), fractions, m === -1 ? 'random' : criteria[m].method, order),
  (done, what) => onStep?.(done, total, what));
  const { random, auc } = summariseCurves(curves, runs, fractions, criteria.map((c) => c.method));
  const prunable = cg.sizes.slice(1, -1).reduce((a, b) => a + b, 0);
  const baseline = maskedAccuracy(graph, cg, data, new Float32Array(cg.sizes.reduce((a, b) => a + b, 0)).fill(1));
  return { model: graph.name, data: data.source, samples: data.count, prunable, baseline, fractions, randomSeeds: seeds, curves, random, auc };
}
