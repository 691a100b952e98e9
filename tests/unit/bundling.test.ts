import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleNetwork } from '../../processing/bundling/bundle';
import { bandwidthSchedule, bundlingConstants, similarityThreshold } from '../../processing/bundling/schedule';
import { smoothEdge, smoothingRadius, smoothSeries } from '../../processing/bundling/smoothing';
import { defaultProcessingConfig } from '../../processing/config/processing-config';
import { defaultRenderingConfig } from '../../processing/config/rendering-config';
import { fromDigitSet } from '../../processing/data/dataset';
import { encodeProcessedNetwork } from '../../processing/format/codec';
import { decodeDigitSet } from '../../processing/format/digits';
import { taylorImportance } from '../../processing/importance/taylor';
import { gridLayout } from '../../processing/layout/grid-layout';
import { distortion, voxelInk } from '../../processing/metrics/geometry';
import { checkInvariants } from '../../processing/metrics/invariants';
import { qualityMetrics, straightLines } from '../../processing/metrics/quality';
import { loadTfjsModelFile } from '../../processing/model/load-node';
import { buildStraightNetwork, shapeOf } from '../../processing/network/build-straight';
import { handNetwork } from '../fixtures/hand-network';

const root = join(import.meta.dirname, '..', '..');
const L = 1 / 15;
const cell = L / 3; // nn_vis's grid cell, the unit of the spec's fixtures
const one = [1, 0];

/** The default network pruned to 10 % of its edges (Taylor importance): the MLP at test speed. */
async function prunedDefault(prune = 0.9) {
  const graph = await loadTfjsModelFile(join(root, 'src/assets/models/mnist-mlp/model.json'));
  const data = fromDigitSet(decodeDigitSet(new Uint8Array(readFileSync(join(root, 'src/assets/digits/mnist-heldout.nnwd')))), 'held-out');
  return buildStraightNetwork(shapeOf(graph), taylorImportance(graph, data), { processing: { ...defaultProcessingConfig, prune_percentage: prune }, rendering: defaultRenderingConfig });
}

describe('schedules (nn_vis §1.8)', () => {
  it('runs 23 edge and 56 node iterations with the default config, S rising from 0', () => {
    const c = bundlingConstants(defaultProcessingConfig);
    const edges = bandwidthSchedule(c.edgeBandwidth0, 0.9, c.limit);
    expect(edges).toHaveLength(23);
    expect(edges[22]).toBeCloseTo(0.0492, 4);
    expect(bandwidthSchedule(c.nodeBandwidth0, 0.95, c.limit)).toHaveLength(56);
    expect(similarityThreshold(0, 0.5, 0.5, c.limit)).toBe(0);
    expect(similarityThreshold(1, edges[1], 0.5, c.limit)).toBeCloseTo(0.33, 2);
  });
});

describe('bundling fixtures (bundling-fast.md §3)', () => {
  it('merges two nearly parallel edges 2 cells apart', () => {
    const net = handNetwork({ layers: [[[0, 0], [2 * cell, 0]], [[0, 0], [2 * cell, 0]]], edges: [[0, 2], [1, 3]], importance: [one, one, one, one] });
    const { network: b } = bundleNetwork(net, { moveNodes: false });
    const mid = (e: number) => {
      const k = b.polylineOffsets[e] + ((b.polylineOffsets[e + 1] - b.polylineOffsets[e]) >> 1);
      return [b.polylinePoints[k * 3], b.polylinePoints[k * 3 + 1]];
    };
    const gap = Math.hypot(mid(0)[0] - mid(1)[0], mid(0)[1] - mid(1)[1]);
    // The last density grid has cells of h/2.5 ≈ 0.9 nn_vis cells: strands merge to below that resolution.
    expect(gap).toBeLessThan(0.75 * cell);
    const d = distortion({ offsets: b.polylineOffsets, points: b.polylinePoints });
    expect(d.max).toBeGreaterThan(1);
    expect(d.max).toBeLessThan(1.1);
  });

  it('keeps two orthogonal crossing edges nearly straight', () => {
    const net = handNetwork({ layers: [[[-0.3, 0], [0, -0.3]], [[0.3, 0], [0, 0.3]]], edges: [[0, 2], [1, 3]], importance: [one, one, one, one] });
    const { network: b } = bundleNetwork(net, { moveNodes: false });
    let deviation = 0;
    const P = b.nodePositions;
    for (let e = 0; e < 2; e++) {
      const s = b.edgeSource[e] * 3;
      const t = b.edgeTarget[e] * 3;
      for (let k = b.polylineOffsets[e]; k < b.polylineOffsets[e + 1]; k++) {
        const f = (b.polylinePoints[k * 3 + 2] - P[s + 2]) / (P[t + 2] - P[s + 2]);
        deviation = Math.max(deviation, Math.hypot(b.polylinePoints[k * 3] - (P[s] + f * (P[t] - P[s])), b.polylinePoints[k * 3 + 1] - (P[s + 1] + f * (P[t + 1] - P[s + 1]))));
      }
    }
    expect(deviation).toBeLessThan(cell);
  });

  it('on the MLP: endpoints bit-identical, no NaN, spacing in [0.5 L, 1.5 L], monotonic depth, ink falls', async () => {
    const net = await prunedDefault();
    const inks: number[] = [];
    const { network } = bundleNetwork(net, { withPolylines: true, onProgress: (p) => { if (p.polylines) inks.push(voxelInk(p.polylines, cell)); } });
    const inv = checkInvariants(network, L);
    expect(inv).toMatchObject({ movedEndpoints: 0, nonFinite: 0, spacingOutliers: 0 });
    expect(inv.spacingMin).toBeGreaterThanOrEqual(0.5 * L);
    expect(inv.spacingMax).toBeLessThanOrEqual(1.5 * L);
    const m = qualityMetrics(network);
    expect(m.nonMonotonicEdges).toBe(0);
    expect(m.distortionMean).toBeGreaterThan(1.05);
    expect(m.distortionMean).toBeLessThan(1.4);
    expect(m.distortionMax).toBeLessThan(4);
    const straight = voxelInk(straightLines(network), cell);
    // Ink falls monotonically down to its minimum (late, small-h iterations relax strands a little:
    // nn_vis's constant smoothing), and ends far below straight.
    const minAt = inks.indexOf(Math.min(...inks));
    expect(minAt).toBeGreaterThan(inks.length / 2);
    for (let k = 1; k <= minAt; k++) expect(inks[k]).toBeLessThanOrEqual(inks[k - 1] * 1.01);
    expect(inks[inks.length - 1] / straight).toBeLessThan(0.4);
  }, 60_000);

  it('class-aware attraction raises class separation above class-blind bundling (full default network)', async () => {
    // The class term matters where many edges of different class mixes share space: the full network.
    const net = await prunedDefault(0);
    const aware = qualityMetrics(bundleNetwork(net).network);
    const blind = qualityMetrics(bundleNetwork(net, { classAware: false }).network);
    expect(aware.classSeparation).toBeGreaterThan(aware.classSeparationStraight);
    expect(aware.classSeparation).toBeGreaterThan(blind.classSeparation + 0.01);
  }, 120_000);

  it('is deterministic: the same network and config give identical bytes', async () => {
    const net = await prunedDefault(0.97);
    const a = encodeProcessedNetwork(bundleNetwork(net).network);
    const b = encodeProcessedNetwork(bundleNetwork(net).network);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  }, 60_000);
});

