/**
 * Pruning as the app shows it, for the loaded model: a chain's edges in ascending order of |w| per gap
 * (the viewer's edge importance; `nnwalk evaluate --methods weight` ranks them the same way), a graph's
 * hidden channels and units in ascending order of their mean importance over classes (the importance the
 * picture shows). Gives the held-out accuracy at a fraction, the curves (least-first, most-first, random)
 * and which nodes and edges of the picture a fraction removes.
 */
import type { LabeledData } from '../data/dataset';
import { channelOrder, channelPruningCurve, maskedAccuracy } from '../evaluate/channel-pruning';
import { runCurves, summariseCurves } from '../evaluate/evaluate';
import { pruneOrder, pruningCurve, prunedKernels, accuracy, type PruningCurve } from '../evaluate/pruning-curves';
import { layerOffsets } from '../format/processed-network';
import { weightMagnitude } from '../importance/weight-magnitude';
import type { LiveModel } from '../input/live-model';
import { planeOffsets } from '../graph/channel-importance';

/** What pruning removes and in which order (least important first). */
export interface PrunePlan {
  unit: 'edges' | 'channels';
  /** Chains: indices into the concatenated kernels; graphs: node indices of hidden planes. */
  order: Uint32Array;
}

/** The name the curves give the plan's ranking. */
export function planMethod(plan: PrunePlan): string {
  return plan.unit === 'edges' ? 'weight' : 'importance';
}

/** The app's pruning order for `model`; `nodeImportance` (N × C) is the shown network's, used for graphs. */
export function prunePlan(model: LiveModel, nodeImportance: Float32Array): PrunePlan {
  if (model.kind === 'chain') return { unit: 'edges', order: pruneOrder(weightMagnitude(model.chain), 'ascending') };
  const cg = model.channels;
  const N = cg.sizes.reduce((a, b) => a + b, 0);
  if (nodeImportance.length !== N * cg.classCount) throw new Error(`node importance holds ${nodeImportance.length} values; ${N} nodes × ${cg.classCount} classes need ${N * cg.classCount}`);
  return { unit: 'channels', order: channelOrder(cg, { nodes: nodeImportance }, 'ascending', 0) };
}

/** How many of the plan's edges or channels a fraction prunes (the curves' rounding). */
export function prunedCount(plan: PrunePlan, fraction: number): number {
  if (!(fraction >= 0 && fraction <= 1)) throw new Error(`a pruning fraction must lie in [0, 1], got ${fraction}`);
  return Math.floor(fraction * plan.order.length);
}

/** Node mask of a graph with the first `count` nodes of `order` pruned (1 kept, 0 pruned). */
function nodeMask(model: Extract<LiveModel, { kind: 'graph' }>, order: Uint32Array, count: number): Float32Array {
  const mask = new Float32Array(model.channels.sizes.reduce((a, b) => a + b, 0)).fill(1);
  for (let k = 0; k < count; k++) mask[order[k]] = 0;
  return mask;
}

/** Held-out accuracy (overall, per class) with the plan's first `fraction` pruned. */
export function accuracyAtFraction(model: LiveModel, data: LabeledData, plan: PrunePlan, fraction: number): { overall: number; perClass: number[]; pruned: number } {
  const count = prunedCount(plan, fraction);
  const acc = model.kind === 'chain'
    ? accuracy(model.chain, data, prunedKernels(model.chain, plan.order, count))
    : maskedAccuracy(model.graph, model.channels, data, nodeMask(model, plan.order, count));
  return { ...acc, pruned: count };
}

/** The app's pruning chart: both orders of the plan and `seeds` random orders, as evaluationChart draws them. */
export interface AppPruningReport {
  model: string;
  samples: number;
  unit: PrunePlan['unit'];
  fractions: number[];
  randomSeeds: number;
  curves: PruningCurve[];
  random: PruningCurve;
  auc: ReturnType<typeof summariseCurves>['auc'];
}

/** Computes the chart's curves; `onStep(done, total)` after each curve. */
export function appPruningReport(model: LiveModel, data: LabeledData, plan: PrunePlan, fractions: number[], seeds: number, onStep?: (done: number, total: number) => void): AppPruningReport {
  const method = planMethod(plan);
  const total = 2 + seeds;
  const descending = plan.order.slice().reverse();
  const orderFor = (m: number, order: string, seed: number): Uint32Array => {
    if (m >= 0) return order === 'ascending' ? plan.order : descending;
    if (model.kind === 'chain') return pruneOrder(weightMagnitude(model.chain), 'random', seed);
    return channelOrder(model.channels, { nodes: new Float32Array(0) }, 'random', seed);
  };
  const { curves, randomRuns } = runCurves([method], seeds, (m, order, seed) => model.kind === 'chain'
    ? pruningCurve(model.chain, data, orderFor(m, order, seed), fractions, m < 0 ? 'random' : method, order)
    : channelPruningCurve(model.graph, model.channels, data, orderFor(m, order, seed), fractions, m < 0 ? 'random' : method, order),
  (done) => onStep?.(done, total));
  const { random, auc } = summariseCurves(curves, randomRuns, fractions, [method]);
  const name = model.kind === 'chain' ? model.chain.name : model.graph.name;
  return { model: name, samples: data.count, unit: plan.unit, fractions, randomSeeds: seeds, curves, random, auc };
}

/** The picture's edges (and, for graphs, nodes) a fraction removes: 1 = pruned. */
export interface PrunedPicture { edges: Uint8Array; nodes: Uint8Array | null; pruned: number; total: number }

/** The network the picture draws: its layers and edges (global node indices). */
export interface PictureEdges { layerSizes: ArrayLike<number>; edgeSource: Uint32Array; edgeTarget: Uint32Array }

/** Marks what the plan's first `fraction` removes from the picture `net` of `model`. */
export function prunedPicture(net: PictureEdges, model: LiveModel, plan: PrunePlan, fraction: number): PrunedPicture {
  const count = prunedCount(plan, fraction);
  const E = net.edgeSource.length;
  const edges = new Uint8Array(E);
  if (model.kind === 'graph') {
    const nodes = new Uint8Array(planeOffsets(model.channels).at(-1)!);
    for (let k = 0; k < count; k++) nodes[plan.order[k]] = 1;
    for (let e = 0; e < E; e++) edges[e] = nodes[net.edgeSource[e]] | nodes[net.edgeTarget[e]];
    return { edges, nodes, pruned: count, total: plan.order.length };
  }
  // A chain's picture joins consecutive layers: edge (s, t) of gap g is kernel entry (s − off_g)·n_{g+1} + (t − off_{g+1}).
  const chain = model.chain;
  const sizes = net.layerSizes;
  if (sizes.length !== chain.layers.length + 1 || chain.layers.some((l, g) => l.kernel.length !== sizes[g] * sizes[g + 1])) {
    throw new Error('the picture does not show this model\'s layers');
  }
  const off = layerOffsets(sizes);
  const kOff = [0];
  for (const l of chain.layers) kOff.push(kOff[kOff.length - 1] + l.kernel.length);
  const pruned = new Uint8Array(kOff[kOff.length - 1]);
  for (let k = 0; k < count; k++) pruned[plan.order[k]] = 1;
  let g = 0;
  for (let e = 0; e < E; e++) {
    const s = net.edgeSource[e];
    while (s >= off[g + 1]) g++;
    if (s < off[g]) g = 0;
    while (s >= off[g + 1]) g++;
    edges[e] = pruned[kOff[g] + (s - off[g]) * sizes[g + 1] + (net.edgeTarget[e] - off[g + 1])];
  }
  return { edges, nodes: null, pruned: count, total: plan.order.length };
}
