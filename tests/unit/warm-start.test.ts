/**
 * Training playback's bundling and morph: a warm start from the previous epoch's picture (real snapshots
 * of the default MLP) moves the strands far less than bundling from scratch at the same quality; networks
 * with planes warm-start through their levels; bad seeds are refused in one sentence; the morph starts on
 * one picture and ends on the other; the bundle cache keys a warm start by the picture it started from.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleNetwork } from '../../processing/bundling/bundle';
import { kWarmIterations } from '../../processing/bundling/warm';
import { defaultProcessingConfig } from '../../processing/config/processing-config';
import { defaultRenderingConfig } from '../../processing/config/rendering-config';
import { fromDigitSet } from '../../processing/data/dataset';
import { decodeDigitSet } from '../../processing/format/digits';
import type { ProcessedNetwork } from '../../processing/format/processed-network';
import { randomImportance } from '../../processing/importance/random';
import { taylorImportance } from '../../processing/importance/taylor';
import { checkInvariants } from '../../processing/metrics/invariants';
import { qualityMetrics } from '../../processing/metrics/quality';
import { loadTfjsModelFile } from '../../processing/model/load-node';
import { buildStraightNetwork, dataFreeImportance, shapeOf } from '../../processing/network/build-straight';
import { pairEdges, strandMotion } from '../../processing/network/edge-pairing';
import { createMorph } from '../../processing/network/morph';
import { createRng } from '../../processing/util/rng';
import { createBundleCache } from '../../src/app/bundle-cache';
import { resnetNetwork } from '../fixtures/cnn-networks';

const root = join(import.meta.dirname, '..', '..');
const L = defaultProcessingConfig.layer_width / defaultProcessingConfig.sampling_rate;

/** Epoch `k` of the default MLP's snapshots as the app lays it out (90 % of the edges pruned: fast). */
async function epoch(k: number): Promise<ProcessedNetwork> {
  const graph = await loadTfjsModelFile(join(root, `src/assets/models/mnist-mlp/epochs/epoch-${String(k).padStart(2, '0')}/model.json`));
  const held = fromDigitSet(decodeDigitSet(new Uint8Array(readFileSync(join(root, 'src/assets/digits/mnist-heldout.nnwd')))), 'held-out');
  const importance = { method: 'taylor' as const, nodes: taylorImportance(graph, held).nodes, edges: dataFreeImportance(graph).edges };
  return buildStraightNetwork(shapeOf(graph), importance, { processing: { ...defaultProcessingConfig, prune_percentage: 0.9 }, rendering: defaultRenderingConfig });
}

function randomNet(sizes: number[], seed: number): ProcessedNetwork {
  return buildStraightNetwork({ name: 'r', layerSizes: sizes, classNames: ['a', 'b', 'c', 'd'] }, randomImportance(sizes, seed), { processing: defaultProcessingConfig, rendering: defaultRenderingConfig });
}

describe('warm-started bundling', () => {
  it('moves the next epoch\'s strands far less than bundling from scratch, at the same quality', async () => {
    const [a, b] = [await epoch(10), await epoch(11)];
    // Pruning by importance keeps different edges in each epoch: the seed pairs them by (source, target).
    const pairs = pairEdges(a, b);
    expect(pairs.some((p) => p < 0)).toBe(true);
    expect(pairs.filter((p) => p >= 0).length).toBeGreaterThan(0.8 * pairs.length);
    const before = bundleNetwork(a).network;
    const scratch = bundleNetwork(b).network;
    const warm = bundleNetwork(b, { warm: { previous: before, iterations: kWarmIterations } }).network;
    expect(warm.stats.warmStart).toBe(kWarmIterations);
    expect(scratch.stats.warmStart).toBeUndefined();
    const inv = checkInvariants(warm, L);
    expect(inv.movedEndpoints).toBe(0);
    expect(inv.nonFinite).toBe(0);
    const moved = { scratch: strandMotion(before, scratch).mean, warm: strandMotion(before, warm).mean };
    expect(moved.warm).toBeLessThan(0.35 * moved.scratch);
    const q = { scratch: qualityMetrics(scratch), warm: qualityMetrics(warm) };
    expect(Math.abs(q.warm.voxelInkRatio - q.scratch.voxelInkRatio)).toBeLessThan(0.15 * q.scratch.voxelInkRatio);
    expect(Math.abs(q.warm.distortionMean - q.scratch.distortionMean)).toBeLessThan(0.1 * q.scratch.distortionMean);
    // Too few iterations leave the strands where the old importance put them: less bundled for the new one.
    const short = qualityMetrics(bundleNetwork(b, { warm: { previous: before, iterations: 1 } }).network);
    expect(short.voxelInkRatio).toBeGreaterThan(q.warm.voxelInkRatio);
  }, 120_000);

  it('warm-starts a network with planes through its levels', async () => {
    const { net } = await resnetNetwork();
    const rng = createRng(5);
    // The "next epoch": every node's class importance changed by up to ±30 %.
    const next = { ...net, nodeImportance: net.nodeImportance.map((v) => v * (0.7 + 0.6 * rng())) };
    const before = bundleNetwork(net).network;
    const scratch = bundleNetwork(next).network;
    const warm = bundleNetwork(next, { warm: { previous: before, iterations: kWarmIterations } }).network;
    expect(warm.polylineOffsets.length).toBe(net.edgeSource.length + 1);
    expect(warm.planes).toEqual(net.planes);
    const inv = checkInvariants(warm, L);
    expect(inv.movedEndpoints).toBe(0);
    expect(inv.nonFinite).toBe(0);
    // The node phase rearranges the channels from scratch; the warm start moves them on from where they were.
    expect(strandMotion(before, warm).mean).toBeLessThan(0.5 * strandMotion(before, scratch).mean);
  }, 120_000);

  it('refuses a seed of another shape, an unbundled seed and a bad iteration count', () => {
    const a = randomNet([16, 9, 4], 1);
    const bundled = bundleNetwork(a).network;
    expect(() => bundleNetwork(randomNet([16, 8, 4], 1), { warm: { previous: bundled, iterations: 4 } })).toThrow(/layers 16-9-4, this one 16-8-4/);
    expect(() => bundleNetwork(a, { warm: { previous: { ...a, polylineOffsets: new Uint32Array(0) }, iterations: 4 } })).toThrow(/was not bundled/);
    expect(() => bundleNetwork(a, { warm: { previous: bundled, iterations: 0 } })).toThrow(/whole number ≥ 1/);
    expect(() => bundleNetwork(a, { warm: { previous: bundled, iterations: Number.NaN } })).toThrow(/whole number ≥ 1/);
  });
});