describe('node phase', () => {
  it('keeps every moved layer on its own grid slots (no collapse) and the input layer in place', async () => {
    const net = await prunedDefault(0.97);
    const { network } = bundleNetwork(net, { onProgress: () => undefined });
    const grid = gridLayout([784, 81, 49, 10], 0.4, 1);
    const key = (p: Float32Array, i: number) => `${p[i * 3].toFixed(5)},${p[i * 3 + 1].toFixed(5)},${p[i * 3 + 2].toFixed(5)}`;
    expect(Array.from(network.nodePositions.subarray(0, 784 * 3))).toEqual(Array.from(grid.subarray(0, 784 * 3)));
    for (const [from, to] of [[784, 865], [865, 914], [914, 924]]) {
      const slots = new Set(Array.from({ length: to - from }, (_, i) => key(grid, from + i)));
      const placed = new Set(Array.from({ length: to - from }, (_, i) => key(network.nodePositions, from + i)));
      expect(placed).toEqual(slots);
    }
    // Something did move: the arrangement follows class importance.
    expect(Array.from(network.nodePositions.subarray(784 * 3, 865 * 3))).not.toEqual(Array.from(grid.subarray(784 * 3, 865 * 3)));
  }, 60_000);

  it('stops with a clear error when cancelled', async () => {
    const net = await prunedDefault(0.97);
    const controller = new AbortController();
    expect(() => bundleNetwork(net, { signal: controller.signal, onProgress: (p) => { if (p.stage === 'edges' && p.iteration === 2) controller.abort(); } })).toThrow('bundling cancelled');
  }, 60_000);
});

describe('smoothing', () => {
  /** The definition: `passes` Jacobi passes of the clipped windowed mean, endpoints fixed. */
  function reference(points: Float32Array, n: number, radius: number, passes: number): Float32Array {
    const out = Float32Array.from(points);
    for (let c = 0; c < 3; c++) {
      let a = Float64Array.from({ length: n }, (_, k) => points[k * 3 + c]);
      let b = new Float64Array(n);
      for (let p = 0; p < passes; p++) {
        smoothSeries(a, b, n, radius);
        [a, b] = [b, a];
      }
      for (let k = 1; k < n - 1; k++) out[k * 3 + c] = a[k];
    }
    return out;
  }

  it('matches the iterative definition for short (cached map) and long (iterated) edges', () => {
    for (const [n, reduction] of [[13, 0.9], [40, 1], [300, 0.9]] as const) {
      const points = Float32Array.from({ length: n * 3 }, (_, i) => Math.sin(i * 1.7) + (i % 3) * 0.01 * i);
      const store = { edges: 1, slotStart: Uint32Array.from([0, n]), count: Uint32Array.from([n]), points: Float32Array.from(points) };
      smoothEdge(store, 0, 8, reduction, new Float64Array(4 * n));
      const expected = reference(points, n, smoothingRadius(n, reduction), 8);
      for (let i = 0; i < n * 3; i++) expect(store.points[i]).toBeCloseTo(expected[i], 5);
      expect(store.points.subarray(0, 3)).toEqual(points.subarray(0, 3));
      expect(store.points.subarray((n - 1) * 3)).toEqual(points.subarray((n - 1) * 3));
    }
    expect(smoothingRadius(300, 0.9)).toBeGreaterThan(1);
  });
});
