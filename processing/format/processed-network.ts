/** The ProcessedNetwork: the one artefact between processing and rendering (saved as `.nnwalk` files). */
import type { ProcessingConfig } from '../config/processing-config';
import type { RenderingConfig } from '../config/rendering-config';

/** Scalar statistics about how the network was processed (shown in the statistics overlay). */
export type NetworkStats = Record<string, number | string | boolean>;

/** What a layer of a network with branches is (format v2): a plane of the channel graph. */
export interface PlaneInfo {
  name: string;
  /** input, conv, depthwise, dense, maxpool, avgpool, globalpool, add, concat, batchnorm, activation. */
  kind: string;
  /** Output shape: [H, W, C] (a node per channel) or [N] (a node per unit). */
  shape: number[];
  /** Ops folded into the plane ("BatchNormalization bn1", "ReLU relu1"). */
  folded: string[];
  /** Longest path from the input, in planes; the layout's depth. */
  depth: number;
  /** Side-by-side index among planes of the same depth. */
  lane: number;
  /** Planes feeding this one (indices into `planes`, all earlier). */
  inputs: number[];
}

export interface ProcessedNetwork {
  /** Node count per layer (per plane for networks with planes), input first. N = Σ layerSizes. */
  layerSizes: Uint32Array;
  /**
   * Per layer, what it is, for networks read from a model graph (CNNs, branches). Absent for chains of
   * Dense layers, whose layers are consecutive and whose edges join layer l to l + 1.
   */
  planes?: PlaneInfo[];
  classCount: number;
  /** One name per class (C entries). */
  classNames: string[];
  /** N × 3 node positions (x, y, z), layer by layer. */
  nodePositions: Float32Array;
  /** N × C node importance per class in [0, 1], row per node. */
  nodeImportance: Float32Array;
  /** E global node indices of each edge's source (layer l) … */
  edgeSource: Uint32Array;
  /**
   * … and target (layer l + 1; with planes, any later plane). Without planes edges are ordered by
   * (gap, source, target); with planes by (target plane, source plane, source, target).
   */
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

/** Whether the network's edges all join consecutive layers with one layer per depth (the MLP case). */
export function isLayerChain(net: Pick<ProcessedNetwork, 'planes'>): boolean {
  const planes = net.planes;
  if (!planes) return true;
  return planes.every((p, i) => p.depth === i && p.lane === 0 && (i === 0 || (p.inputs.length === 1 && p.inputs[0] === i - 1)));
}
