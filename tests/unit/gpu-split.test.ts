/** Planning the WebGPU backend's split into edge chunks and grid z-slabs (gpu/split.ts): pure, no GPU. */
import { describe, expect, it } from 'vitest';
import { kSlabHalo, planChunks, planSlabs } from '../../processing/bundling/gpu/split';

describe('edge chunks', () => {
  const gapStart = Uint32Array.from([0, 5, 5, 12]); // three gaps, the middle one empty
  const slotStart = Uint32Array.from({ length: 13 }, (_, e) => e * 10); // 10 slots per edge

  it('keep one chunk per gap when everything fits', () => {
    expect(planChunks(gapStart, slotStart, 4, 1 << 20)).toEqual([
      [{ from: 0, to: 5, slotFrom: 0, slotTo: 50 }], [], [{ from: 5, to: 12, slotFrom: 50, slotTo: 120 }],
    ]);
  });

  it('cut gaps into contiguous chunks within the limit, never across a gap', () => {
    const limit = 2 * 25 * 12; // points of 25 slots (both halves): two edges of 10 slots per chunk
    const gaps = planChunks(gapStart, slotStart, 4, limit);
    expect(gaps.map((g) => g.map((c) => [c.from, c.to]))).toEqual([[[0, 2], [2, 4], [4, 5]], [], [[5, 7], [7, 9], [9, 11], [11, 12]]]);
    for (const c of gaps.flat()) {
      expect(2 * (c.slotTo - c.slotFrom) * 12).toBeLessThanOrEqual(limit);
      expect([c.slotFrom, c.slotTo]).toEqual([slotStart[c.from], slotStart[c.to]]);
    }
  });

  it('count the class lines too, and name an edge that cannot fit alone', () => {
    // 40 classes: 320 bytes of lines per edge outweigh its 240 bytes of points.
    expect(planChunks(gapStart, slotStart, 40, 700)[0].map((c) => c.to - c.from)).toEqual([2, 2, 1]);
    expect(() => planChunks(gapStart, slotStart, 4, 200)).toThrow('edge 0 needs 10 samples, more than one GPU buffer binding holds (200 bytes)');
  });
});

describe('grid z-slabs', () => {
  it('keep a grid that fits whole', () => {
    expect(planSlabs(10, 10, 8, 800)).toEqual([{ z0: 0, nz: 8, own0: 0, own1: 8 }]);
  });

  it('partition the layers, store a halo of two each side and stay within the cell budget', () => {
    const slabs = planSlabs(10, 10, 23, 900); // 9 layers stored: 5 own + 2 × 2 halo
    expect(slabs.map((s) => [s.own0, s.own1])).toEqual([[0, 5], [5, 10], [10, 15], [15, 20], [20, 23]]);
    for (const s of slabs) {
      expect(s.nz * 100).toBeLessThanOrEqual(900);
      expect(s.z0).toBe(Math.max(0, s.own0 - kSlabHalo));
      expect(s.z0 + s.nz).toBe(Math.min(23, s.own1 + kSlabHalo));
    }
  });

  it('name a grid whose layer is too large to split along z', () => {
    expect(() => planSlabs(100, 100, 5, 40_000)).toThrow('a 100 × 100 cell layer of the density grid (with its 4 halo layers) exceeds one GPU buffer binding (40000 cells)');
  });
});
