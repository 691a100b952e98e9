import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultProcessingConfig } from '../../processing/config/processing-config';
import { defaultRenderingConfig } from '../../processing/config/rendering-config';
import { weightMagnitude } from '../../processing/importance/weight-magnitude';
import { weightPathImportance } from '../../processing/importance/weight-path';
import { gridLayout } from '../../processing/layout/grid-layout';
import { snapToGrid } from '../../processing/layout/node-advection';
import { loadTfjsModelFile } from '../../processing/model/load-node';
import { buildStraightNetwork, dataFreeImportance, shapeOf } from '../../processing/network/build-straight';
import { budgetMask, pruneMask } from '../../processing/pruning/prune';

const defaultModel = join(import.meta.dirname, '..', '..', 'src', 'assets', 'models', 'mnist-mlp', 'model.json');

describe('grid layout (nn_vis §1.2)', () => {
  const sizes = [784, 81, 49, 10];
  const pos = gridLayout(sizes, 0.4, 1);
  const at = (i: number) => Array.from(pos.subarray(i * 3, i * 3 + 3));

  it('puts layers at z = -0.6, -0.2, 0.2, 0.6 for 784/81/49/10', () => {
    expect(pos.length).toBe(924 * 3);
    const firstOf = [0, 784, 865, 914];
    firstOf.forEach((i, l) => expect(at(i)[2]).toBeCloseTo(-0.6 + 0.4 * l, 6));
  });

  it('follows x = ((s−1)/2 − i mod s)·w/s, y = ((s−1)/2 − ⌊i/s⌋)·w/s per layer (an image seen from the input side)', () => {
    const cases: [number, number, number][] = [[0, 28, 0], [29, 28, 0], [783, 28, 0], [784 + 40, 9, 784], [865 + 48, 7, 865], [914 + 9, 4, 914]];
    for (const [g, s, first] of cases) {
      const i = g - first;
      expect(at(g)[0]).toBeCloseTo(((s - 1) / 2 - (i % s)) / s, 6);
      expect(at(g)[1]).toBeCloseTo(((s - 1) / 2 - Math.floor(i / s)) / s, 6);
    }
    expect(at(914 + 9).slice(0, 2).map((v) => +v.toFixed(4))).toEqual([0.125, -0.125]);
    // Pixel (0, 0) at the top (+y) and, seen from the input side looking along +z, on the left (+x).
    expect(at(0).slice(0, 2).map((v) => +v.toFixed(4))).toEqual([0.4821, 0.4821]);
    expect(at(27)[0]).toBeLessThan(0);
    expect(at(28 * 27)[1]).toBeLessThan(0);
  });

  it('places a single-node layer at the centre', () => {
    // Two nodes: a 2×2 grid of cell 1 with only row 0 (the top) used (partial rows are not re-centred).
    expect(Array.from(gridLayout([1, 2], 1, 2))).toEqual([0, 0, -0.5, 0.5, 0.5, 0.5, -0.5, 0.5, 0.5]);
  });

  it('snaps advected nodes back onto their layer\'s slots by rank: lowest y to the lowest row, then by x', () => {
    // 5 nodes on a 3×3 grid: rows of 3 (top) and 2 (below, left-aligned as seen from the input side).
    const slots = gridLayout([5], 1, 3);
    const advected = Float32Array.from([
      0, -5, 0, // lowest y → the lower row, left of its pair by x
      9, -4, 0, // second lowest → the lower row too
      -1, 7, 0, 2, 8, 0, 1, 6, 0, // the top row, ordered by x
    ]);
    const out = Float32Array.from(slots);
    snapToGrid(out, advected, 0, 5);
    const xy = (i: number) => [out[i * 3], out[i * 3 + 1]];
    const lower = [[slots[9], slots[10]], [slots[12], slots[13]]].sort((a, b) => a[0] - b[0]);
    expect(xy(0)).toEqual(lower[0]);
    expect(xy(1)).toEqual(lower[1]);
    const top = [0, 1, 2].map((k) => [slots[k * 3], slots[k * 3 + 1]]).sort((a, b) => a[0] - b[0]);
    expect([xy(2), xy(4), xy(3)]).toEqual(top);
  });
});

