import { describe, expect, it } from 'vitest';
import { defaultRenderingConfig } from '../../processing/config/rendering-config';
import { classPalette } from '../../src/scene/palette';
import { edgeInstances, importanceAlpha, networkTarget, nodeInstances, nodeSummaries } from '../../src/scene/straight-style';
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
