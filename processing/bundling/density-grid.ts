/**
 * A class-channel density grid (cell-major: C floats per cell) with nearest-cell splatting, a separable
 * Epanechnikov blur and per-cell norms. Its cell size follows the bandwidth, so the kernel always spans
 * the same few cells (bundling-fast.md §2). Buffers are allocated once, at the largest size a run needs.
 */

/**
 * Cells per bandwidth (the kernel radius in cells): weights 1 − (k/2.5)² for |k| ≤ 2. nn_vis ends its runs
 * at h/cell ≈ 2.2; keeping ≈ 2.5 throughout keeps the kernel shape while every grid stays small.
 */
export const kCellsPerBandwidth = 2.5;
const kRadius = Math.floor(kCellsPerBandwidth - 1e-9);

export interface DensityGrid {
  channels: number;
  nx: number;
  ny: number;
  nz: number;
  cell: number;
  origin: Float64Array;
  density: Float32Array;
  scratch: Float32Array;
  /** ‖density‖₂ over the channels, per cell. */
  norm: Float32Array;
  /**
   * Per cell, for every channel c and then for the norm: (∂x, ∂y, value) by central differences,
   * interleaved ((C + 1) × 3 floats) so a sample's potential and gradient come from one contiguous block.
   */
  gradient: Float32Array;
  weights: Float32Array;
}

/** Cells along one axis for an extent. */
export function cellsFor(extent: number, cell: number): number {
  return Math.max(1, Math.ceil(extent / cell) + 1);
}

/** Allocates a grid able to hold `maxCells` cells of `channels` channels. */
export function createDensityGrid(channels: number, maxCells: number): DensityGrid {
  return {
    channels, nx: 0, ny: 0, nz: 0, cell: 1, origin: new Float64Array(3),
    density: new Float32Array(maxCells * channels), scratch: new Float32Array(maxCells * channels),
    norm: new Float32Array(maxCells), gradient: new Float32Array(maxCells * 3 * (channels + 1)), weights: new Float32Array(16),
  };
}

/** Cell size and cells per axis covering [min, max] at bandwidth h (a 2D grid when min[2] === max[2]). */
export function gridGeometry(min: ArrayLike<number>, max: ArrayLike<number>, bandwidth: number): { cell: number; nx: number; ny: number; nz: number } {
  const cell = bandwidth / kCellsPerBandwidth;
  return {
    cell, nx: cellsFor(max[0] - min[0], cell), ny: cellsFor(max[1] - min[1], cell), nz: max[2] > min[2] ? cellsFor(max[2] - min[2], cell) : 1,
  };
}

/** The blur's weight for an offset of k cells: 1 − (k / kCellsPerBandwidth)². */
export function blurWeight(k: number): number {
  return 1 - (k / kCellsPerBandwidth) ** 2;
}

/** Sizes the grid to cover [min, max] (a 2D grid when min[2] === max[2]) with cells of h / kCellsPerBandwidth, and clears it. */
export function configureGrid(grid: DensityGrid, min: ArrayLike<number>, max: ArrayLike<number>, bandwidth: number): void {
  const g = gridGeometry(min, max, bandwidth);
  grid.cell = g.cell;
  grid.nx = g.nx;
  grid.ny = g.ny;
  grid.nz = g.nz;
  grid.origin[0] = min[0];
  grid.origin[1] = min[1];
  grid.origin[2] = min[2];
  const cells = grid.nx * grid.ny * grid.nz;
  if (cells * grid.channels > grid.density.length) throw new Error(`density grid of ${cells} cells exceeds its ${grid.density.length / grid.channels}-cell allocation`);
  grid.density.fill(0, 0, cells * grid.channels);
  for (let k = 0; k <= kRadius; k++) grid.weights[k] = blurWeight(k);
}

/** Index of the cell containing (x, y, z), clamped to the grid. */
export function cellIndex(grid: DensityGrid, x: number, y: number, z: number): number {
  const inv = 1 / grid.cell;
  let ix = Math.floor((x - grid.origin[0]) * inv);
  let iy = Math.floor((y - grid.origin[1]) * inv);
  let iz = grid.nz === 1 ? 0 : Math.floor((z - grid.origin[2]) * inv);
  ix = ix < 0 ? 0 : ix >= grid.nx ? grid.nx - 1 : ix;
  iy = iy < 0 ? 0 : iy >= grid.ny ? grid.ny - 1 : iy;
  iz = iz < 0 ? 0 : iz >= grid.nz ? grid.nz - 1 : iz;
  return (iz * grid.ny + iy) * grid.nx + ix;
}

/** Adds `scale · w` to the cell containing the point. */
export function splat(grid: DensityGrid, x: number, y: number, z: number, w: Float32Array, scale: number): void {
  const C = grid.channels;
  const base = cellIndex(grid, x, y, z) * C;
  const d = grid.density;
  for (let c = 0; c < C; c++) d[base + c] += scale * w[c];
}

/** The grid's shape, as the partial passes need it. */
export type GridShape = Pick<DensityGrid, 'nx' | 'ny' | 'nz' | 'channels' | 'weights'>;

/** Lines along `axis` (each pass of the blur visits them independently; 0 when the axis is flat). */
export function blurLineCount(g: GridShape, axis: 0 | 1 | 2): number {
  const n = axis === 0 ? g.nx : axis === 1 ? g.ny : g.nz;
  if (n === 1) return 0;
  return axis === 0 ? g.ny * g.nz : axis === 1 ? g.nx * g.nz : g.nx * g.ny;
}