describe('morph between epochs', () => {
  it('starts on the first picture, ends on the second, fades the strands only one holds', () => {
    const a = bundleNetwork(randomNet([16, 9, 4], 1)).network;
    // The second picture lacks a's first edge and holds every other one with new importance.
    const b0 = bundleNetwork(randomNet([16, 9, 4], 2)).network;
    const drop = 0;
    const keep = Array.from({ length: b0.edgeSource.length }, (_, e) => e).filter((e) => e !== drop);
    const offsets = new Uint32Array(keep.length + 1);
    keep.forEach((e, i) => { offsets[i + 1] = offsets[i] + b0.polylineOffsets[e + 1] - b0.polylineOffsets[e]; });
    const points = new Float32Array(offsets[keep.length] * 3);
    keep.forEach((e, i) => points.set(b0.polylinePoints.subarray(b0.polylineOffsets[e] * 3, b0.polylineOffsets[e + 1] * 3), offsets[i] * 3));
    const b: ProcessedNetwork = {
      ...b0, edgeSource: Uint32Array.from(keep, (e) => b0.edgeSource[e]), edgeTarget: Uint32Array.from(keep, (e) => b0.edgeTarget[e]),
      edgeImportance: Float32Array.from(keep, (e) => b0.edgeImportance[e]), polylineOffsets: offsets, polylinePoints: points,
    };
    const meanX = (n: ProcessedNetwork, e: number) => {
      let s = 0;
      for (let k = n.polylineOffsets[e]; k < n.polylineOffsets[e + 1]; k++) s += n.polylinePoints[k * 3];
      return s / (n.polylineOffsets[e + 1] - n.polylineOffsets[e]);
    };
    const m = createMorph(a, b);
    expect(m.edges).toBe(b.edgeSource.length + 1);
    const at0 = m.frame(0);
    expect(Array.from(at0.nodePositions)).toEqual(Array.from(a.nodePositions));
    // The faded edge is a's edge 0, appended after b's edges, at full importance at t = 0 and gone at t = 1.
    const last = m.edges - 1;
    expect([at0.edgeSource[last], at0.edgeTarget[last]]).toEqual([a.edgeSource[drop], a.edgeTarget[drop]]);
    expect(at0.edgeImportance[last]).toBeCloseTo(a.edgeImportance[drop], 6);
    const endpoints = (n: ProcessedNetwork, e: number) => [...n.polylinePoints.subarray(n.polylineOffsets[e] * 3, n.polylineOffsets[e] * 3 + 3), ...n.polylinePoints.subarray((n.polylineOffsets[e + 1] - 1) * 3, n.polylineOffsets[e + 1] * 3)];
    const pa = pairEdges(a, b);
    expect(endpoints(at0, 3)).toEqual(endpoints(a, pa[3]));
    const x0 = meanX(at0, 3);
    const at1 = m.frame(1);
    expect(Array.from(at1.nodePositions)).toEqual(Array.from(b.nodePositions));
    expect(at1.edgeImportance[last]).toBe(0);
    expect(Array.from(at1.edgeImportance.subarray(0, b.edgeSource.length))).toEqual(Array.from(b.edgeImportance));
    expect(endpoints(at1, 3)).toEqual(endpoints(b, 3));
    // Halfway, a shared strand lies between its two pictures (its mean point is the mean of theirs).
    const x1 = meanX(at1, 3);
    expect(meanX(m.frame(0.5), 3)).toBeCloseTo((x0 + x1) / 2, 5);
    expect(() => createMorph(a, bundleNetwork(randomNet([16, 8, 4], 1)).network)).toThrow(/different shapes/);
  });
});

describe('bundle cache keys', () => {
  it('keys a warm start by the picture it started from', async () => {
    const cache = createBundleCache();
    const net = randomNet([16, 9, 4], 3);
    const p1 = bundleNetwork(randomNet([16, 9, 4], 1)).network;
    const p2 = bundleNetwork(randomNet([16, 9, 4], 2)).network;
    const scratch = await cache.keyOf(net);
    const w1 = await cache.keyOf(net, { previous: p1, iterations: kWarmIterations });
    expect(await cache.keyOf(net)).toBe(scratch);
    expect(await cache.keyOf(net, { previous: p1, iterations: kWarmIterations })).toBe(w1);
    expect(w1).not.toBe(scratch);
    expect(await cache.keyOf(net, { previous: p2, iterations: kWarmIterations })).not.toBe(w1);
    expect(await cache.keyOf(net, { previous: p1, iterations: kWarmIterations - 1 })).not.toBe(w1);
  });
});
