/**
 * The CPU split without workers: async bundling runs on shares of the edges, exchanging density through
 * real MessageChannels, merge into the single-run result; stale grids of a cancelled job are not taken by
 * the next one. Then the same split on real Node worker threads (the CLI's --threads).
 */
import { describe, expect, it } from 'vitest';
import { bundleNetwork, bundleNetworkAsync } from '../../processing/bundling/bundle';
import { kWarmIterations, type WarmStart } from '../../processing/bundling/warm';
import { defaultProcessingConfig } from '../../processing/config/processing-config';
import { defaultRenderingConfig } from '../../processing/config/rendering-config';
import { randomImportance } from '../../processing/importance/random';
import { compareBundlings } from '../../processing/metrics/parity';
import { buildStraightNetwork } from '../../processing/network/build-straight';
import { edgeOwners, mergeShares, splitMerger } from '../../processing/worker/merge-shares';
import { resnetNetwork } from '../fixtures/cnn-networks';
import { bundleOnThreads } from '../../processing/worker/node-threads';
import { createDensityGroup, type DensityGroup } from '../../processing/worker/density-group';

const sizes = [36, 16, 4];
const net = buildStraightNetwork({ name: 'r', layerSizes: sizes, classNames: ['a', 'b', 'c', 'd'] }, randomImportance(sizes, 7), { processing: defaultProcessingConfig, rendering: defaultRenderingConfig });

/** A full mesh of density groups for `of` shares, all begun on job 1. */
function groups(of: number): DensityGroup[] {
  const peers: { index: number; port: MessagePort }[][] = Array.from({ length: of }, () => []);
  for (let i = 0; i < of; i++) {
    for (let j = i + 1; j < of; j++) {
      const channel = new MessageChannel();
      peers[i].push({ index: j, port: channel.port1 });
      peers[j].push({ index: i, port: channel.port2 });
    }
  }
  return peers.map((p, i) => {
    const g = createDensityGroup(p);
    g.begin(1, i);
    return g;
  });
}

/** Bundles `network` split into `of` shares without workers; returns the parts. */
async function splitRun(network: typeof net, of: number, moveNodes = true, warm?: WarmStart) {
  const links = groups(of);
  const signal = new AbortController().signal;
  const parts = await Promise.all(links.map((link, index) => bundleNetworkAsync(network, {
    moveNodes, warm, share: { index, of }, exchange: (d, n) => link.exchange(d, n, signal),
  })));
  links.forEach((l) => l.close());
  return parts;
}

describe('two-worker CPU split', () => {
  it('assigns every edge of every gap to exactly one share, in contiguous halves', () => {
    const owners = edgeOwners(net.edgeSource, net.layerSizes, 2);
    expect(owners).toHaveLength(net.edgeSource.length);
    // Gap 0 has 36·16 edges: the first half belongs to share 0.
    expect(owners[0]).toBe(0);
    expect(owners[287]).toBe(0);
    expect(owners[288]).toBe(1);
    expect(owners[575]).toBe(1);
    expect(owners[576]).toBe(0);
  });

  it('gives the single-run result (up to float summation order)', async () => {
    const parts = await splitRun(net, 2);
    const owners = edgeOwners(net.edgeSource, net.layerSizes, 2);
    const merged = mergeShares(parts.map((p) => ({ offsets: p.network.polylineOffsets, points: p.network.polylinePoints })), owners);
    const single = bundleNetwork(net).network;
    const report = compareBundlings(merged, { offsets: single.polylineOffsets, points: single.polylinePoints });
    expect(report.endpointMismatches).toBe(0);
    expect(report.maxCountDifference).toBeLessThanOrEqual(1);
    expect(report.meanDistance).toBeLessThan(1e-3);
    expect(Array.from(parts[0].network.nodePositions)).toEqual(Array.from(single.nodePositions));
  });

  it('warm-starts split runs as a single run (training playback on two workers)', async () => {
    const previous = bundleNetwork(buildStraightNetwork({ name: 'r', layerSizes: sizes, classNames: ['a', 'b', 'c', 'd'] }, randomImportance(sizes, 8), { processing: defaultProcessingConfig, rendering: defaultRenderingConfig })).network;
    const warm = { previous, iterations: kWarmIterations };
    const parts = await splitRun(net, 2, true, warm);
    const merged = mergeShares(parts.map((p) => ({ offsets: p.network.polylineOffsets, points: p.network.polylinePoints })), edgeOwners(net.edgeSource, net.layerSizes, 2));
    const single = bundleNetwork(net, { warm }).network;
    const report = compareBundlings(merged, { offsets: single.polylineOffsets, points: single.polylinePoints });
    expect(report.endpointMismatches).toBe(0);
    expect(report.maxCountDifference).toBeLessThanOrEqual(1);
    expect(report.meanDistance).toBeLessThan(1e-3);
    expect(single.stats.warmStart).toBe(kWarmIterations);
    // Not the scratch result: the seed changed where the strands ended.
    const scratch = bundleNetwork(net).network;
    expect(compareBundlings(merged, { offsets: scratch.polylineOffsets, points: scratch.polylinePoints }).meanDistance).toBeGreaterThan(1e-3);
  });

  it("drops a cancelled job's grid in flight instead of adding it to the next job", async () => {
    const [a, b] = groups(2);
    const signal = new AbortController().signal;
    // Job 1: a sends, b is cancelled before reading.
    void a.exchange(Float32Array.of(100, 100), 2, new AbortController().signal).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 20));
    a.begin(2, 0);
    b.begin(2, 1);
    const da = Float32Array.of(1, 2);
    const db = Float32Array.of(10, 20);
    await Promise.all([a.exchange(da, 2, signal), b.exchange(db, 2, signal)]);
    expect(Array.from(da)).toEqual([11, 22]);
    expect(Array.from(db)).toEqual([11, 22]);
    a.close();
    b.close();
  });

  it('rejects a waiting exchange when its job is cancelled', async () => {
    const [a, b] = groups(2);
    const controller = new AbortController();
    const pending = a.exchange(new Float32Array(2), 2, controller.signal);
    controller.abort();
    await expect(pending).rejects.toThrow('bundling cancelled');
    a.close();
    b.close();
  });
});

