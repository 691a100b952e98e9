/**
 * DenseChain → ProcessedNetwork with nodes on nn_vis's grids and straight two-point edges: what the viewer
 * shows before (or without) bundling.
 */
import type { ProcessingConfig } from '../config/processing-config';
import type { RenderingConfig } from '../config/rendering-config';
import type { ProcessedNetwork } from '../format/processed-network';
import { layerOffsets } from '../format/processed-network';
import { weightMagnitude } from '../importance/weight-magnitude';
import type { NetworkImportance } from '../importance/types';
import { weightPathImportance } from '../importance/weight-path';
import { gridLayout } from '../layout/grid-layout';
import { checkConnectionBudget, kMaxConnections, layerSizes, type DenseChain } from '../model/dense-chain';
import { budgetMask, classMeans } from '../pruning/prune';

export type { NetworkImportance };

/** What the layout needs to know of a network besides importance (a DenseChain or a random spec). */
export interface NetworkShape {
  name: string;
  layerSizes: number[];
  classNames: string[];
}

/** The shape of a loaded model. */
export function shapeOf(graph: DenseChain): NetworkShape {
  return { name: graph.name, layerSizes: layerSizes(graph), classNames: graph.classNames.slice() };
}

/** The importance available without data: weight-path nodes, per-gap |w| edges. */
export function dataFreeImportance(graph: DenseChain): NetworkImportance {
  return { method: 'weight-path', nodes: weightPathImportance(graph), edges: weightMagnitude(graph) };
}

/** Builds the straight (unbundled) network; `prune_percentage` applies with key |w| · source mean importance. */
export function buildStraightNetwork(
  shape: NetworkShape,
  importance: NetworkImportance,
  configs: { processing: ProcessingConfig; rendering: RenderingConfig },
  maxEdges = kMaxConnections,
  budget = Infinity,
): ProcessedNetwork {
  const sizes = shape.layerSizes;
  const C = sizes[sizes.length - 1];
  const offsets = layerOffsets(sizes);
  const nodeImportance = new Float32Array(offsets[sizes.length] * C);
  importance.nodes.forEach((imp, l) => nodeImportance.set(imp, offsets[l] * C));

  const total = checkConnectionBudget(sizes, maxEdges);
  const keys = new Float32Array(total);
  let at = 0;
  for (let g = 0; g + 1 < sizes.length; g++) {
    const nDst = sizes[g + 1];
    const edgeImp = importance.edges[g];
    const means = classMeans(importance.nodes[g], C);
    for (let i = 0; i < edgeImp.length; i++, at++) keys[at] = edgeImp[i] * means[Math.floor(i / nDst)];
  }
  const { keep, pruned, overBudget } = budgetMask(keys, configs.processing.prune_percentage, budget);
  const kept = total - pruned - overBudget;

  const positions = gridLayout(sizes, configs.processing.layer_distance, configs.processing.layer_width);
  const edgeSource = new Uint32Array(kept);
  const edgeTarget = new Uint32Array(kept);
  const edgeImportance = new Float32Array(kept);
  const polylinePoints = new Float32Array(kept * 6);
  const polylineOffsets = new Uint32Array(kept + 1);
  let e = 0;
  at = 0;
  for (let g = 0; g + 1 < sizes.length; g++) {
    const nDst = sizes[g + 1];
    const edgeImp = importance.edges[g];
    for (let i = 0; i < edgeImp.length; i++, at++) {
      if (!keep[at]) continue;
      const s = offsets[g] + Math.floor(i / nDst);
      const t = offsets[g + 1] + (i % nDst);
      edgeSource[e] = s;
      edgeTarget[e] = t;
      edgeImportance[e] = edgeImp[i];
      polylinePoints.set(positions.subarray(s * 3, s * 3 + 3), e * 6);
      polylinePoints.set(positions.subarray(t * 3, t * 3 + 3), e * 6 + 3);
      polylineOffsets[e + 1] = 2 * (e + 1);
      e++;
    }
  }
  return {
    layerSizes: Uint32Array.from(sizes),
    classCount: C,
    classNames: shape.classNames.slice(),
    nodePositions: positions,
    nodeImportance,
    edgeSource, edgeTarget, edgeImportance, polylineOffsets, polylinePoints,
    configs: { processing: { ...configs.processing }, rendering: { ...configs.rendering } },
    stats: {
      model: shape.name,
      importanceMethod: importance.method,
      layers: sizes.length,
      nodes: offsets[sizes.length],
      edgesTotal: total,
      edges: kept,
      prunedEdges: pruned,
      overBudgetEdges: overBudget,
      samples: kept * 2,
      bundled: false,
    },
  };
}
