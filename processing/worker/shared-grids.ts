/**
 * The threads of a split run working on one density grid in shared memory: after each splat every thread
 * copies its grid into its slot, then each sums, blurs, normalises and differentiates its own range of
 * cells (or lines), with a barrier between the passes, and all advect over the one shared result. The
 * sums run in share order and every element is computed by the same arithmetic as blurAndNormalise, so
 * the result is bit-identical to the message exchange (density-group.ts) and independent of the thread
 * count. Only worker threads may wait on a barrier (Atomics.wait blocks).
 */
import { blurLineCount, blurLines, cellGradients, cellNorms, type DensityGrid } from '../bundling/density-grid';

/** The shared memory of a split run (allocated by share 0, relayed to the others by the main thread). */
export interface SharedGrids {
  of: number;
  /** Floats per grid (cells × channels at the run's largest grid). */
  capacity: number;
  channels: number;
  /** Int32 [arrived, generation]: the barrier. */
  control: SharedArrayBuffer;
  /** `of` slots of `capacity` floats: each share's splatted density. */
  slots: SharedArrayBuffer;
  /** The summed grid and the blur's ping-pong partner. */
  sum: SharedArrayBuffer;
  scratch: SharedArrayBuffer;
  norm: SharedArrayBuffer;
  gradient: SharedArrayBuffer;
}

/** Allocates the shared memory for `of` shares of a grid of `channels` channels and `cells` cells at most. */
export function allocateSharedGrids(of: number, channels: number, cells: number): SharedGrids {
  const f = Float32Array.BYTES_PER_ELEMENT;
  const capacity = cells * channels;
  return {
    of, capacity, channels,
    control: new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT),
    slots: new SharedArrayBuffer(of * capacity * f), sum: new SharedArrayBuffer(capacity * f), scratch: new SharedArrayBuffer(capacity * f),
    norm: new SharedArrayBuffer(cells * f), gradient: new SharedArrayBuffer(cells * 3 * (channels + 1) * f),
  };
}

/** Share `index`'s part [from, to) of `n` items. */
function part(n: number, index: number, of: number): [number, number] {
  return [Math.floor((n * index) / of), Math.floor((n * (index + 1)) / of)];
}

/** The combine step of share `self` (bundleNetworkAsync's `combine`). */
export function sharedCombine(shared: SharedGrids, self: number): (grid: DensityGrid) => void {
  const { of, capacity } = shared;
  const control = new Int32Array(shared.control);
  const slots = Array.from({ length: of }, (_, k) => new Float32Array(shared.slots, k * capacity * 4, capacity));
  const buffers = [new Float32Array(shared.sum), new Float32Array(shared.scratch)];
  const norm = new Float32Array(shared.norm);
  const gradient = new Float32Array(shared.gradient);
  const barrier = () => {
    const generation = Atomics.load(control, 1);
    if (Atomics.add(control, 0, 1) === of - 1) {
      Atomics.store(control, 0, 0);
      Atomics.add(control, 1, 1);
      Atomics.notify(control, 1);
      return;
    }
    // Cancelling terminates the threads; the timeout only bounds each wait.
    while (Atomics.load(control, 1) === generation) Atomics.wait(control, 1, generation, 200);
  };
  return (grid) => {
    if (grid.density.length > capacity) throw new Error(`shared density grid of ${capacity} floats is smaller than this run's ${grid.density.length}`);
    const cells = grid.nx * grid.ny * grid.nz;
    const C = grid.channels;
    slots[self].set(grid.density.subarray(0, cells * C));
    barrier();
    // Sum: double accumulation in share order, rounded once (as density-group.ts does).
    const [c0, c1] = part(cells, self, of);
    let current = 0;
    const sum = buffers[current];
    for (let i = c0 * C; i < c1 * C; i++) {
      let s = 0;
      for (let k = 0; k < of; k++) s += slots[k][i];
      sum[i] = s;
    }
    barrier();
    for (const axis of [0, 1, 2] as const) {
      const lines = blurLineCount(grid, axis);
      if (!lines) continue;
      const [l0, l1] = part(lines, self, of);
      blurLines(grid, axis, buffers[current], buffers[1 - current], l0, l1);
      current = 1 - current;
      barrier();
    }
    cellNorms(grid, buffers[current], norm, c0, c1);
    barrier();
    cellGradients(grid, buffers[current], norm, gradient, c0, c1);
    barrier();
    // Advection reads the gradients; the thread's own density stays private for the next splat.
    grid.gradient = gradient;
    grid.norm = norm;
  };
}
