/** The pure pieces behind the first view: camera fit, OKLab, contrast, draw-limit ranking, Strong only thresholds, the bar's words, file sniffing. */
import { describe, expect, it } from 'vitest';
import { defaultRenderingConfig, kGpuSegmentBudget, kSoftwareSegmentBudget } from '../../processing/config/rendering-config';
import { describeKind, sniffFile } from '../../processing/format/sniff';
import { parseLayerSizes } from '../../processing/network/layer-sizes';
import { kIdleBundling } from '../../src/app/store';
import { selectEdges, strongestThresholds } from '../../src/scene/impostor-records';
import { paintNodes } from '../../src/scene/network-style';
import { chroma255, oklabToSrgb, oklchToSrgb, srgbToOklab } from '../../src/scene/oklab';
import { classPalette } from '../../src/scene/palette';
import { isSoftwareRenderer } from '../../src/scene/render-budget';
import { fitView, obliqueDirection, viewBasis } from '../../src/scene/view-fit';
import { runningLabel } from '../../src/ui/bundling-bar';
import { contrastRatio, readableTextOn, relativeLuminance } from '../../src/ui/contrast';
import { smallNetwork } from '../fixtures/networks';

/** Projects points with the fitted camera (vertical fov, canvas aspect) into canvas pixels. */
function project(points: number[][], fit: ReturnType<typeof fitView>, direction: [number, number, number], fovY: number, canvas: { width: number; height: number }): number[][] {
  const b = viewBasis(direction);
  const tanY = Math.tan(fovY / 2);
  const tanX = tanY * (canvas.width / canvas.height);
  return points.map((p) => {
    const q = [p[0] - fit.position[0], p[1] - fit.position[1], p[2] - fit.position[2]];
    const depth = q[0] * b.forward[0] + q[1] * b.forward[1] + q[2] * b.forward[2];
    const x = (q[0] * b.right[0] + q[1] * b.right[1] + q[2] * b.right[2]) / (depth * tanX);
    const y = (q[0] * b.up[0] + q[1] * b.up[1] + q[2] * b.up[2]) / (depth * tanY);
    return [((x + 1) / 2) * canvas.width, ((1 - y) / 2) * canvas.height];
  });
}

describe('camera fit', () => {
  it('frames points inside the free rectangle, filling it along one side, for any free rectangle', () => {
    const points: number[][] = [];
    for (let i = 0; i < 200; i++) points.push([Math.sin(i) * 0.5, Math.cos(i * 1.7) * 0.5, ((i % 7) - 3) * 0.2]);
    const canvas = { width: 1280, height: 800 };
    const direction = obliqueDirection(0.6, 0.1);
    for (const free of [{ x: 0, y: 0, width: 1280, height: 800 }, { x: 170, y: 10, width: 1100, height: 780 }, { x: 20, y: 300, width: 500, height: 400 }]) {
      const fit = fitView({ points: points.flat(), direction, fovY: 0.4, canvas, free });
      const px = project(points, fit, direction, 0.4, canvas);
      const xs = px.map((p) => p[0]);
      const ys = px.map((p) => p[1]);
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(free.x - 1e-6);
      expect(Math.max(...xs)).toBeLessThanOrEqual(free.x + free.width + 1e-6);
      expect(Math.min(...ys)).toBeGreaterThanOrEqual(free.y - 1e-6);
      expect(Math.max(...ys)).toBeLessThanOrEqual(free.y + free.height + 1e-6);
      const fillX = (Math.max(...xs) - Math.min(...xs)) / free.width;
      const fillY = (Math.max(...ys) - Math.min(...ys)) / free.height;
      expect(Math.max(fillX, fillY)).toBeCloseTo(0.95, 2);
      // Centred in the free rectangle.
      expect((Math.max(...xs) + Math.min(...xs)) / 2).toBeCloseTo(free.x + free.width / 2, 0);
    }
  });

  it('grows points by their radii, and refuses nothing to frame', () => {
    const canvas = { width: 800, height: 600 };
    const direction = obliqueDirection(0, 0);
    const bare = fitView({ points: [0, -1, 0, 0, 1, 0], direction, fovY: 0.5, canvas, free: { x: 0, y: 0, ...canvas } });
    const padded = fitView({ points: [0, -1, 0, 0, 1, 0], radii: [0.5, 0.5], direction, fovY: 0.5, canvas, free: { x: 0, y: 0, ...canvas } });
    expect(padded.distance).toBeGreaterThan(bare.distance * 1.3);
    expect(() => fitView({ points: [], direction, fovY: 0.5, canvas, free: { x: 0, y: 0, ...canvas } })).toThrow('no points to frame');
  });

  it('looks from the input side with the input on the left (right axis along +z, −x)', () => {
    const b = viewBasis(obliqueDirection((38 * Math.PI) / 180, (6 * Math.PI) / 180));
    expect(b.right[2]).toBeGreaterThan(0.5); // output (+z) to the right
    expect(b.right[0]).toBeLessThan(0); // column 0 of an input image (+x) to the left
    expect(b.up[1]).toBeGreaterThan(0.9);
  });
});

