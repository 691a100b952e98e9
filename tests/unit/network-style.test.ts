import { describe, expect, it } from 'vitest';
import { defaultRenderingConfig } from '../../processing/config/rendering-config';
import { classPalette } from '../../src/scene/palette';
import { edgeInstances, importanceAlpha, networkTarget, nodeInstances, nodeSummaries } from '../../src/scene/network-style';
import { checkConnectionBudget } from '../../processing/model/model-graph';
import { smallNetwork } from '../fixtures/networks';

describe('straight viewer styling', () => {
  it('mixes class colours by class share and sizes nodes by ‖importance‖₂, capped by grid spacing', async () => {
    const net = await smallNetwork();
    const palette = classPalette(3);
    const { l2, rgb } = nodeSummaries(net, palette);
    // Output node 1 is one-hot for class 1: its colour is class 1's colour.
    const out1 = 6 + 4 + 1;
    expect(Array.from(rgb.subarray(out1 * 3, out1 * 3 + 3))).toEqual(Array.from(palette.subarray(3, 6)));
    expect(l2[out1]).toBeCloseTo(1, 6);
    const nodes = nodeInstances(net, palette, { ...defaultRenderingConfig, node_object_radius: 10 });
    // A huge Size is capped at 0.45 × layer_width / ⌈√n⌉ (6 inputs → 3×3 grid).
    expect(nodes.matrices[0]).toBeCloseTo(0.45 / 3, 6);
    const hidden = nodeInstances(net, palette, { ...defaultRenderingConfig, node_importance_threshold: 0.999 });
    expect(hidden.count).toBeLessThan(nodes.count);
  });

  it('hides weak edges through nn_vis importance opacity and maps the unit segment onto source → target', async () => {
    const net = await smallNetwork();
    const palette = classPalette(3);
    const all = edgeInstances(net, palette, { ...defaultRenderingConfig, edge_importance_opacity: 0, edge_importance_threshold: 0 });
    expect(all.count).toBe(net.edgeSource.length);
    const strong = edgeInstances(net, palette, { ...defaultRenderingConfig, edge_importance_opacity: 3, edge_importance_threshold: 0 });
    expect(strong.count).toBeGreaterThan(0);
    expect(strong.count).toBeLessThan(all.count);
    const k = 0;
    const e = all.edgeIndex[k];
    const s = net.edgeSource[e] * 3;
    const t = net.edgeTarget[e] * 3;
    const m = all.matrices.subarray(k * 16, k * 16 + 16);
    expect([m[12], m[13], m[14]]).toEqual([net.nodePositions[s], net.nodePositions[s + 1], net.nodePositions[s + 2]]);
    expect(m[12] + m[8]).toBeCloseTo(net.nodePositions[t], 6);
    expect(m[14] + m[10]).toBeCloseTo(net.nodePositions[t + 2], 6);
    expect(importanceAlpha(0.5, 1.1, 0)).toBeCloseTo(0.45, 6);
    expect(importanceAlpha(0, 1.1, 0.2)).toBeCloseTo(-0.1 * 0.8 + 0.2, 6);
  });

  it('aims at nn_vis node mid with z = 0', async () => {
    const net = await smallNetwork();
    const [, , z] = networkTarget(net.nodePositions);
    expect(z).toBe(0);
  });

  it('gives nn_vis colours up to 10 classes and distinct colours beyond', () => {
    expect(Array.from(classPalette(10).subarray(0, 3)).map((v) => +v.toFixed(3))).toEqual([0.133, 0.545, 0.133]);
    const big = classPalette(40);
    const keys = new Set<string>();
    for (let c = 0; c < 40; c++) keys.add(Array.from(big.subarray(c * 3, c * 3 + 3)).map((v) => v.toFixed(2)).join());
    expect(keys.size).toBe(40);
    for (const v of big) expect(v >= 0 && v <= 1).toBe(true);
  });
});

describe('polyline segments', () => {
  it('draws one instance per segment with colours interpolated along the edge', async () => {
    const net = await smallNetwork();
    const p = net.polylinePoints;
    // Give edge 0 a midpoint: three points, two segments.
    const points = new Float32Array(p.length + 3);
    points.set(p.subarray(0, 3), 0);
    points.set([(p[0] + p[3]) / 2 + 0.1, (p[1] + p[4]) / 2, (p[2] + p[5]) / 2], 3);
    points.set(p.subarray(3), 6);
    const curved = { ...net, polylinePoints: points, polylineOffsets: net.polylineOffsets.map((o, i) => (i === 0 ? 0 : o + 1)) };
    const cfg = { ...defaultRenderingConfig, edge_importance_opacity: 0, edge_importance_threshold: 0 };
    const straight = edgeInstances(net, classPalette(3), cfg);
    const bent = edgeInstances(curved, classPalette(3), cfg);
    expect(bent.edges).toBe(straight.edges);
    expect(bent.count).toBe(straight.count + 1);
    expect(Array.from(bent.edgeIndex.subarray(0, 2))).toEqual([0, 0]);
    // Segment 0 ends where segment 1 starts, at the bent midpoint, with the colour halfway along.
    expect(bent.matrices[12] + bent.matrices[8]).toBeCloseTo(points[3], 6);
    expect(bent.matrices[16 + 12]).toBeCloseTo(points[3], 6);
    expect(Array.from(bent.endColors.subarray(0, 4))).toEqual(Array.from(bent.startColors.subarray(4, 8)));
  });
});

describe('limits', () => {
  it('draws only the most visible edges past the segment budget', async () => {
    const net = await smallNetwork();
    const cfg = { ...defaultRenderingConfig, edge_importance_opacity: 1, edge_importance_threshold: 0 };
    const all = edgeInstances(net, classPalette(3), cfg);
    const capped = edgeInstances(net, classPalette(3), cfg, 5);
    expect(capped.count).toBe(5);
    expect(capped.overBudget).toBe(all.edges - 5);
    // The kept edges are the five with the largest alpha.
    const alpha = (inst: typeof all, k: number) => Math.max(inst.startColors[k * 4 + 3], inst.endColors[k * 4 + 3]);
    const allAlphas = Array.from({ length: all.count }, (_, k) => alpha(all, k)).sort((a, b) => b - a);
    const kept = Array.from({ length: capped.count }, (_, k) => alpha(capped, k)).sort((a, b) => b - a);
    expect(kept).toEqual(allAlphas.slice(0, 5));
  });

  it('refuses layouts over the connection budget with both numbers named', () => {
    expect(() => checkConnectionBudget([3000, 3000], 5_000_000)).toThrow('network has 9,000,000 connections; this handles at most 5,000,000 (process it with `npx nnwalk process`');
    expect(checkConnectionBudget([784, 81, 49, 10])).toBe(67963);
  });
});
