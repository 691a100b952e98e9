/**
 * The edge buffers of a run, one set per chunk (gpu/split.ts): points (halves A | B), slot starts and
 * counts local to the chunk, and the chunk's class-weight lines. Kernels see a chunk as a whole network
 * of `edges` edges; the host maps chunks back to global edge and slot indices when reading back.
 */
import type { PolylineStore } from '../polyline-store';
import type { BindingName, BufferSource } from './recorder';
import { readBack, storageSize, type ReadRange } from './run-buffers';
import type { EdgeChunk } from './split';

export interface ChunkBuffers extends BufferSource {
  chunk: EdgeChunk;
  edges: number;
  /** Float offset of half B in the chunk's points buffer. */
  halfFloats: number;
  points: GPUBuffer;
  count: GPUBuffer;
  destroy(): void;
}

/**
 * Creates and fills a chunk's buffers from the straight samples in `store` (into half A) and the run's
 * per-edge class lines (2·C floats per edge); `grid(name)` supplies the run's shared buffers.
 */
export function createChunkBuffers(
  device: GPUDevice, chunk: EdgeChunk, store: PolylineStore, lines: Float32Array, classes: number, key: string, grid: (name: BindingName) => GPUBuffer,
): ChunkBuffers {
  const S = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
  const edges = chunk.to - chunk.from;
  const slots = chunk.slotTo - chunk.slotFrom;
  const make = (label: string, bytes: number, usage: number) => device.createBuffer({ label: `${label} ${key}`, size: storageSize(bytes), usage });
  const points = make('points', 2 * slots * 3 * 4, S | GPUBufferUsage.COPY_SRC);
  const slotStart = make('slotStart', (edges + 1) * 4, S);
  const count = make('count', edges * 4, S | GPUBufferUsage.COPY_SRC);
  const lineBuffer = make('lines', edges * 2 * classes * 4, S);
  device.queue.writeBuffer(points, 0, store.points.subarray(chunk.slotFrom * 3, chunk.slotTo * 3));
  const localStart = store.slotStart.slice(chunk.from, chunk.to + 1);
  for (let e = 0; e <= edges; e++) localStart[e] -= chunk.slotFrom;
  device.queue.writeBuffer(slotStart, 0, localStart);
  device.queue.writeBuffer(count, 0, store.count.subarray(chunk.from, chunk.to));
  device.queue.writeBuffer(lineBuffer, 0, lines.subarray(chunk.from * 2 * classes, chunk.to * 2 * classes));
  const own: Partial<Record<BindingName, GPUBuffer>> = { points, slotStart, count, lines: lineBuffer };
  return {
    key, chunk, edges, halfFloats: slots * 3, points, count,
    get: (name) => own[name] ?? grid(name),
    destroy() {
      points.destroy();
      slotStart.destroy();
      count.destroy();
      lineBuffer.destroy();
    },
  };
}

/**
 * Reads every chunk's polylines (half A, or half B after the final resample) and counts back into
 * `store`'s global layout, in one submission.
 */
export async function readChunks(device: GPUDevice, chunks: ChunkBuffers[], store: PolylineStore, half: 'A' | 'B'): Promise<void> {
  const ranges: ReadRange[] = [];
  for (const c of chunks) {
    ranges.push({ buffer: c.points, offset: half === 'A' ? 0 : c.halfFloats * 4, bytes: c.halfFloats * 4 });
    ranges.push({ buffer: c.count, offset: 0, bytes: c.edges * 4 });
  }
  const data = await readBack(device, ranges);
  chunks.forEach((c, i) => {
    store.points.set(new Float32Array(data[2 * i]), c.chunk.slotFrom * 3);
    store.count.set(new Uint32Array(data[2 * i + 1]), c.chunk.from);
  });
}
