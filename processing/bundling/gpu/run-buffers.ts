/**
 * The GPU buffers of one bundling run that are not per edge chunk (node data and the density grid), in a
 * table (name → size, usage), created together and destroyed together, and the readback helper.
 * Edge buffers live in gpu/edge-chunks.ts.
 */
import { checkBufferSize } from './device';

export interface RunSizes {
  nodes: number;
  classes: number;
  /** Cells of the grid buffers: the largest grid (or z-slab of one) the run processes. */
  gridCells: number;
}

export type RunBufferName = 'positions' | 'importance' | 'moving' | 'accum' | 'densityA' | 'densityB' | 'gradient';

/** Bytes and usage of every buffer (f32 / u32: 4 bytes per value). */
function table(n: RunSizes): Record<RunBufferName, [bytes: number, usage: number]> {
  const C = n.classes;
  // Read at call time: the GPU* globals exist only once a WebGPU implementation is installed.
  const S = GPUBufferUsage.STORAGE;
  const DST = GPUBufferUsage.COPY_DST;
  const SRC = GPUBufferUsage.COPY_SRC;
  return {
    positions: [n.nodes * 3 * 4, S | DST | SRC],
    importance: [n.nodes * C * 4, S | DST],
    moving: [n.nodes * 4, S | DST],
    accum: [n.gridCells * C * 2 * 4, S], // 64-bit fixed point per cell and channel
    densityA: [n.gridCells * C * 4, S],
    densityB: [n.gridCells * C * 4, S],
    gradient: [n.gridCells * 3 * (C + 1) * 4, S],
  };
}

/** The run's node and grid buffers. */
export interface RunBuffers {
  /** Creates every buffer after checking each against the device's limits (throws naming the one too large). */
  create(sizes: RunSizes): void;
  /** A created buffer; throws when it was not created. */
  get(name: RunBufferName): GPUBuffer;
  /** Destroys every buffer (idempotent). */
  destroy(): void;
}

/** An empty buffer set on `device`. */
export function createRunBuffers(device: GPUDevice): RunBuffers {
  const made = new Map<RunBufferName, GPUBuffer>();
  return {
    create(sizes) {
      const spec = table(sizes);
      const names = Object.keys(spec) as RunBufferName[];
      for (const name of names) checkBufferSize(device, spec[name][0], `bundling buffer "${name}"`);
      for (const name of names) {
        const [bytes, usage] = spec[name];
        made.get(name)?.destroy();
        made.set(name, device.createBuffer({ label: name, size: storageSize(bytes), usage }));
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

/** A storage buffer's allocation for `bytes`: bindings must be non-empty, sizes rounded to 16 bytes. */
export function storageSize(bytes: number): number {
  return Math.max(16, Math.ceil(bytes / 16) * 16);
}

/** A range of a buffer to read back. */
export interface ReadRange {
  buffer: GPUBuffer;
  offset: number;
  bytes: number;
}

/** Copies every range into a new ArrayBuffer: one submission, one mapped staging buffer per range. */
export async function readBack(device: GPUDevice, ranges: ReadRange[]): Promise<ArrayBuffer[]> {
  const encoder = device.createCommandEncoder({ label: 'readback' });
  const staging = ranges.map(({ buffer, offset, bytes }) => {
    const padded = Math.ceil(bytes / 4) * 4;
    const target = device.createBuffer({ label: `${buffer.label} readback`, size: Math.max(16, padded), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    if (padded > 0) encoder.copyBufferToBuffer(buffer, offset, target, 0, padded);
    return target;
  });
  try {
    device.queue.submit([encoder.finish()]);
    await Promise.all(staging.map((s) => s.mapAsync(GPUMapMode.READ)));
    return staging.map((s, i) => s.getMappedRange().slice(0, ranges[i].bytes));
  } finally {
    for (const s of staging) s.destroy();
  }
}