/** Blurs lines [from, to) along `axis` from `src` into `dst` (threads of a split run each take a range). */
export function blurLines(g: GridShape, axis: 0 | 1 | 2, src: Float32Array, dst: Float32Array, from: number, to: number): void {
  const { nx, ny, nz, channels: C, weights } = g;
  const n = axis === 0 ? nx : axis === 1 ? ny : nz;
  const stride = (axis === 0 ? 1 : axis === 1 ? nx : nx * ny) * C;
  const w0 = weights[0];
  const w1 = weights[1];
  const w2 = weights[2];
  // Line l's other two coordinates: a (fast) and b (slow).
  const outerA = axis === 0 ? ny : nx;
  for (let l = from; l < to; l++) {
    const a = l % outerA;
    const b = (l - a) / outerA;
    const start = axis === 0 ? (b * ny + a) * nx * C : axis === 1 ? (b * ny * nx + a) * C : (b * nx + a) * C;
    for (let i = 0; i < n; i++) {
      const o = start + i * stride;
      if (i >= kRadius && i < n - kRadius) {
        // Interior: the fixed five taps (kRadius = 2).
        for (let c = 0; c < C; c++) {
          const k = o + c;
          dst[k] = w0 * src[k] + w1 * (src[k - stride] + src[k + stride]) + w2 * (src[k - 2 * stride] + src[k + 2 * stride]);
        }
        continue;
      }
      const lo = Math.max(-kRadius, -i);
      const hi = Math.min(kRadius, n - 1 - i);
      for (let c = 0; c < C; c++) {
        let sum = 0;
        for (let k = lo; k <= hi; k++) sum += weights[k < 0 ? -k : k] * src[o + k * stride + c];
        dst[o + c] = sum;
      }
    }
  }
}

function blurAxis(grid: DensityGrid, axis: 0 | 1 | 2): void {
  const lines = blurLineCount(grid, axis);
  if (!lines) return;
  blurLines(grid, axis, grid.density, grid.scratch, 0, lines);
  const src = grid.density;
  grid.density = grid.scratch;
  grid.scratch = src;
}

/** Separable blur along every non-flat axis, then per-cell norms and in-plane gradients. */
export function blurAndNormalise(grid: DensityGrid): void {
  blurAxis(grid, 0);
  blurAxis(grid, 1);
  blurAxis(grid, 2);
  const cells = grid.nx * grid.ny * grid.nz;
  cellNorms(grid, grid.density, grid.norm, 0, cells);
  cellGradients(grid, grid.density, grid.norm, grid.gradient, 0, cells);
}

/** ‖density‖₂ over the channels for cells [from, to). */
export function cellNorms(g: GridShape, d: Float32Array, norm: Float32Array, from: number, to: number): void {
  const C = g.channels;
  for (let i = from; i < to; i++) {
    let sq = 0;
    for (let c = 0; c < C; c++) sq += d[i * C + c] * d[i * C + c];
    norm[i] = Math.sqrt(sq);
  }
}

/** Gradients (see DensityGrid.gradient) of cells [from, to); reads the norms of their neighbours too. */
export function cellGradients(g: GridShape, d: Float32Array, norm: Float32Array, out: Float32Array, from: number, to: number): void {
  const { nx, ny, channels: C } = g;
  const G = 3 * (C + 1);
  let x = from % nx;
  let y = ((from - x) / nx) % ny;
  for (let i = from; i < to; i++) {
    // Central differences, one-sided at the borders (per cell, not per world unit: only directions matter).
    const xl = x > 0 ? i - 1 : i;
    const xr = x < nx - 1 ? i + 1 : i;
    const yl = y > 0 ? i - nx : i;
    const yr = y < ny - 1 ? i + nx : i;
    const fx = xr - xl === 2 ? 0.5 : 1;
    const fy = yr - yl === 2 * nx ? 0.5 : 1;
    const o = i * G;
    for (let c = 0; c < C; c++) {
      out[o + 3 * c] = fx * (d[xr * C + c] - d[xl * C + c]);
      out[o + 3 * c + 1] = fy * (d[yr * C + c] - d[yl * C + c]);
      out[o + 3 * c + 2] = d[i * C + c];
    }
    out[o + 3 * C] = fx * (norm[xr] - norm[xl]);
    out[o + 3 * C + 1] = fy * (norm[yr] - norm[yl]);
    out[o + 3 * C + 2] = norm[i];
    if (++x === nx) {
      x = 0;
      if (++y === ny) y = 0;
    }
  }
}

/**
 * The in-plane (x, y) gradient of V = α·‖ρ‖ + β·ŵ·ρ at a point, for a sample with unit class weights ŵ:
 * α weighs plain density (class-blind KDEEB), β density of the sample's own class mix. Motion stays in
 * the plane so edges remain monotonic along the layer axis. Writes out[0..2] (z = 0); returns |g|.
 */
export function gradientAt(grid: DensityGrid, x: number, y: number, z: number, w: Float32Array, alpha: number, beta: number, out: Float64Array): number {
  const C = grid.channels;
  const o = cellIndex(grid, x, y, z) * 3 * (C + 1);
  const g = grid.gradient;
  let gx = 0;
  let gy = 0;
  for (let c = 0; c < C; c++) {
    gx += w[c] * g[o + 3 * c];
    gy += w[c] * g[o + 3 * c + 1];
  }
  gx = alpha * g[o + 3 * C] + beta * gx;
  gy = alpha * g[o + 3 * C + 1] + beta * gy;
  out[0] = gx;
  out[1] = gy;
  out[2] = 0;
  return Math.sqrt(gx * gx + gy * gy);
}
