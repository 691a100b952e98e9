/** Feature-map tiles without a GPU: atlas packing and indexing, colour ranges, the diverging map, tile frames and picking, tile records. */
import { describe, expect, it } from 'vitest';
import { colourRange, emptyExtent, layoutAtlas, texelOf, valueOffset, writePlane } from '../../processing/tiles/tile-atlas';
import { divergingColor, kDivergingLight } from '../../src/scene/diverging';
import { hitTile, kMaxTilt, tileFrame } from '../../src/scene/tiles/tile-orientation';
import { kBaseSplit, kTileStride, squareImageShape, tileRecords } from '../../src/scene/tiles/tile-records';
import { forwardGraph } from '../../processing/nn/graph-forward';
import { resnetNetwork } from '../fixtures/cnn-networks';
import { interleavePreferred, preferredShape } from '../../processing/tiles/preferred-atlas';
import { kBeatsFrame, kShortFrame, preferredRecords } from '../../src/scene/tiles/preferred-records';
import { mergeVisuals } from '../../src/app/preferred-visuals';

describe('feature-map atlas', () => {
  it('packs spatial planes on whole rows and finds every value where the forward pass put it', () => {
    const layout = layoutAtlas([[5, 4, 3], [7], null, [2, 2, 10]], 16);
    // 16 RGBA texels a row: 64 values.
    expect(layout.width).toBe(16);
    expect(Array.from(layout.slot)).toEqual([0, -1, -1, 1]);
    const [a, b] = layout.planes;
    // 60 values + 2 aggregate maps of 20 = 100 → 2 rows; then 40 + 8 = 48 → 1 row.
    expect([a.row0, a.rows, b.row0, b.rows, layout.height]).toEqual([0, 2, 2, 1, 3]);
    expect([a.meanBase, a.maxBase, b.base]).toEqual([60, 80, 128]);
    const atlas = new Float32Array(layout.width * layout.height * 4);
    const values = Float32Array.from({ length: 60 }, (_, i) => i * (i % 2 ? -1 : 1));
    const extent = emptyExtent(a);
    expect(writePlane(a, values, atlas, extent)).toBe(true);
    // Value (y, x, c) of an H × W × C array sits at (y·W + x)·C + c.
    for (let y = 0; y < 5; y++) for (let x = 0; x < 4; x++) for (let c = 0; c < 3; c++) {
      const [col, row, component] = texelOf(layout, valueOffset(a, y, x, c));
      expect(atlas[(row * layout.width + col) * 4 + component]).toBe(values[(y * 4 + x) * 3 + c]);
    }
    // Pixel (1, 2): channels 18, −19, 20 → mean 19/3, max 20.
    expect(atlas[a.meanBase + 6]).toBeCloseTo(19 / 3, 5);
    expect(atlas[a.maxBase + 6]).toBe(20);
    expect(Array.from(extent.map)).toEqual([57, 58, 59]);
    expect(extent.plane).toBe(59);
    // The aggregates' own ranges: the largest |mean| and |max| over the pixels.
    expect(extent.max).toBe(Math.max(...Array.from({ length: 20 }, (_, p) => Math.abs(atlas[a.maxBase + p]))));
    expect(extent.mean).toBeCloseTo(Math.max(...Array.from({ length: 20 }, (_, p) => Math.abs(atlas[a.meanBase + p]))), 5);
    // The same values again change nothing (no upload needed).
    expect(writePlane(a, values, atlas, extent)).toBe(false);
    expect(() => writePlane(a, new Float32Array(59), atlas, extent)).toThrow(/5 × 4 × 3 = 60 values; the input gave 59/);
  });

  it('refuses maps that no texture of the GPU holds, in one sentence', () => {
    expect(() => layoutAtlas([[100, 100, 100]], 256)).toThrow(/feature maps hold .* values: more than one 256 × 256 RGBA float texture/);
  });

  it('gives each mode its range: the map\'s, the plane\'s, or the global largest |value|', () => {
    const extent = { map: Float32Array.of(2, 0, 8), plane: 8, mean: 0, max: 0 };
    expect([colourRange('map', extent, 0, 20), colourRange('plane', extent, 0, 20), colourRange('global', extent, 0, 20)]).toEqual([2, 8, 20]);
    // A silent map keeps range 1 (it paints as zero instead of dividing by zero).
    expect(colourRange('map', extent, 1, 20)).toBe(1);
  });
});

