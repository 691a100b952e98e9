/**
 * Warm start: bundling a later snapshot of a network (the next training epoch) from an earlier bundling
 * of the same architecture, so strands move continuously from one picture to the next. The node phase
 * starts from the earlier arrangement, every edge that both networks hold starts from its old polyline
 * (bent so that its ends sit on the nodes' new positions), and only the last iterations of both schedules
 * run: the small bandwidths move nodes and strands onto the new importance's bundles without first
 * straightening them. A scratch run would rearrange the nodes (their slots are assigned by rank at the end
 * of the node phase, and a small change of importance reshuffles many), which tears every bundle apart.
 */
import type { ProcessedNetwork } from '../format/processed-network';
import { pairEdges } from '../network/edge-pairing';
import { expandBundled, expandLevels } from './levels';
import type { PolylineStore } from './polyline-store';

/** Iterations of the edge schedule a warm start runs by default (the last ones). */
export const kWarmIterations = 12;

export interface WarmStart {
  /** An earlier bundling of a network of the same nodes (same layer or plane sizes). */
  previous: ProcessedNetwork;
  /** How many of the edge schedule's last iterations to run (≥ 1). */
  iterations: number;
}

/** The seed of a layered run: one polyline per layered edge (offsets[e] = offsets[e + 1]: none, start straight). */
export interface WarmSeed {
  /** Where the earlier picture's nodes are, in the layered run's indexing (the node phase moves on from there). */
  positions: Float32Array;
  offsets: Uint32Array;
  points: Float32Array;
  iterations: number;
}

/** Checks that `warm` can seed `net`; throws one sentence naming the problem. */
export function checkWarmStart(net: ProcessedNetwork, warm: WarmStart): void {
  const p = warm.previous;
  if (!Number.isInteger(warm.iterations) || warm.iterations < 1) throw new Error(`warm start: iterations must be a whole number ≥ 1, got ${warm.iterations}`);
  const same = p.layerSizes.length === net.layerSizes.length && p.layerSizes.every((n, i) => n === net.layerSizes[i]) && (p.planes?.length ?? 0) === (net.planes?.length ?? 0);
  if (!same) throw new Error(`warm start: the earlier network has layers ${Array.from(p.layerSizes).join('-')}, this one ${Array.from(net.layerSizes).join('-')}: only snapshots of one architecture can seed each other`);
  if (p.polylineOffsets.length !== p.edgeSource.length + 1) throw new Error('warm start: the earlier network holds no polylines (it was not bundled)');
}

/**
 * The seed polylines for `net` (already projected for bundling) in the indexing of the layered run
 * `bundleSteps` will do: `net`'s own edges for an MLP, its level segments for a network with planes.
 */
export function warmSeed(net: ProcessedNetwork, warm: WarmStart): WarmSeed {
  checkWarmStart(net, warm);
  const matched = matchPolylines(net, warm.previous);
  if (!expandLevels(net)) return { ...matched, positions: warm.previous.nodePositions, iterations: warm.iterations };
  // With planes: the matched polylines on the old node positions, cut at the levels like a bundled network.
  const seeded: ProcessedNetwork = { ...net, nodePositions: warm.previous.nodePositions, polylineOffsets: matched.offsets, polylinePoints: matched.points };
  const x = expandBundled(withStraightGaps(seeded))!;
  return { positions: x.level.nodePositions, offsets: x.level.polylineOffsets, points: x.level.polylinePoints, iterations: warm.iterations };
}

/** Every edge of `net` gets the earlier network's polyline of the same (source, target), or none. */
function matchPolylines(net: ProcessedNetwork, previous: ProcessedNetwork): { offsets: Uint32Array; points: Float32Array } {
  const from = pairEdges(previous, net);
  const E = net.edgeSource.length;
  const offsets = new Uint32Array(E + 1);
  for (let e = 0; e < E; e++) offsets[e + 1] = offsets[e] + (from[e] < 0 ? 0 : previous.polylineOffsets[from[e] + 1] - previous.polylineOffsets[from[e]]);
  const points = new Float32Array(offsets[E] * 3);
  for (let e = 0; e < E; e++) {
    if (from[e] < 0) continue;
    const a = previous.polylineOffsets[from[e]];
    points.set(previous.polylinePoints.subarray(a * 3, previous.polylineOffsets[from[e] + 1] * 3), offsets[e] * 3);
  }
  return { offsets, points };
}

