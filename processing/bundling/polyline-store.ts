/**
 * Polylines in fixed-capacity slots of one Float32Array (x, y, z per point). Passes work edge by edge in
 * place (through small scratch buffers), so nothing is allocated inside iterations.
 */

/** How much longer than straight an edge may grow before resampling coarsens it. */
export const kMaxGrowth = 3;

export interface PolylineStore {
  edges: number;
  /** First point slot of each edge (length E + 1). */
  slotStart: Uint32Array;
  /** Points in use per edge. */
  count: Uint32Array;
  /** Points, slot by slot. */
  points: Float32Array;
}

/** Allocates slots sized for straight lengths up to `kMaxGrowth` × their length at spacing `sampleLength`. */
export function createPolylineStore(straightLengths: Float32Array, sampleLength: number): PolylineStore {
  const edges = straightLengths.length;
  const slotStart = new Uint32Array(edges + 1);
  for (let e = 0; e < edges; e++) slotStart[e + 1] = slotStart[e] + Math.ceil((kMaxGrowth * straightLengths[e]) / sampleLength) + 4;
  const total = slotStart[edges] * 3;
  return { edges, slotStart, count: new Uint32Array(edges), points: new Float32Array(total) };
}

/** Total points in use. */
export function totalPoints(store: PolylineStore): number {
  let n = 0;
  for (let e = 0; e < store.edges; e++) n += store.count[e];
  return n;
}

/** Packs the used points into CSR arrays (offsets in points). */
export function toCsr(store: PolylineStore): { offsets: Uint32Array; points: Float32Array } {
  const offsets = new Uint32Array(store.edges + 1);
  for (let e = 0; e < store.edges; e++) offsets[e + 1] = offsets[e] + store.count[e];
  const points = new Float32Array(offsets[store.edges] * 3);
  for (let e = 0; e < store.edges; e++) {
    const from = store.slotStart[e] * 3;
    points.set(store.points.subarray(from, from + store.count[e] * 3), offsets[e] * 3);
  }
  return { offsets, points };
}

/** Points in the largest slot (sizes the per-edge scratch buffers). */
export function largestSlot(store: PolylineStore): number {
  let m = 0;
  for (let e = 0; e < store.edges; e++) m = Math.max(m, store.slotStart[e + 1] - store.slotStart[e]);
  return m;
}
