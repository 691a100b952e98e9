import { describe, expect, it } from 'vitest';
import { defaultRenderingConfig } from '../../processing/config/rendering-config';
import { checkConnectionBudget } from '../../processing/model/dense-chain';
import { ensureCapacity, selectEdges, selectNodes, writeEdgeRecords, writeNodeRecords } from '../../src/scene/impostor-records';
import { classPalette } from '../../src/scene/palette';
import { activationColor, colorModes, importanceAlpha, networkTarget, paintNodes, signalPaint, sizeScale } from '../../src/scene/network-style';
import { smallNetwork } from '../fixtures/networks';
import { srgbToOklab } from '../../src/scene/oklab';

const all = { ...defaultRenderingConfig, edge_importance_opacity: 0, edge_importance_threshold: 0 };

describe('colour modes (nn_vis §3.4)', () => {
  it('paints All in the leading class\'s colour at its importance, Independent black, Class k as colour_k · f_k with alpha f_k', async () => {
    const net = await smallNetwork();
    const palette = classPalette(3);
    // Output node 1 is one-hot for class 1: the class's own colour at full strength.
    const out1 = 6 + 4 + 1;
    const mixed = paintNodes(net, palette, { kind: 'all' });
    Array.from(mixed.rgb.subarray(out1 * 3, out1 * 3 + 3)).forEach((v, a) => expect(v).toBeCloseTo(palette[3 + a], 4));
    expect(mixed.l2[out1]).toBeCloseTo(1, 6);
    expect(mixed.alpha[out1]).toBeCloseTo(1, 6); // the leading class's importance (nn_vis: the mean, 1/3)
    expect(mixed.edgeAlpha[out1]).toBeCloseTo(1, 6);
    const independent = paintNodes(net, palette, { kind: 'independent' });
    expect(Array.from(independent.rgb).every((v) => v === 0)).toBe(true);
    expect(independent.alpha[out1]).toBeCloseTo(1 / 3, 6); // nn_vis's mean importance
    expect(independent.edgeAlpha[out1]).toBeCloseTo(1 / Math.sqrt(3), 6); // ‖imp‖₂ / √C
    const class1 = paintNodes(net, palette, { kind: 'class', k: 1 });
    expect(class1.alpha[out1]).toBeCloseTo(1, 6);
    expect(class1.edgeAlphaTimesWeight).toBe(false);
    const class0 = paintNodes(net, palette, { kind: 'class', k: 0 });
    expect(class0.alpha[out1]).toBe(0);
    expect(colorModes(3).map((m) => m.kind)).toEqual(['independent', 'all', 'class', 'class', 'class']);
  });

  it('mixes All in OKLab with sharpened shares: a node mostly serving one class keeps that colour, an even one goes grey', async () => {
    const base = await smallNetwork();
    const palette = classPalette(3);
    const C = 3;
    const nodeImportance = Float32Array.from(base.nodeImportance);
    // Node 0: 70 % class 0, node 1: an even share of all three.
    nodeImportance.set([0.7, 0.15, 0.15], 0);
    nodeImportance.set([0.5, 0.5, 0.5], C);
    const paint = paintNodes({ ...base, nodeImportance }, palette, { kind: 'all' });
    const lab = [0, 0, 0];
    const chroma = (i: number) => { srgbToOklab(paint.rgb[i * 3], paint.rgb[i * 3 + 1], paint.rgb[i * 3 + 2], lab); return Math.hypot(lab[1], lab[2]); };
    const class0 = [0, 0, 0];
    srgbToOklab(palette[0], palette[1], palette[2], class0);
    // Cubed shares: 0.7³ / (0.7³ + 2 · 0.15³) ≈ 98 % class 0.
    expect(chroma(0)).toBeGreaterThan(0.9 * Math.hypot(class0[1], class0[2]));
    // An sRGB average of the same shares would keep only about half of that chroma.
    const srgb = [0, 1, 2].map((a) => 0.7 * palette[a] + 0.15 * palette[3 + a] + 0.15 * palette[6 + a]);
    srgbToOklab(srgb[0], srgb[1], srgb[2], lab);
    expect(Math.hypot(lab[1], lab[2])).toBeLessThan(chroma(0) * 0.8);
    expect(chroma(1)).toBeLessThan(0.6 * chroma(0));
    expect(paint.alpha[1]).toBeCloseTo(0.5, 6);
  });

  it('drops hidden classes from the mix and fades nodes serving them', async () => {
    const net = await smallNetwork();
    const palette = classPalette(3);
    const out1 = 6 + 4 + 1;
    const hidden = paintNodes(net, palette, { kind: 'all' }, new Set([1]));
    expect(hidden.alpha[out1]).toBe(0);
    expect(Array.from(hidden.rgb.subarray(out1 * 3, out1 * 3 + 3))).toEqual([0, 0, 0]);
    expect(paintNodes(net, palette, { kind: 'class', k: 1 }, new Set([1])).alpha[out1]).toBe(0);
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

describe('impostor records (nn_vis §3.1)', () => {
  it('sizes node spheres by Size × ‖importance‖₂ (capped by grid spacing only when shaded)', async () => {
    const net = await smallNetwork();
    const paint = paintNodes(net, classPalette(3), { kind: 'all' });
    const out = ensureCapacity(null, 13);
    const cfg = { ...defaultRenderingConfig, node_object_radius: 10 };
    const every = Uint32Array.from({ length: 13 }, (_, i) => i);
    expect(writeNodeRecords(net, paint, cfg, false, every, out)).toBe(13);
    expect(out.matrices[0]).toBeCloseTo(10 * paint.l2[0], 5);
    expect([out.matrices[12], out.matrices[13], out.matrices[14]]).toEqual(Array.from(net.nodePositions.subarray(0, 3)));
    expect(out.importance[0]).toBeCloseTo(paint.l2[0] / Math.sqrt(3), 6);
    writeNodeRecords(net, paint, cfg, true, every, out);
    // 6 inputs → 3×3 grid: cap 0.45 × layer_width / 3.
    expect(out.matrices[0]).toBeCloseTo(0.45 / 3, 6);
    // The threshold selects nodes (the vertex stage applies it again on the GPU).
    expect(selectNodes(paint, { ...cfg, node_importance_threshold: 0 }, false, 3).length).toBe(13);
    expect(selectNodes(paint, { ...cfg, node_importance_threshold: 0.999 }, false, 3).length).toBeLessThan(13);
  });

  it('sizes a many-class network as if it had ten classes, and keeps its threshold value ‖imp‖₂ / √C', async () => {
    const net = await smallNetwork();
    const C = 1000;
    const wide = { ...net, classCount: C, classNames: Array.from({ length: C }, (_, c) => String(c)), nodeImportance: new Float32Array(13 * C).fill(0.5) };
    const paint = paintNodes(wide, classPalette(C), { kind: 'all' });
    // 0.5 for every class: ‖imp‖₂ = 0.5·√1000; sized as 0.5·√10, what ten such classes give.
    expect(paint.l2[0]).toBeCloseTo(0.5 * Math.sqrt(10), 5);
    expect(sizeScale(10)).toBe(1);
    const out = ensureCapacity(null, 13);
    writeNodeRecords(wide, paint, defaultRenderingConfig, false, Uint32Array.from({ length: 13 }, (_, i) => i), out);
    expect(out.importance[0]).toBeCloseTo(0.5, 5);
  });

  it('maps the unit sphere onto an ellipsoid over each segment, shortened at edge ends', async () => {
    const net = await smallNetwork();
    const p = net.polylinePoints;
    // Edge 0 bent at a midpoint: three points, two segments, both touching an end.
    const points = new Float32Array(p.length + 3);
    points.set(p.subarray(0, 3), 0);
    points.set([(p[0] + p[3]) / 2 + 0.1, (p[1] + p[4]) / 2, (p[2] + p[5]) / 2], 3);
    points.set(p.subarray(3), 6);
    const curved = { ...net, polylinePoints: points, polylineOffsets: net.polylineOffsets.map((o, i) => (i === 0 ? 0 : o + 1)) };
    const paint = paintNodes(curved, classPalette(3), { kind: 'all' });
    const chosen = selectEdges(curved, paint, all, false, 1e9);
    expect(chosen.edges.length).toBe(net.edgeSource.length);
    expect(chosen.segments).toBe(net.edgeSource.length + 1);
    const out = ensureCapacity(null, chosen.segments);
    const edgeOf = new Uint32Array(chosen.segments);
    expect(writeEdgeRecords(curved, paint, all, chosen.edges, out, { edgeOf })).toBe(chosen.segments);
    expect(Array.from(edgeOf.subarray(0, 3))).toEqual([0, 0, 1]);
    const m = out.matrices;
    // Segment 0: centre at the midpoint of points 0 and 1; main axis along it with half-length |AB|/2 + r.
    const ax = points[3] - points[0];
    const ay = points[4] - points[1];
    const az = points[5] - points[2];
    const len = Math.hypot(ax, ay, az);
    expect(m[12]).toBeCloseTo(points[0] + ax / 2, 6);
    const r = Math.hypot(m[4], m[5], m[6]);
    expect(Math.hypot(m[0], m[1], m[2])).toBeCloseTo(len / 2 + r, 5);
    expect(r).toBeCloseTo(Math.hypot(m[8], m[9], m[10]), 6);
    // The three axes are orthogonal.
    expect(m[0] * m[4] + m[1] * m[5] + m[2] * m[6]).toBeCloseTo(0, 6);
    expect(m[4] * m[8] + m[5] * m[9] + m[6] * m[10]).toBeCloseTo(0, 6);
    expect(importanceAlpha(0.5, 1.1, 0)).toBeCloseTo(0.45, 6);
  });

  it('leaves out edges the threshold or the importance opacity would hide, and keeps the most important past the budget', async () => {
    const net = await smallNetwork();
    const paint = paintNodes(net, classPalette(3), { kind: 'all' });
    const every = selectEdges(net, paint, all, false, 1e9);
    const strong = selectEdges(net, paint, { ...all, edge_importance_opacity: 3 }, false, 1e9);
    expect(strong.edges.length).toBeGreaterThan(0);
    expect(strong.edges.length).toBeLessThan(every.edges.length);
    // Shaded ignores opacity: only the threshold counts.
    expect(selectEdges(net, paint, { ...all, edge_importance_opacity: 3 }, true, 1e9).edges.length).toBe(every.edges.length);
    expect(selectEdges(net, paint, { ...all, edge_importance_threshold: 1 }, false, 1e9).edges.length).toBe(0);
    const capped = selectEdges(net, paint, all, false, 5);
    expect(capped.segments).toBe(5);
    expect(capped.overBudget).toBe(every.edges.length - 5);
  });

  it('aims at nn_vis node mid with z = 0', async () => {
    const net = await smallNetwork();
    expect(networkTarget(net.nodePositions)[2]).toBe(0);
  });

  it('refuses layouts over the connection budget with both numbers named', () => {
    expect(() => checkConnectionBudget([3000, 3000], 5_000_000)).toThrow('network has 9,000,000 connections; this handles at most 5,000,000 (process it with `npx nnwalk process`');
    expect(checkConnectionBudget([784, 81, 49, 10])).toBe(67963);
  });
});

describe('live-input paint', () => {
  it('activation view: node size, ramp colour and alpha follow the activation; edges carry |w|·a of their source', async () => {
    const net = await smallNetwork();
    const n = net.nodePositions.length / 3;
    const importance = paintNodes(net, classPalette(3), { kind: 'all' });
    const act = Float32Array.from({ length: n }, (_, i) => (i % 4) / 3);
    const live = signalPaint(importance, act, 1);
    const ramp = new Float32Array(3);
    for (let i = 0; i < n; i++) {
      expect(live.l2[i]).toBeCloseTo(act[i], 6);
      expect(live.alpha[i]).toBeCloseTo(act[i], 6);
      activationColor(act[i], ramp, 0);
      expect(Array.from(live.rgb.subarray(i * 3, i * 3 + 3)).map((v, a) => Math.abs(v - ramp[a]) < 1e-6)).toEqual([true, true, true]);
    }
    // Edge alpha a·w, its threshold value w·a of the source.
    const chosen = selectEdges(net, importance, all, false, 1e9);
    const out = ensureCapacity(null, chosen.segments);
    writeEdgeRecords(net, live, all, chosen.edges, out, { geometry: importance });
    const e = chosen.edges[0];
    const s = net.edgeSource[e];
    expect(out.importance[0]).toBeCloseTo(net.edgeImportance[e] * act[s], 6);
    // Blend sits half way; a length mismatch is named.
    expect(signalPaint(importance, act, 0.5).l2[5]).toBeCloseTo((importance.l2[5] + act[5]) / 2, 6);
    expect(() => signalPaint(importance, new Float32Array(2), 1)).toThrow(`activations for 2 nodes do not fit a network of ${n}`);
  });

  it('rewrites only colours and thresholds when asked to keep the matrices', async () => {
    const net = await smallNetwork();
    const importance = paintNodes(net, classPalette(3), { kind: 'all' });
    const chosen = selectEdges(net, importance, all, false, 1e9);
    const out = ensureCapacity(null, chosen.segments);
    writeEdgeRecords(net, importance, all, chosen.edges, out);
    const matrices = out.matrices.slice();
    const act = new Float32Array(net.nodePositions.length / 3).fill(0.5);
    writeEdgeRecords(net, signalPaint(importance, act, 1), all, chosen.edges, out, { geometry: importance, matrices: false });
    expect(Array.from(out.matrices)).toEqual(Array.from(matrices));
  });
});
