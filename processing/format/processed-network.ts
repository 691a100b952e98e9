/** The ProcessedNetwork: the one artefact between processing and rendering (saved as `.nnwalk` files). */
import type { ProcessingConfig } from '../config/processing-config';
import type { RenderingConfig } from '../config/rendering-config';

/** Scalar statistics about how the network was processed (shown in the statistics overlay). */
export type NetworkStats = Record<string, number | string | boolean>;

export interface ProcessedNetwork {
  /** Node count per layer, input first. N = Σ layerSizes. */
  layerSizes: Uint32Array;
  classCount: number;
  /** One name per class (C entries). */
  classNames: string[];
  /** N × 3 node positions (x, y, z), layer by layer. */
  nodePositions: Float32Array;
  /** N × C node importance per class in [0, 1], row per node. */
  nodeImportance: Float32Array;
  /** E global node indices of each edge's source (layer l) … */
  edgeSource: Uint32Array;
  /** … and target (layer l + 1). Edges are ordered by (gap, source, target). */
  edgeTarget: Uint32Array;
  /** E scalar edge importances in [0, 1] (per-gap normalised |w| unless the stats say otherwise). */
  edgeImportance: Float32Array;
  /** E + 1 offsets into the polyline points (in points, not floats): edge e is points [offsets[e], offsets[e+1]). */
  polylineOffsets: Uint32Array;
  /** P × 3 polyline points. The first and last point of each edge are its endpoints' positions. */
  polylinePoints: Float32Array;
  configs: { processing: ProcessingConfig; rendering: RenderingConfig };
  stats: NetworkStats;
}

/** Number of nodes. */
export function nodeCount(net: ProcessedNetwork): number {
  return net.layerSizes.reduce((a, b) => a + b, 0);
}

/** Index of the first node of each layer, plus the total at the end (length layers + 1). */
export function layerOffsets(layerSizes: ArrayLike<number>): Uint32Array {
  const out = new Uint32Array(layerSizes.length + 1);
  for (let l = 0; l < layerSizes.length; l++) out[l + 1] = out[l] + layerSizes[l];
  return out;
}