describe('colour', () => {
  it('converts sRGB ↔ OKLab (round trip, white and a known red)', () => {
    const lab = [0, 0, 0];
    srgbToOklab(1, 1, 1, lab);
    expect(lab[0]).toBeCloseTo(1, 4);
    expect(Math.hypot(lab[1], lab[2])).toBeLessThan(1e-4);
    srgbToOklab(1, 0, 0, lab);
    expect(lab.map((v) => +v.toFixed(3))).toEqual([0.628, 0.225, 0.126]);
    const back = [0, 0, 0];
    for (const rgb of [[0.133, 0.545, 0.133], [0.2, 0.4, 0.9], [0.9, 0.9, 0.1]]) {
      srgbToOklab(rgb[0], rgb[1], rgb[2], lab);
      oklabToSrgb(lab[0], lab[1], lab[2], back);
      back.forEach((v, a) => expect(v).toBeCloseTo(rgb[a], 4));
    }
    expect(chroma255(128, 128, 128)).toBeLessThan(1e-4);
    expect(oklchToSrgb(0.7, 0, 0).map((v) => +v.toFixed(3))).toEqual(Array(3).fill(+oklchToSrgb(0.7, 0, 0)[0].toFixed(3)));
  });

  it('picks class-chip text with a contrast of at least 4.5:1 on every class colour', () => {
    expect(contrastRatio(relativeLuminance(1, 1, 1), relativeLuminance(0, 0, 0))).toBeCloseTo(21, 5);
    for (const C of [3, 10, 40]) {
      const palette = classPalette(C);
      for (let c = 0; c < C; c++) {
        const rgb = palette.subarray(c * 3, c * 3 + 3);
        const text = readableTextOn(rgb) === '#fff' ? 1 : 0;
        expect(contrastRatio(relativeLuminance(rgb[0], rgb[1], rgb[2]), relativeLuminance(text, text, text))).toBeGreaterThanOrEqual(4.5);
      }
    }
    expect(readableTextOn([0, 0, 0.545])).toBe('#fff'); // nn_vis's dark blue
    expect(readableTextOn([1, 1, 0])).toBe('#000'); // yellow
  });
});

