/**
 * Joining the results of a split run: share i of every gap's edges (plan.ts shareRange) was bundled by
 * worker i; each worker's polylines are complete CSR arrays in which the edges it did not own stayed
 * straight. The merge takes every edge from its owner.
 */
import { layerOffsets, type ProcessedNetwork } from '../format/processed-network';
import { joinNetwork } from '../bundling/level-runs';
import { collapseLevels, expandLevels } from '../bundling/levels';
import { gapRanges, shareRange } from '../bundling/plan';

export interface Csr { offsets: Uint32Array; points: Float32Array }

/** Owner (share index) of every edge, for `of` shares of each gap. */
export function edgeOwners(edgeSource: Uint32Array, layerSizes: ArrayLike<number>, of: number): Uint8Array {
  const owners = new Uint8Array(edgeSource.length);
  const gapStart = gapRanges(edgeSource, layerOffsets(layerSizes), layerSizes.length);
  for (let g = 0; g + 1 < gapStart.length; g++) {
    for (let i = 0; i < of; i++) {
      const [from, to] = shareRange(gapStart[g], gapStart[g + 1], i, of);
      owners.fill(i, from, to);
    }
  }
  return owners;
}

/** One CSR polyline set taking edge e from parts[owners[e]]. */
export function mergeShares(parts: Csr[], owners: Uint8Array): Csr {
  const E = owners.length;
  for (const p of parts) if (p.offsets.length !== E + 1) throw new Error(`a share has ${p.offsets.length - 1} edges, expected ${E}`);
  const offsets = new Uint32Array(E + 1);
  for (let e = 0; e < E; e++) {
    const o = parts[owners[e]].offsets;
    offsets[e + 1] = offsets[e] + (o[e + 1] - o[e]);
  }
  const points = new Float32Array(offsets[E] * 3);
  for (let e = 0; e < E; e++) {
    const part = parts[owners[e]];
    points.set(part.points.subarray(part.offsets[e] * 3, part.offsets[e + 1] * 3), offsets[e] * 3);
  }
  return { offsets, points };
}

/**
 * Merging a split run of `network` over `of` shares. Networks with planes come back from the workers in
 * their layered form (level-runs.ts: a skip edge's segments may belong to different shares), so shares are
 * merged segment by segment there and then joined into one polyline per edge.
 */
export function splitMerger(network: ProcessedNetwork, of: number): {
  progress(parts: Csr[], nodePositions?: Float32Array): { polylines: Csr; nodePositions?: Float32Array };
  result(parts: ProcessedNetwork[]): ProcessedNetwork;
} {
  const levels = expandLevels(network);
  const layered = levels?.level ?? network;
  const owners = edgeOwners(layered.edgeSource, layered.layerSizes, of);
  return {
    progress(parts, nodePositions) {
      const merged = mergeShares(parts, owners);
      if (!levels || !nodePositions) return { polylines: merged, nodePositions };
      const joined = collapseLevels(levels, nodePositions, merged);
      return { polylines: { offsets: joined.offsets, points: joined.points }, nodePositions: joined.positions };
    },
    result(parts) {
      const merged = mergeShares(parts.map((r) => ({ offsets: r.polylineOffsets, points: r.polylinePoints })), owners);
      const first = parts[0];
      const bundled: ProcessedNetwork = { ...first, polylineOffsets: merged.offsets, polylinePoints: merged.points, stats: { ...first.stats, samples: merged.offsets[merged.offsets.length - 1] } };
      return levels ? joinNetwork(network, levels, bundled) : bundled;
    },
  };
}