describe('data-free importance and pruning', () => {
  it('normalises |w| by each gap\'s true maximum and makes output nodes one-hot', async () => {
    const g = await loadTfjsModelFile(defaultModel);
    for (const gap of weightMagnitude(g)) {
      expect(Math.max(...gap)).toBe(1);
      expect(Math.min(...gap)).toBeGreaterThanOrEqual(0);
    }
    const nodes = weightPathImportance(g);
    expect(nodes.map((n) => n.length)).toEqual([7840, 810, 490, 100]);
    for (const n of nodes) expect(Math.max(...n)).toBeCloseTo(1, 6);
    expect(Array.from(nodes[3].subarray(30, 40))).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    // MNIST's border pixels are always blank, so training leaves their weights near init; centre pixels
    // carry more weight on average: a trained network is not uniform.
    const mean = (i: number) => nodes[0].subarray(i * 10, i * 10 + 10).reduce((a, b) => a + b, 0);
    expect(mean(14 * 28 + 14)).not.toBeCloseTo(mean(0), 2);
  });

  it('prunes nn_vis-style: strictly above sorted[floor(N·p)], ties dropped, p = 0 keeps all', () => {
    const keys = Float32Array.from([0.5, 0.1, 0.3, 0.3, 0.9, 0.2]);
    expect(Array.from(pruneMask(keys, 0))).toEqual([1, 1, 1, 1, 1, 1]);
    expect(Array.from(pruneMask(keys, 0.5))).toEqual([1, 0, 0, 0, 1, 0]);
    expect(Array.from(pruneMask(keys, 0.34))).toEqual([1, 0, 0, 0, 1, 0]);
    expect(Array.from(pruneMask(keys, 0.2))).toEqual([1, 0, 1, 1, 1, 0]);
    expect(Array.from(pruneMask(new Float32Array(4).fill(0.2), 0.5))).toEqual([1, 1, 1, 1]);
  });

  it('keeps the most important edges within the bundling budget, after pruning, on a hand-built network', () => {
    const keys = Float32Array.from([0.5, 0.1, 0.3, 0.3, 0.9, 0.2, 0.7]);
    // Budget 3 of 7: the keys 0.9, 0.7, 0.5 (edges 4, 6, 0); nothing pruned.
    expect(budgetMask(keys, 0, 3)).toEqual({ keep: Uint8Array.from([1, 0, 0, 0, 1, 0, 1]), pruned: 0, overBudget: 4 });
    // Ties at the cut: the lower edge index stays (deterministic).
    expect(Array.from(budgetMask(keys, 0, 5).keep)).toEqual([1, 0, 1, 1, 1, 0, 1]);
    expect(Array.from(budgetMask(keys, 0, 4).keep)).toEqual([1, 0, 1, 0, 1, 0, 1]);
    // Pruning first (p = 0.5 keeps 0.9, 0.7, 0.5), then the budget of 2 among those.
    expect(budgetMask(keys, 0.5, 2)).toEqual({ keep: Uint8Array.from([0, 0, 0, 0, 1, 0, 1]), pruned: 4, overBudget: 1 });
    expect(budgetMask(keys, 0, 10).overBudget).toBe(0);
    // A 3-2 network with one dominant input: its edges win.
    const sizes = [3, 2];
    const importance = { method: 'hand', nodes: [Float32Array.from([1, 1, 0.1, 0.1, 0.2, 0.2]), Float32Array.from([1, 0, 0, 1])], edges: [Float32Array.from([0.9, 0.8, 0.9, 0.8, 0.9, 0.8])] };
    const net = buildStraightNetwork({ name: 'hand', layerSizes: sizes, classNames: ['a', 'b'] }, importance, { processing: defaultProcessingConfig, rendering: defaultRenderingConfig }, undefined, 3);
    expect(Array.from(net.edgeSource)).toEqual([0, 0, 2]);
    expect(Array.from(net.edgeTarget)).toEqual([3, 4, 3]);
    expect(net.stats).toMatchObject({ edges: 3, prunedEdges: 0, overBudgetEdges: 3, edgesTotal: 6 });
  });

  it('builds the default network with every edge (no container drop) or a pruned subset', async () => {
    const g = await loadTfjsModelFile(defaultModel);
    const configs = { processing: defaultProcessingConfig, rendering: defaultRenderingConfig };
    const full = buildStraightNetwork(shapeOf(g), dataFreeImportance(g), configs);
    expect(full.edgeSource.length).toBe(784 * 81 + 81 * 49 + 49 * 10);
    expect(full.stats).toMatchObject({ edges: 67963, prunedEdges: 0, nodes: 924, layers: 4 });
    const pruned = buildStraightNetwork(shapeOf(g), dataFreeImportance(g), { ...configs, processing: { ...defaultProcessingConfig, prune_percentage: 0.9 } });
    expect(pruned.edgeSource.length).toBeLessThanOrEqual(Math.ceil(67963 * 0.1));
    expect(pruned.edgeSource.length).toBeGreaterThan(67963 * 0.09);
    expect(pruned.stats.prunedEdges).toBe(67963 - pruned.edgeSource.length);
    // Polylines start and end exactly on their nodes.
    const e = 1234;
    const s = pruned.edgeSource[e];
    expect(Array.from(pruned.polylinePoints.subarray(e * 6, e * 6 + 3))).toEqual(Array.from(pruned.nodePositions.subarray(s * 3, s * 3 + 3)));
  });
});