describe('what is drawn', () => {
  it('keeps the most visible edges past the draw limit, and says how many segments all would take', async () => {
    const net = await smallNetwork();
    const paint = paintNodes(net, classPalette(3), { kind: 'all' });
    const cfg = { ...defaultRenderingConfig, edge_importance_opacity: 0, edge_importance_threshold: 0 };
    const every = selectEdges(net, paint, cfg, false, 1e9);
    const capped = selectEdges(net, paint, cfg, false, 3);
    expect(capped.segments).toBe(3);
    expect(capped.segmentsWanted).toBe(every.segments);
    expect(capped.overBudget).toBe(every.edges.length - 3);
    // The kept ones are the three with the largest best-case alpha × |w|.
    const value = (e: number) => Math.max(paint.edgeAlpha[net.edgeSource[e]], paint.edgeAlpha[net.edgeTarget[e]]) * net.edgeImportance[e] ** 2;
    const ranked = Array.from(every.edges).sort((a, b) => value(b) - value(a) || a - b).slice(0, 3).sort((a, b) => a - b);
    expect(Array.from(capped.edges)).toEqual(ranked);
  });

  it('finds Strong only\'s thresholds at the asked shares of edges and nodes', async () => {
    const net = await smallNetwork();
    const t = strongestThresholds(net, 0.25, 0.5);
    const mean = (i: number) => Array.from(net.nodeImportance.subarray(i * 3, i * 3 + 3)).reduce((a, b) => a + b, 0) / 3;
    const edgeValues = Array.from(net.edgeImportance, (w, e) => w * mean(net.edgeSource[e]));
    const kept = edgeValues.filter((v) => v > t.edge).length;
    expect(kept).toBeGreaterThanOrEqual(Math.floor(0.25 * edgeValues.length));
    expect(kept).toBeLessThanOrEqual(Math.ceil(0.25 * edgeValues.length) + 1);
    expect(t.node).toBeGreaterThan(0);
    expect(t.edge).toBeLessThanOrEqual(1);
  });

  it('chooses the automatic draw limit from the renderer\'s name', () => {
    for (const name of ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)', 'llvmpipe (LLVM 15.0.6, 256 bits)', 'Microsoft Basic Render Driver']) expect(isSoftwareRenderer(name)).toBe(true);
    for (const name of ['ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0)', 'Adreno (TM) 740', 'Apple M2']) expect(isSoftwareRenderer(name)).toBe(false);
    expect(kSoftwareSegmentBudget).toBeLessThan(kGpuSegmentBudget);
  });
});

describe('words', () => {
  it('the bundling bar names the iteration being worked on, and never stops one short', () => {
    const b = { ...kIdleBundling, state: 'running' as const, stage: 'edges' as const, iterations: 23 };
    expect(runningLabel({ ...b, iteration: 0 })).toBe('edges, iteration 1 of 23');
    expect(runningLabel({ ...b, iteration: 22 })).toBe('edges, iteration 23 of 23');
    expect(runningLabel({ ...b, iteration: 23 })).toBe('edges, all 23 iterations done, finishing');
    expect(runningLabel({ ...b, stage: 'nodes' })).toBe('arranging nodes');
  });

  it('parses typed layer sizes, naming the bad one', () => {
    expect(parseLayerSizes('100-50-10', 1000)).toEqual([100, 50, 10]);
    expect(parseLayerSizes(' 7, 3 2 ', 1000)).toEqual([7, 3, 2]);
    expect(() => parseLayerSizes('100,abc,10', 1000)).toThrow('layer sizes: layer 2 must be a whole number from 1 to 1000, got "abc"');
    expect(() => parseLayerSizes('5', 1000)).toThrow('give at least two layers');
    expect(() => parseLayerSizes('5-5000', 1000)).toThrow('layer 2 must be a whole number from 1 to 1000, got "5000"');
  });

  it('tells files apart by their first bytes', () => {
    const text = (t: string) => new TextEncoder().encode(t);
    expect(sniffFile(text('NNWALKPN\x01\x00\x00\x00'))).toBe('nnwalk');
    expect(sniffFile(text('  {"format": "layers-model", "modelTopology": {}}'))).toBe('tfjs-model');
    expect(sniffFile(text('{"inputs": []}'))).toBe('json');
    expect(sniffFile(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0]))).toBe('zip');
    expect(sniffFile(Uint8Array.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('hdf5');
    expect(sniffFile(Uint8Array.from([0x80, 0x02, 0x63]))).toBe('pickle');
    expect(sniffFile(text('hello'))).toBe('unknown');
    expect(sniffFile(new Uint8Array(0))).toBe('unknown');
    expect(describeKind('tfjs-model')).toBe('a tfjs model (model.json)');
  });
});