describe('diverging colours', () => {
  it('keeps negative, zero and positive apart: blue, near white, red; clamps beyond the range and treats NaN as zero', () => {
    const out = new Float32Array(3);
    divergingColor(-5, 5, out, 0);
    expect(Array.from(out)).toEqual(Array.from(Float32Array.from(kDivergingLight[0])));
    divergingColor(0, 5, out, 0);
    expect(Math.min(...out)).toBeGreaterThan(0.95);
    divergingColor(50, 5, out, 0);
    expect(out[0]).toBeGreaterThan(out[2] + 0.4);
    divergingColor(-2.5, 5, out, 0);
    expect(out[2]).toBeGreaterThan(out[0] + 0.3);
    divergingColor(Number.NaN, 5, out, 0);
    expect(Math.min(...out)).toBeGreaterThan(0.95);
  });
});

describe('tile frames', () => {
  it('reads like the grid from the input side (column 0 at +x on the left, row 0 up) and is not mirrored from the output side', () => {
    const input = tileFrame([0, 0, 0], [0, 0, -3]);
    expect(input.normal).toEqual([0, 0, -1]);
    expect(input.up.map((v) => Math.abs(v) < 1e-9 ? 0 : v)).toEqual([0, 1, 0]);
    expect(input.right[0]).toBeCloseTo(-1);
    const output = tileFrame([0, 0, 0], [0, 0, 3]);
    expect(output.right[0]).toBeCloseTo(1);
  });

  it('turns towards a side camera just enough to be seen at the largest tilt', () => {
    const f = tileFrame([0, 0, 0], [-3, 0, -0.1]);
    const toCamera = [-3, 0, -0.1].map((v) => v / Math.hypot(3, 0.1));
    const angle = Math.acos(f.normal.reduce((s, n, i) => s + n * toCamera[i], 0));
    expect(angle).toBeCloseTo(kMaxTilt, 5);
    // Within the tilt the tile stays in its plane.
    expect(tileFrame([0, 0, 0], [-1, 0, -3]).normal).toEqual([0, 0, -1]);
  });

  it('maps a ray to the texel under it: top-left from the input side is texel (0, 0)', () => {
    const frame = tileFrame([0, 0, 0], [0, 0, -3]);
    const hit = hitTile([0.9, 0.9, -3], [0, 0, 1], [0, 0, 0], 1, frame)!;
    expect(hit.t).toBeCloseTo(3);
    expect(hit.u).toBeCloseTo(0.05);
    expect(hit.v).toBeCloseTo(0.05);
    expect(hitTile([1.5, 0, -3], [0, 0, 1], [0, 0, 0], 1, frame)).toBeNull();
  });
});

