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
}

/** What both backends derive from the input before iterating: the box, the moving mask, the layer starts. */
export interface NodePhaseFrame {
  /** Box nodes stay in (x, y; z = 0: the grid is 2D). */
  min: Float64Array;
  max: Float64Array;
  /** 1 for nodes of layers that move. */
  moving: Uint8Array;
  /** First node of each layer, plus N. */
  starts: number[];
  /** Cells of the largest (last) grid. */
  maxCells: number;
  /** Advection step per bandwidth (nn_vis: 0.2·h). */
  stepPerBandwidth: number;
}

/** Derives the node phase's box, mask and grid size. */
export function nodePhaseFrame(input: NodePhaseInput): NodePhaseFrame {
  const { positions: pos, layerSizes, bandwidths } = input;
  const n = pos.length / 3;
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
  const cell = hMin / kCellsPerBandwidth;
  const moving = new Uint8Array(n);
  for (let l = 0; l < layerSizes.length; l++) if (!input.fixedLayers.has(l)) moving.fill(1, starts[l], starts[l + 1]);
  return { min, max, moving, starts, maxCells: cellsFor(max[0] - min[0], cell) * cellsFor(max[1] - min[1], cell), stepPerBandwidth: 0.2 };
}

/** Moves `positions` in place (x, y only), yielding after each iteration (its index) so callers can report or stop. */
export function* advectNodes(input: NodePhaseInput): Generator<number, void> {
  const { positions: grid0, nodeImportance: imp, classCount: C, bandwidths } = input;
  if (bandwidths.length === 0) return; // no node phase: the layout stays as given
  const frame = nodePhaseFrame(input);
  const { min, max, moving } = frame;
  const n = grid0.length / 3;
  const pos = Float32Array.from(grid0);
  const grid = createDensityGrid(C, frame.maxCells);
  const w = new Float32Array(C);
  const raw = new Float32Array(C);
  const dir = new Float64Array(3);
  for (let k = 0; k < bandwidths.length; k++) {
    const h = bandwidths[k];
    configureGrid(grid, min, max, h);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < C; c++) raw[c] = imp[i * C + c];
      splat(grid, pos[i * 3], pos[i * 3 + 1], 0, raw, 1);
    }
    blurAndNormalise(grid);
    const step = frame.stepPerBandwidth * h;
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
    yield k;
  }
  snapLayers(grid0, pos, frame, input.fixedLayers);
}

/** Puts every moving layer back on its grid slots by the rank of its advected positions (see snapToGrid). */
export function snapLayers(slots: Float32Array, advected: Float32Array, frame: NodePhaseFrame, fixedLayers: ReadonlySet<number>): void {
  for (let l = 0; l + 1 < frame.starts.length; l++) {
    if (!fixedLayers.has(l)) snapToGrid(slots, advected, frame.starts[l], frame.starts[l + 1]);
  }
}

/**
 * Reassigns the grid slots of nodes [from, to) (held in `slots`) by the rank of their advected positions:
 * slots are taken in rows of equal y, lowest first, and the nodes with the lowest y fill them; within a
 * row the nodes fill the slots by x. Independent of how the grid is oriented. Writes the result into `slots`.
 */
export function snapToGrid(slots: Float32Array, advected: Float32Array, from: number, to: number): void {
  const count = to - from;
  if (count < 2) return;
  const original = slots.slice(from * 3, to * 3);
  const slotOrder = Array.from({ length: count }, (_, k) => k).sort((a, b) => original[a * 3 + 1] - original[b * 3 + 1] || original[a * 3] - original[b * 3] || a - b);
  const byY = Array.from({ length: count }, (_, i) => from + i).sort((a, b) => advected[a * 3 + 1] - advected[b * 3 + 1] || a - b);
  const tolerance = 1e-6 * (Math.abs(original[slotOrder[count - 1] * 3 + 1] - original[slotOrder[0] * 3 + 1]) + 1);
  for (let start = 0; start < count;) {
    let end = start + 1;
    while (end < count && Math.abs(original[slotOrder[end] * 3 + 1] - original[slotOrder[start] * 3 + 1]) <= tolerance) end++;
    const members = byY.slice(start, end).sort((a, b) => advected[a * 3] - advected[b * 3] || a - b);
    members.forEach((node, k) => {
      const slot = slotOrder[start + k];
      slots[node * 3] = original[slot * 3];
      slots[node * 3 + 1] = original[slot * 3 + 1];
    });
    start = end;
  }
}