/** A network whose edges without a polyline get a straight two-point one (cutting at levels needs one per edge). */
function withStraightGaps(net: ProcessedNetwork): ProcessedNetwork {
  const E = net.edgeSource.length;
  const offsets = new Uint32Array(E + 1);
  for (let e = 0; e < E; e++) offsets[e + 1] = offsets[e] + Math.max(2, net.polylineOffsets[e + 1] - net.polylineOffsets[e]);
  const points = new Float32Array(offsets[E] * 3);
  const pos = net.nodePositions;
  for (let e = 0; e < E; e++) {
    const a = net.polylineOffsets[e];
    const b = net.polylineOffsets[e + 1];
    if (b - a >= 2) points.set(net.polylinePoints.subarray(a * 3, b * 3), offsets[e] * 3);
    else {
      points.set(pos.subarray(net.edgeSource[e] * 3, net.edgeSource[e] * 3 + 3), offsets[e] * 3);
      points.set(pos.subarray(net.edgeTarget[e] * 3, net.edgeTarget[e] * 3 + 3), offsets[e] * 3 + 3);
    }
  }
  return { ...net, polylineOffsets: offsets, polylinePoints: points };
}

/**
 * Writes seed polyline `e` into its slot, bent so that its ends land on the nodes' new positions (each point
 * moves by the blend of the two end displacements at its arc-length fraction) and resampled at `spacing`
 * (at most the slot's capacity). Edges without a seed keep the straight samples already in the slot.
 * `scratch` holds ≥ the seed's point count.
 */
export function seedEdge(store: PolylineStore, e: number, seed: WarmSeed, positions: Float32Array, source: number, target: number, spacing: number, scratch: Float64Array): void {
  const first = seed.offsets[e];
  const count = seed.offsets[e + 1] - first;
  if (count < 2) return;
  const q = seed.points;
  const cum = scratch;
  cum[0] = 0;
  for (let k = 1; k < count; k++) {
    const a = (first + k - 1) * 3;
    cum[k] = cum[k - 1] + Math.hypot(q[a + 3] - q[a], q[a + 4] - q[a + 1], q[a + 5] - q[a + 2]);
  }
  const length = cum[count - 1];
  const capacity = store.slotStart[e + 1] - store.slotStart[e];
  const n = Math.max(1, Math.min(capacity - 1, Math.round(length / spacing)));
  const s0 = first * 3;
  const s1 = (first + count - 1) * 3;
  const p = store.points;
  const base = store.slotStart[e] * 3;
  let seg = 1;
  for (let k = 0; k <= n; k++) {
    const d = (k / n) * length;
    while (seg < count - 1 && cum[seg] < d) seg++;
    const span = cum[seg] - cum[seg - 1];
    const f = span > 0 ? Math.min(1, Math.max(0, (d - cum[seg - 1]) / span)) : 0;
    const t = length > 0 ? d / length : k / n;
    const a = (first + seg - 1) * 3;
    for (let c = 0; c < 3; c++) {
      const point = q[a + c] + f * (q[a + 3 + c] - q[a + c]);
      const shift = (1 - t) * (positions[source * 3 + c] - q[s0 + c]) + t * (positions[target * 3 + c] - q[s1 + c]);
      p[base + k * 3 + c] = point + shift;
    }
  }
  // Exact endpoints, as every other sampling step keeps them.
  for (let c = 0; c < 3; c++) {
    p[base + c] = positions[source * 3 + c];
    p[base + n * 3 + c] = positions[target * 3 + c];
  }
  store.count[e] = n + 1;
}