describe('tile records', () => {
  it('gives every channel of every spatial plane a tile at its node, one aggregate for a collapsed plane, and fades their nodes', async () => {
    const { graph, cg, net } = await resnetNetwork();
    const shapes = net.planes!.map((p) => (p.shape.length === 3 ? p.shape : null));
    const layout = layoutAtlas(shapes, 8192);
    const atlas = new Float32Array(layout.width * layout.height * 4);
    const pass = forwardGraph(graph, new Float32Array(784).fill(0.5), 1);
    const extents = layout.planes.map((q) => {
      const e = emptyExtent(q);
      writePlane(q, pass.values[cg.planes[q.plane].op], atlas, e);
      return e;
    });
    const spatial = net.planes!.filter((p) => p.shape.length === 3);
    const channels = spatial.reduce((n, p) => n + p.shape[2], 0);
    const settings = { range: 'plane' as const, aggregate: 'mean' as const, collapsed: new Set<number>(), ink: true, selected: -1 };
    const all = tileRecords(net, layout, extents, settings);
    expect(all.instances.length).toBe(channels);
    expect(all.records.length).toBe(channels * kTileStride);
    const first = all.instances.find((t) => t.plane === 1)!;
    const k = all.instances.indexOf(first);
    // Centre = the node's position; the atlas base is split hi·4096 + lo; the plane range gives 1 / range.
    expect(Array.from(all.records.subarray(k * 16, k * 16 + 3))).toEqual(Array.from(net.nodePositions.subarray(first.node * 3, first.node * 3 + 3)));
    expect(all.records[k * 16 + 4] * kBaseSplit + all.records[k * 16 + 5]).toBe(layout.planes[layout.slot[1]].base);
    expect(all.records[k * 16 + 10]).toBeCloseTo(1 / extents[layout.slot[1]].plane, 6);
    expect(all.nodeTile[first.node]).toBeGreaterThan(0);
    const collapsed = tileRecords(net, layout, extents, { ...settings, collapsed: new Set([1]) });
    const agg = collapsed.instances.filter((t) => t.plane === 1);
    expect(agg).toHaveLength(1);
    expect(agg[0].channel).toBe(-1);
    expect(collapsed.instances.length).toBe(channels - net.planes![1].shape[2] + 1);
  });

  it('preferred-input view: a unit\'s image sits where its tile\'s lookup reads it, framed by its honesty; only computed units get tiles', async () => {
    const { net } = await resnetNetwork();
    const p = net.planes!.findIndex((q, i) => i > 0 && q.shape.length === 3);
    const U = net.layerSizes[p];
    const shape = { h: 28, w: 28, c: 1 };
    // Two of the plane's units computed (a selected node, then another): unit 1 beats its held-out max, unit 3 does not.
    const result = (units: number[], reached: number[]) => ({
      kind: 'visualize' as const, plane: net.planes![p].name, planeIndex: p, units, unitCount: U, spatial: true, shape, range: [-1, 1] as [number, number],
      images: Float32Array.from({ length: units.length * 784 }, (_, i) => ((units[Math.floor(i / 784)] * 7 + i) % 13) / 6.5 - 1),
      reached: Float32Array.from(reached), heldOutMean: new Float32Array(U).fill(0.5), heldOutMax: new Float32Array(U).fill(1), ms: 1, engine: 'cpu',
    });
    const first = mergeVisuals(null, result([1], [2]));
    const v = mergeVisuals(first, result([3], [0.9]));
    expect([first.have[3], v.have[1], v.have[3], v.reached[1], v.reached[3]]).toEqual([0, 1, 1, 2, Float32Array.from([0.9])[0]]);
    const layout = layoutAtlas([[28, 28, 1], ...net.planes!.slice(1).map((_, i) => (i + 1 === p ? preferredShape(v) : null))], 8192);
    const q = layout.planes[layout.slot[p]];
    const atlas = new Float32Array(layout.width * layout.height * 4);
    writePlane(q, interleavePreferred(v, new Float32Array(q.height * q.width * q.channels)), atlas, emptyExtent(q));
    const built = preferredRecords(net, layout, [v], { ink: true, selected: -1 });
    // The input plane's tile, then units 1 and 3 at their nodes.
    expect(built.instances.map((t) => [t.plane, t.channel])).toEqual([[0, 0], [p, 1], [p, 3]]);
    for (const [k, u] of [[1, 1], [2, 3]]) {
      const r = built.records.subarray(k * kTileStride, (k + 1) * kTileStride);
      const base = r[4] * kBaseSplit + r[5];
      // The shader's lookup: base + (y·W + x)·channels + channel, display value = (v − lo) / (hi − lo).
      for (const [y, x] of [[0, 0], [13, 20], [27, 27]]) {
        expect(atlas[base + (y * 28 + x) * r[6] + r[7]]).toBeCloseTo((v.images[u * 784 + y * 28 + x] + 1) / 2, 6);
      }
      expect(Array.from(r.subarray(12, 15))).toEqual(Array.from(Float32Array.from(u === 1 ? kBeatsFrame : kShortFrame)));
      expect(built.nodeTile[built.instances[k].node]).toBeGreaterThan(0);
    }
    // Visuals of another network (a plane of another size) draw nothing.
    expect(preferredRecords(net, layout, [{ ...v, unitCount: U + 1 }], { ink: true, selected: -1 }).instances).toHaveLength(1);
  });

  it('reads an MLP\'s square input layer as an image', () => {
    expect(squareImageShape(784)).toEqual([28, 28, 1]);
    expect(squareImageShape(100)).toEqual([10, 10, 1]);
    expect(squareImageShape(81 * 2)).toBeNull();
  });
});

describe('random CNN for scale checks', () => {
  it('parses its spec, refuses bad ones in a sentence, and builds 10,003 channels of 32 × 32 maps by default', async () => {
    const { parseRandomCnn, randomCnnGraph } = await import('../../processing/graph/random-cnn');
    expect(parseRandomCnn('cnn')).toEqual({ planes: 10, channels: 1000, side: 32 });
    expect(parseRandomCnn('cnn:3x8@16')).toEqual({ planes: 3, channels: 8, side: 16 });
    expect(() => parseRandomCnn('cnn:3x8')).toThrow(/is not a random CNN: write cnn:PLANESxCHANNELS@SIDE/);
    expect(() => parseRandomCnn('cnn:0x8@16')).toThrow(/planes must be 1–50/);
    expect(() => parseRandomCnn('cnn:50x4096@128')).toThrow(/M map values: at most 64 M/);
    const graph = randomCnnGraph(parseRandomCnn('cnn'));
    const spatial = graph.ops.filter((o) => o.shape.length === 3);
    expect(spatial.reduce((n, o) => n + o.shape[2], 0)).toBe(10_003);
    expect(spatial.every((o) => o.shape[0] === 32 && o.shape[1] === 32)).toBe(true);
    // Seeded: the same spec gives the same weights.
    const again = randomCnnGraph(parseRandomCnn('cnn'));
    expect((again.ops[1] as { kernel: Float32Array }).kernel).toEqual((graph.ops[1] as { kernel: Float32Array }).kernel);
  });
});
