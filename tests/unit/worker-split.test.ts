/**
 * The two-worker CPU split without workers: two async bundling runs on shares of the edges, exchanging
 * density through a real MessageChannel, merge into the single-run result; stale grids of a cancelled
 * job are not taken by the next one.
 */
import { describe, expect, it } from 'vitest';
import { bundleNetwork, bundleNetworkAsync } from '../../processing/bundling/bundle';
import { defaultProcessingConfig } from '../../processing/config/processing-config';
import { defaultRenderingConfig } from '../../processing/config/rendering-config';
import { randomImportance } from '../../processing/importance/random';
import { compareBundlings } from '../../processing/metrics/parity';
import { buildStraightNetwork } from '../../processing/network/build-straight';
import { edgeOwners, mergeShares, splitMerger } from '../../processing/worker/merge-shares';
import { resnetNetwork } from '../fixtures/cnn-networks';
import { createPartnerLink } from '../../processing/worker/partner-link';

const sizes = [36, 16, 4];
const net = buildStraightNetwork({ name: 'r', layerSizes: sizes, classNames: ['a', 'b', 'c', 'd'] }, randomImportance(sizes, 7), { processing: defaultProcessingConfig, rendering: defaultRenderingConfig });

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
    const channel = new MessageChannel();
    const links = [createPartnerLink(channel.port1), createPartnerLink(channel.port2)];
    links.forEach((l) => l.begin(1));
    const signal = new AbortController().signal;
    const parts = await Promise.all([0, 1].map((index) => bundleNetworkAsync(net, {
      share: { index, of: 2 }, exchange: (d, n) => links[index].exchange(d, n, signal),
    })));
    links.forEach((l) => l.close());
    const owners = edgeOwners(net.edgeSource, net.layerSizes, 2);
    const merged = mergeShares(parts.map((p) => ({ offsets: p.network.polylineOffsets, points: p.network.polylinePoints })), owners);
    const single = bundleNetwork(net).network;
    const report = compareBundlings(merged, { offsets: single.polylineOffsets, points: single.polylinePoints });
    expect(report.endpointMismatches).toBe(0);
    expect(report.maxCountDifference).toBeLessThanOrEqual(1);
    expect(report.meanDistance).toBeLessThan(1e-3);
    expect(Array.from(parts[0].network.nodePositions)).toEqual(Array.from(single.nodePositions));
  });

  it("drops a cancelled job's grid in flight instead of adding it to the next job", async () => {
    const channel = new MessageChannel();
    const a = createPartnerLink(channel.port1);
    const b = createPartnerLink(channel.port2);
    a.begin(1);
    b.begin(1);
    const signal = new AbortController().signal;
    // Job 1: a sends, b is cancelled before reading.
    void a.exchange(Float32Array.of(100, 100), 2, new AbortController().signal).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 20));
    a.begin(2);
    b.begin(2);
    const da = Float32Array.of(1, 2);
    const db = Float32Array.of(10, 20);
    await Promise.all([a.exchange(da, 2, signal), b.exchange(db, 2, signal)]);
    expect(Array.from(da)).toEqual([11, 22]);
    expect(Array.from(db)).toEqual([11, 22]);
    a.close();
    b.close();
  });

  it('rejects a waiting exchange when its job is cancelled', async () => {
    const channel = new MessageChannel();
    const a = createPartnerLink(channel.port1);
    a.begin(1);
    const controller = new AbortController();
    const pending = a.exchange(new Float32Array(2), 2, controller.signal);
    controller.abort();
    await expect(pending).rejects.toThrow('bundling cancelled');
    a.close();
    channel.port2.close();
  });
});

describe('two-worker CPU split with planes', () => {
  it('merges a ResNet split segment by segment and joins it into the single-run result', async () => {
    const { net: resnet } = await resnetNetwork();
    const channel = new MessageChannel();
    const links = [createPartnerLink(channel.port1), createPartnerLink(channel.port2)];
    links.forEach((l) => l.begin(1));
    const signal = new AbortController().signal;
    const parts = await Promise.all([0, 1].map((index) => bundleNetworkAsync(resnet, {
      moveNodes: false, share: { index, of: 2 }, exchange: (d, n) => links[index].exchange(d, n, signal),
    })));
    links.forEach((l) => l.close());
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