describe('two-worker CPU split with planes', () => {
  it('merges a ResNet split segment by segment and joins it into the single-run result', async () => {
    const { net: resnet } = await resnetNetwork();
    const parts = await splitRun(resnet, 2, false);
    const merged = splitMerger(resnet, 2).result(parts.map((p) => p.network));
    const single = bundleNetwork(resnet, { moveNodes: false }).network;
    expect(merged.polylineOffsets.length).toBe(resnet.edgeSource.length + 1);
    expect(merged.planes).toEqual(resnet.planes);
    const report = compareBundlings({ offsets: merged.polylineOffsets, points: merged.polylinePoints }, { offsets: single.polylineOffsets, points: single.polylinePoints });
    expect(report.endpointMismatches).toBe(0);
    expect(report.maxCountDifference).toBeLessThanOrEqual(3);
    expect(report.meanDistance).toBeLessThan(1e-3);
  }, 60_000);
});

describe('N-way CPU split (the CLI threads)', () => {
  it('sums every share in share order, bit-identically on every worker', async () => {
    const links = groups(3);
    const signal = new AbortController().signal;
    // 1e8 + 1 − 1e8 depends on the order of additions in float32; every worker must get the same value.
    const grids = [Float32Array.of(1e8, 1), Float32Array.of(1, 2), Float32Array.of(-1e8, 3)];
    await Promise.all(links.map((l, i) => l.exchange(grids[i], 2, signal)));
    links.forEach((l) => l.close());
    expect(Array.from(grids[0])).toEqual([1, 6]);
    expect(Array.from(grids[1])).toEqual(Array.from(grids[0]));
    expect(Array.from(grids[2])).toEqual(Array.from(grids[0]));
  });

  it('three shares give the single-run result', async () => {
    const parts = await splitRun(net, 3);
    const merged = mergeShares(parts.map((p) => ({ offsets: p.network.polylineOffsets, points: p.network.polylinePoints })), edgeOwners(net.edgeSource, net.layerSizes, 3));
    const single = bundleNetwork(net).network;
    const report = compareBundlings(merged, { offsets: single.polylineOffsets, points: single.polylinePoints });
    expect(report.endpointMismatches).toBe(0);
    expect(report.maxCountDifference).toBeLessThanOrEqual(1);
    expect(report.meanDistance).toBeLessThan(1e-3);
  });

  it('bundles on real worker threads (shared memory) as on one thread and as the message exchange, with progress', async () => {
    const seen: string[] = [];
    const threaded = await bundleOnThreads(net, { threads: 3, onProgress: (p) => seen.push(`${p.stage} ${p.iteration}`) });
    const single = bundleNetwork(net).network;
    expect(threaded.network.stats.backend).toBe('cpu (3 threads)');
    expect(seen).toContain('edges 1');
    expect(Array.from(threaded.network.nodePositions)).toEqual(Array.from(single.nodePositions));
    const report = compareBundlings({ offsets: threaded.network.polylineOffsets, points: threaded.network.polylinePoints }, { offsets: single.polylineOffsets, points: single.polylinePoints });
    expect(report.endpointMismatches).toBe(0);
    expect(report.maxCountDifference).toBeLessThanOrEqual(1);
    expect(report.meanDistance).toBeLessThan(1e-3);
    // Shared memory (threads) and messages (the app's workers) compute the same sums and blurs: bit-identical.
    const parts = await splitRun(net, 3);
    const messages = mergeShares(parts.map((p) => ({ offsets: p.network.polylineOffsets, points: p.network.polylinePoints })), edgeOwners(net.edgeSource, net.layerSizes, 3));
    expect(Array.from(threaded.network.polylineOffsets)).toEqual(Array.from(messages.offsets));
    expect(Array.from(threaded.network.polylinePoints)).toEqual(Array.from(messages.points));
  }, 60_000);

  it('stops the threads when cancelled', async () => {
    const controller = new AbortController();
    const run = bundleOnThreads(net, { threads: 2, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(run).rejects.toThrow('bundling cancelled');
  }, 60_000);
});
