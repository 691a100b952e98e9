/**
 * Bundling on class components (processing/bundling/class-components.ts): the basis is orthonormal and
 * holds class vectors that span few dimensions exactly, so bundling on it gives the exact-class result;
 * any result keeps the network's exact classes; a run with few classes is not touched.
 */
import { describe, expect, it } from 'vitest';
import { bundleNetwork } from '../../processing/bundling/bundle';
import { classBasis, projectClasses, projectForBundling } from '../../processing/bundling/class-components';
import { rebundleLocal } from '../../processing/bundling/local';
import { defaultProcessingConfig } from '../../processing/config/processing-config';
import { defaultRenderingConfig } from '../../processing/config/rendering-config';
import type { ProcessedNetwork } from '../../processing/format/processed-network';
import type { NetworkImportance } from '../../processing/importance/types';
import { compareBundlings } from '../../processing/metrics/parity';
import { buildStraightNetwork } from '../../processing/network/build-straight';
import { createRng } from '../../processing/util/rng';
import { randomImportance } from '../../processing/importance/random';
import { bundleOnThreads } from '../../processing/worker/node-threads';

const C = 30;
const groups = 4;

/** Class vectors mixed from `groups` non-negative prototypes (class c belongs to group c mod groups): rank ≤ groups. */
function groupedImportance(sizes: number[], seed: number): NetworkImportance {
  const rng = createRng(seed);
  const row = (out: Float32Array, at: number, mix: number[]) => {
    for (let c = 0; c < C; c++) out[at + c] = mix[c % groups];
  };
  const nodes = sizes.map((n, l) => {
    const imp = new Float32Array(n * C);
    for (let i = 0; i < n; i++) {
      const mix = l === sizes.length - 1 ? [0, 1, 2, 3].map((g) => (g === i % groups ? 1 : 0)) : [rng(), rng() ** 3, rng() ** 2, rng() * 0.5];
      row(imp, i * C, mix);
    }
    return imp;
  });
  const edges = sizes.slice(0, -1).map((n, l) => Float32Array.from({ length: n * sizes[l + 1] }, () => rng()));
  return { method: 'random', nodes, edges };
}

function network(sizes: number[], components: number, importance = groupedImportance(sizes, 3)) {
  return buildStraightNetwork(
    { name: 'many-classes', layerSizes: sizes, classNames: Array.from({ length: C }, (_, c) => `class ${c}`) },
    importance,
    { processing: { ...defaultProcessingConfig, class_components: components }, rendering: defaultRenderingConfig },
  );
}

/** Identical endpoints and points within the split tolerance. */
function expectSameBundling(a: ProcessedNetwork, b: ProcessedNetwork): void {
  const report = compareBundlings({ offsets: a.polylineOffsets, points: a.polylinePoints }, { offsets: b.polylineOffsets, points: b.polylinePoints });
  expect(report.endpointMismatches).toBe(0);
  expect(report.meanDistance).toBeLessThan(1e-3);
}

describe('class components', () => {
  it('finds an orthonormal basis that keeps the norm of every class vector spanning fewer dimensions', () => {
    const imp = groupedImportance([20, 12, C], 5).nodes;
    const all = new Float32Array(imp.reduce((n, a) => n + a.length, 0));
    let at = 0;
    for (const a of imp) { all.set(a, at); at += a.length; }
    const K = 6;
    const basis = classBasis(all, C, K);
    for (let a = 0; a < K; a++) {
      for (let b = 0; b < K; b++) {
        let dot = 0;
        for (let c = 0; c < C; c++) dot += basis[a * C + c] * basis[b * C + c];
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 9);
      }
    }
    const projected = projectClasses(all, C, basis, K);
    for (let i = 0; i < all.length / C; i++) {
      let full = 0;
      let kept = 0;
      for (let c = 0; c < C; c++) full += all[i * C + c] ** 2;
      for (let k = 0; k < K; k++) kept += projected[i * K + k] ** 2;
      expect(Math.sqrt(kept)).toBeCloseTo(Math.sqrt(full), 5);
    }
  });

  it('keeps most of the norm of full-rank class vectors in the leading components', () => {
    // Output rows one-hot (rank C), hidden rows a shared mean plus a little noise: the first component is the mean.
    const rng = createRng(9);
    const N = 200;
    const imp = new Float32Array(N * C);
    for (let i = 0; i < N; i++) for (let c = 0; c < C; c++) imp[i * C + c] = 0.5 + 0.1 * rng();
    const basis = classBasis(imp, C, 2);
    const projected = projectClasses(imp, C, basis, 2);
    let full = 0;
    let kept = 0;
    for (let i = 0; i < imp.length; i++) full += imp[i] ** 2;
    for (let i = 0; i < projected.length; i++) kept += projected[i] ** 2;
    expect(kept / full).toBeGreaterThan(0.99);
  });

  it('bundles on few components as on the exact classes when the class vectors span fewer dimensions', () => {
    const sizes = [25, 12, C];
    const exact = bundleNetwork(network(sizes, C)).network;
    const input = network(sizes, 6);
    const projected = bundleNetwork(input).network;
    expectSameBundling(projected, exact);
    expect(projected.classCount).toBe(C);
    expect(projected.nodeImportance).toBe(input.nodeImportance);
    expect(projected.stats.classComponents).toBe(6);
    expect(exact.stats.classComponents).toBeUndefined();
  });

  it('projects the same way on every thread of a split run (full-rank classes, lossy projection)', async () => {
    const sizes = [30, 14, C];
    const net = network(sizes, 5, randomImportance(sizes, 11));
    const single = bundleNetwork(net).network;
    const threaded = (await bundleOnThreads(net, { threads: 2 })).network;
    expect(Array.from(threaded.nodePositions)).toEqual(Array.from(single.nodePositions));
    expectSameBundling(threaded, single);
    expect(threaded.classCount).toBe(C);
    expect(threaded.stats.classComponents).toBe(5);
  });

  it('leaves a network with no more classes than components untouched', () => {
    const net = network([8, 5, C], C);
    const p = projectForBundling(net);
    expect(p.net).toBe(net);
  });

  it('re-bundles a dragged node of a many-class network and keeps its exact classes', () => {
    const sizes = [16, 8, C];
    const bundled = bundleNetwork(network(sizes, 4)).network;
    const node = 16 + 3;
    const positions = Float32Array.from([bundled.nodePositions[node * 3] + 0.1, bundled.nodePositions[node * 3 + 1], bundled.nodePositions[node * 3 + 2]]);
    const r = rebundleLocal(bundled, { nodes: Uint32Array.of(node), positions });
    expect(r.touched).toBe(16 + C);
    expect(r.network.classCount).toBe(C);
    expect(r.network.nodeImportance).toBe(bundled.nodeImportance);
    expect(r.network.nodePositions[node * 3]).toBeCloseTo(positions[0], 6);
  });
});
