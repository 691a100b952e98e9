/**
 * Splitting a run to fit the device's storage-buffer limits (pure planning, no GPU calls):
 * - edges are bound in chunks (contiguous edge ranges inside one gap, each with its own point, slot,
 *   count and class-line buffers), so no points buffer exceeds one binding;
 * - a 3D grid too large for one binding is processed in z-slabs that share the grid buffers one after
 *   another. A slab stores its own z-layers plus a halo of kSlabHalo layers each side: the z blur reaches
 *   two cells, the gradient only differentiates in x and y, and the splat deposits every sub-point into
 *   whichever stored layer holds it, so a slab's own layers come out exactly as in the whole grid.
 */

/** Layers stored beyond a slab's own on each side (the blur's reach along z). */
export const kSlabHalo = 2;

/** Bytes per grid cell of the largest grid buffer (the gradient: 3 floats for each of C channels and the norm). */
export function gridBytesPerCell(classes: number): number {
  return 3 * (classes + 1) * 4;
}

/** Bytes of a chunk's largest buffer: its points (two halves of x y z per slot) or its class lines. */
function chunkBytes(slots: number, edges: number, classes: number): number {
  return Math.max(2 * slots * 3 * 4, edges * 2 * classes * 4, (edges + 1) * 4);
}

export interface EdgeChunk {
  /** Edges [from, to) (global indices, inside one gap). */
  from: number;
  to: number;
  /** Point slots [slotFrom, slotTo) of those edges. */
  slotFrom: number;
  slotTo: number;
}

/**
 * Cuts every gap's edges into chunks whose buffers stay within `limit` bytes (one chunk per gap when
 * they fit). Returns, per gap, its chunks; throws naming the edge when a single edge is too large.
 */
export function planChunks(gapStart: Uint32Array, slotStart: Uint32Array, classes: number, limit: number): EdgeChunk[][] {
  const gaps: EdgeChunk[][] = [];
  for (let g = 0; g + 1 < gapStart.length; g++) {
    const chunks: EdgeChunk[] = [];
    let from = gapStart[g];
    for (let e = from; e < gapStart[g + 1]; e++) {
      if (chunkBytes(slotStart[e + 1] - slotStart[e], 1, classes) > limit) {
        throw new Error(`edge ${e} needs ${slotStart[e + 1] - slotStart[e]} samples, more than one GPU buffer binding holds (${limit} bytes)`);
      }
      if (chunkBytes(slotStart[e + 1] - slotStart[from], e + 1 - from, classes) > limit) {
        chunks.push({ from, to: e, slotFrom: slotStart[from], slotTo: slotStart[e] });
        from = e;
      }
    }
    if (gapStart[g + 1] > from) chunks.push({ from, to: gapStart[g + 1], slotFrom: slotStart[from], slotTo: slotStart[gapStart[g + 1]] });
    gaps.push(chunks);
  }
  return gaps;
}

export interface Slab {
  /** First stored z-layer (full-grid index) and the number of stored layers. */
  z0: number;
  nz: number;
  /** Layers [own0, own1) whose density and gradient this slab computes exactly (its samples advect here). */
  own0: number;
  own1: number;
}

/** The whole grid as one slab. */
export function wholeGrid(nz: number): Slab {
  return { z0: 0, nz, own0: 0, own1: nz };
}

/**
 * Cuts an nx × ny × nz grid into z-slabs of at most `maxCells` stored cells (one slab when it fits).
 * Throws when not even one own layer and its halo fit (the grid's xy plane alone is too large).
 */
export function planSlabs(nx: number, ny: number, nz: number, maxCells: number): Slab[] {
  const plane = nx * ny;
  if (plane * nz <= maxCells) return [wholeGrid(nz)];
  const own = Math.floor(maxCells / plane) - 2 * kSlabHalo;
  if (own < 1) {
    throw new Error(`a ${nx} × ${ny} cell layer of the density grid (with its ${2 * kSlabHalo} halo layers) exceeds one GPU buffer binding (${maxCells} cells)`);
  }
  const slabs: Slab[] = [];
  for (let own0 = 0; own0 < nz; own0 += own) {
    const own1 = Math.min(nz, own0 + own);
    const z0 = Math.max(0, own0 - kSlabHalo);
    slabs.push({ z0, nz: Math.min(nz, own1 + kSlabHalo) - z0, own0, own1 });
  }
  return slabs;
}
