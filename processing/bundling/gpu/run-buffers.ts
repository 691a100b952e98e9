/**
 * The GPU buffers of one bundling run, in a table (name → size, usage), created together and destroyed
 * together. Points live in one buffer of two halves: A holds the polylines between iterations, B is the
 * working copy (resample writes B, smoothing writes back to A), so kernels ping-pong by offset alone.
 */
import { checkBufferSize } from './device';

export interface RunSizes {
  /** Point slots over all edges (PolylineStore.slotStart[E]). */
  slots: number;
  edges: number;
  nodes: number;
  classes: number;
  /** Cells of the largest grid of the run (node or edge phase). */
  gridCells: number;
}

/** Bytes and usage of every buffer (f32 / u32: 4 bytes per value). */
function table(n: RunSizes): Record<RunBufferName, [bytes: number, usage: number]> {
  const C = n.classes;
  // Read at call time: the GPU* globals exist only once a WebGPU implementation is installed.
  const S = GPUBufferUsage.STORAGE;
  const DST = GPUBufferUsage.COPY_DST;
  const SRC = GPUBufferUsage.COPY_SRC;
  return {
    points: [2 * n.slots * 3 * 4, S | DST | SRC], // halves A | B, x y z per slot
    slotStart: [(n.edges + 1) * 4, S | DST],
    count: [Math.max(1, n.edges) * 4, S | DST | SRC],
    lines: [Math.max(1, n.edges) * 2 * C * 4, S | DST], // per edge: class-weight start (C), slope (C)
    positions: [n.nodes * 3 * 4, S | DST | SRC],
    importance: [n.nodes * C * 4, S | DST],
    moving: [n.nodes * 4, S | DST],
    accum: [n.gridCells * C * 2 * 4, S], // 64-bit fixed point per cell and channel
    densityA: [n.gridCells * C * 4, S],
    densityB: [n.gridCells * C * 4, S],
    gradient: [n.gridCells * 3 * (C + 1) * 4, S],
  };
}

export type RunBufferName = 'points' | 'slotStart' | 'count' | 'lines' | 'positions' | 'importance' | 'moving' | 'accum' | 'densityA' | 'densityB' | 'gradient';

/** The run's buffers, created in groups as their sizes become known (node phase first, then edges). */
export interface RunBuffers {
  /** Creates the named buffers (sizes from `sizes`) after checking each against the device's limits. */
  add(sizes: RunSizes, names: RunBufferName[]): void;
  /** A created buffer; throws when it was not created. */
  get(name: RunBufferName): GPUBuffer;
  /** Destroys every buffer (idempotent). */
  destroy(): void;
}

/** An empty buffer set on `device`. */
export function createRunBuffers(device: GPUDevice): RunBuffers {
  const made = new Map<RunBufferName, GPUBuffer>();
  return {
    add(sizes, names) {
      const spec = table(sizes);
      for (const name of names) checkBufferSize(device, spec[name][0], `bundling buffer "${name}"`);
      for (const name of names) {
        const [bytes, usage] = spec[name];
        made.get(name)?.destroy();
        // Storage bindings must be non-empty; sizes rounded to 16 bytes.
        made.set(name, device.createBuffer({ label: name, size: Math.max(16, Math.ceil(bytes / 16) * 16), usage }));
      }
    },
    get(name) {
      const b = made.get(name);
      if (!b) throw new Error(`bundling buffer "${name}" used before it was created`);
      return b;
    },
    destroy() {
      for (const b of made.values()) b.destroy();
      made.clear();
    },
  };
}

/** Copies `bytes` from `buffer` (at `offset`) into a new ArrayBuffer through a mapped staging buffer. */
export async function readBack(device: GPUDevice, buffer: GPUBuffer, offset: number, bytes: number): Promise<ArrayBuffer> {
  const staging = device.createBuffer({ label: `${buffer.label} readback`, size: Math.max(16, Math.ceil(bytes / 4) * 4), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    const encoder = device.createCommandEncoder();
    encoder.copyBufferToBuffer(buffer, offset, staging, 0, Math.ceil(bytes / 4) * 4);
    device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    return staging.getMappedRange().slice(0, bytes);
  } finally {
    staging.destroy();
  }
}
