/**
 * nn_vis's node phase (spec §1.6–1.8): every node is projected onto one 2D class-density grid and moves in
 * its layer plane by 0.2·h along the class-aware gradient (weights imp/‖imp‖), h shrinking by
 * node_bandwidth_reduction until below the limit; nodes stay inside a fixed box.
 *
 * Deviation (fixing nn_vis's collapse on large layers, spec §10): the advected positions only decide the
 * *arrangement*. At the end every moved layer is put back on its own grid slots by rank (rows by y, then
 * x within a row), so nodes with similar class importance end up next to each other while the layer keeps
 * its exact grid spacing. Layers listed in `fixedLayers` (by default the input, whose grid is an image
 * for image models) keep their positions.
 */
import { blurAndNormalise, cellsFor, configureGrid, createDensityGrid, gradientAt, kCellsPerBandwidth, splat } from '../bundling/density-grid';

export interface NodePhaseInput {
  positions: Float32Array;
  layerSizes: ArrayLike<number>;
  nodeImportance: Float32Array;
  classCount: number;
  bandwidths: number[];
  similarities: number[];
  /** Half-width margin of the box nodes may move in, around the initial node bounds. */
  margin: number;
  fixedLayers: ReadonlySet<number>;
  /** Called after each iteration; return true to stop (cancellation). */
  onIteration?: (k: number) => boolean;
}

/** Moves `positions` in place (x, y only). */
export function advectNodes(input: NodePhaseInput): void {
  const { positions: grid0, layerSizes, nodeImportance: imp, classCount: C, bandwidths } = input;
  const n = grid0.length / 3;
  const pos = Float32Array.from(grid0);
  const starts = [0];
  for (let l = 0; l < layerSizes.length; l++) starts.push(starts[l] + layerSizes[l]);
  const min = Float64Array.from([Infinity, Infinity, 0]);
  const max = Float64Array.from([-Infinity, -Infinity, 0]);
  for (let i = 0; i < n; i++) {
    min[0] = Math.min(min[0], pos[i * 3]); max[0] = Math.max(max[0], pos[i * 3]);
    min[1] = Math.min(min[1], pos[i * 3 + 1]); max[1] = Math.max(max[1], pos[i * 3 + 1]);
  }
  for (let a = 0; a < 2; a++) { min[a] -= input.margin; max[a] += input.margin; }
  const hMin = bandwidths.length ? bandwidths[bandwidths.length - 1] : 1;
  const grid = createDensityGrid(C, cellsFor(max[0] - min[0], hMin / kCellsPerBandwidth) * cellsFor(max[1] - min[1], hMin / kCellsPerBandwidth));
  const moving = new Uint8Array(n);
  for (let l = 0; l < layerSizes.length; l++) if (!input.fixedLayers.has(l)) moving.fill(1, starts[l], starts[l + 1]);
  const w = new Float32Array(C);
  const raw = new Float32Array(C);
  const dir = new Float64Array(3);
  bandwidths.forEach((h, k) => {
    configureGrid(grid, min, max, h);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < C; c++) raw[c] = imp[i * C + c];
      splat(grid, pos[i * 3], pos[i * 3 + 1], 0, raw, 1);
    }
    blurAndNormalise(grid);
    const step = 0.2 * h;
    for (let i = 0; i < n; i++) {
      if (!moving[i]) continue;
      let sq = 0;
      for (let c = 0; c < C; c++) sq += imp[i * C + c] ** 2;
      if (sq === 0) continue; // nn_vis: 0/0 weights, no move
      const inv = 1 / Math.sqrt(sq);
      for (let c = 0; c < C; c++) w[c] = imp[i * C + c] * inv;
      const norm = gradientAt(grid, pos[i * 3], pos[i * 3 + 1], 0, w, -input.similarities[k], 1, dir);
      if (!(norm > 0) || !Number.isFinite(norm)) continue;
      pos[i * 3] = Math.min(max[0], Math.max(min[0], pos[i * 3] + (step * dir[0]) / norm));
      pos[i * 3 + 1] = Math.min(max[1], Math.max(min[1], pos[i * 3 + 1] + (step * dir[1]) / norm));
    }
    if (input.onIteration?.(k)) throw new Error('bundling cancelled');
  });
  for (let l = 0; l < layerSizes.length; l++) {
    if (!input.fixedLayers.has(l)) snapToGrid(grid0, pos, starts[l], starts[l + 1]);
  }
}

/**
 * Reassigns the grid slots of nodes [from, to) (held in `slots`, row-major as gridLayout makes them) by
 * the rank of their advected positions: the lowest rows go to the nodes with the lowest y, and within a
 * row slots fill by x. Writes the result into `slots`.
 */
export function snapToGrid(slots: Float32Array, advected: Float32Array, from: number, to: number): void {
  const count = to - from;
  if (count < 2) return;
  const side = Math.ceil(Math.sqrt(count));
  const order = Array.from({ length: count }, (_, i) => from + i);
  const byY = order.slice().sort((a, b) => advected[a * 3 + 1] - advected[b * 3 + 1] || a - b);
  const original = slots.slice(from * 3, to * 3);
  for (let row = 0; row * side < count; row++) {
    const members = byY.slice(row * side, Math.min(count, (row + 1) * side)).sort((a, b) => advected[a * 3] - advected[b * 3] || a - b);
    members.forEach((node, col) => {
      const slot = row * side + col;
      slots[node * 3] = original[slot * 3];
      slots[node * 3 + 1] = original[slot * 3 + 1];
    });
  }
}
