/**
 * ChannelGraph + importance → ProcessedNetwork (format v2, with planes) with straight two-point edges:
 * what the viewer shows before bundling. `prune_percentage` applies as for the MLP (key: edge importance ·
 * source mean importance); above `maxEdges` (the bundling budget) only the strongest edges by that key
 * stay in the picture (prune.ts budgetMask; the model graph keeps every weight for the details panel).
 */
import type { ProcessingConfig } from '../config/processing-config';
import type { RenderingConfig } from '../config/rendering-config';
import type { PlaneInfo, ProcessedNetwork } from '../format/processed-network';
import { planeLayout } from '../layout/plane-layout';
import { budgetMask, classMeans, kBundlingBudgetEdges } from '../pruning/prune';
import type { ChannelGraph } from './channel-graph';
import type { ChannelImportance } from './channel-importance';

/** Plane descriptions as the format stores them. */
export function planeInfos(cg: ChannelGraph): PlaneInfo[] {
  return cg.planes.map((p) => ({ name: p.name, kind: p.kind, shape: p.shape.slice(), folded: p.folded.slice(), depth: p.depth, lane: p.lane, inputs: p.inputs.slice() }));
}

/** Builds the straight (unbundled) network of a channel graph. */
export function buildChannelNetwork(
  cg: ChannelGraph,
  importance: ChannelImportance,
  configs: { processing: ProcessingConfig; rendering: RenderingConfig },
  maxEdges = kBundlingBudgetEdges,
): ProcessedNetwork {
  const C = cg.classCount;
  const E = cg.edgeSource.length;
  const keys = new Float32Array(E);
  const means = classMeans(importance.nodes, C);
  for (let e = 0; e < E; e++) keys[e] = importance.edges[e] * means[cg.edgeSource[e]];
  const { keep, pruned, overBudget } = budgetMask(keys, configs.processing.prune_percentage, maxEdges);
  const kept = E - pruned - overBudget;
  const planes = planeInfos(cg);
  const positions = planeLayout(planes, cg.sizes, configs.processing.layer_distance, configs.processing.layer_width);
  const edgeSource = new Uint32Array(kept);
  const edgeTarget = new Uint32Array(kept);
  const edgeImportance = new Float32Array(kept);
  const polylinePoints = new Float32Array(kept * 6);
  const polylineOffsets = new Uint32Array(kept + 1);
  let k = 0;
  for (let e = 0; e < E; e++) {
    if (!keep[e]) continue;
    const s = cg.edgeSource[e];
    const t = cg.edgeTarget[e];
    edgeSource[k] = s;
    edgeTarget[k] = t;
    edgeImportance[k] = importance.edges[e];
    polylinePoints.set(positions.subarray(s * 3, s * 3 + 3), k * 6);
    polylinePoints.set(positions.subarray(t * 3, t * 3 + 3), k * 6 + 3);
    polylineOffsets[k + 1] = 2 * (k + 1);
    k++;
  }
  const nodes = cg.sizes.reduce((a, b) => a + b, 0);
  return {
    layerSizes: Uint32Array.from(cg.sizes),
    planes,
    classCount: C,
    classNames: cg.classNames.slice(),
    nodePositions: positions,
    nodeImportance: importance.nodes.slice(),
    edgeSource, edgeTarget, edgeImportance, polylineOffsets, polylinePoints,
    configs: { processing: { ...configs.processing }, rendering: { ...configs.rendering } },
    stats: {
      model: cg.name,
      importanceMethod: importance.method,
      layers: cg.sizes.length,
      planes: cg.sizes.length,
      depth: Math.max(...planes.map((p) => p.depth)) + 1,
      nodes,
      edgesTotal: E,
      edges: kept,
      prunedEdges: pruned,
      overBudgetEdges: overBudget,
      skipEdges: countSkips(planes, cg.sizes, edgeSource, edgeTarget),
      samples: kept * 2,
      bundled: false,
    },
  };
}

/** Edges that span more than one depth step (residual shortcuts and the like). */
export function countSkips(planes: readonly PlaneInfo[], sizes: ArrayLike<number>, source: Uint32Array, target: Uint32Array): number {
  const depthOf: number[] = [];
  planes.forEach((p, i) => { for (let k = 0; k < sizes[i]; k++) depthOf.push(p.depth); });
  let n = 0;
  for (let e = 0; e < source.length; e++) if (depthOf[target[e]] - depthOf[source[e]] > 1) n++;
  return n;
}
