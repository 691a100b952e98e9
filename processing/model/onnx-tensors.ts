/**
 * ONNX tensors → typed arrays, with the checks a hostile file needs: declared sizes against the bytes
 * really there, external data (`location`, `offset`, `length`) read from files the user gave, int64
 * shapes (Reshape, Pad) read as safe integers. Aligned float data is viewed, not copied, so a large
 * model costs about its own size once more while converting.
 */
import type { TensorProto } from 'onnx-buf';

export interface Constant { dims: number[]; data: Float32Array }

/** A small int64 tensor (a shape, pads, axes), row-major. */
export interface IntTensor { dims: number[]; data: number[] }

/** ONNX TensorProto data types nnwalk reads. */
const kFloat = 1;
const kInt64 = 7;
/** ONNX's data type numbers, for messages. */
const kTypeNames: Record<number, string> = { 2: 'UINT8', 3: 'INT8', 5: 'INT16', 6: 'INT32', 7: 'INT64', 9: 'BOOL', 10: 'FLOAT16', 11: 'DOUBLE', 16: 'BFLOAT16' };

/** Files given beside the model (external data), by name. */
export type ExternalFiles = ReadonlyMap<string, Uint8Array>;

/** Declared element count, refusing negative or absurd dimensions before anything is allocated. */
function elementCount(t: TensorProto, what: string): { dims: number[]; n: number } {
  const dims = t.dims.map(Number);
  let n = 1;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) throw new Error(`${what} '${t.name}' declares dimension ${d}`);
    n *= d;
  }
  if (!Number.isSafeInteger(n) || n > 2 ** 31) throw new Error(`${what} '${t.name}' declares ${n} values; nnwalk reads at most 2^31 per tensor`);
  return { dims, n };
}

/** The bytes of a tensor kept in an external file, or a message naming the file that is missing. */
function externalBytes(t: TensorProto, what: string, files: ExternalFiles | undefined): Uint8Array {
  const entry = (key: string) => t.externalData.find((e) => e.key === key)?.value;
  const location = entry('location') ?? '';
  const file = files?.get(location) ?? files?.get(location.split('/').pop() ?? location);
  if (!file) throw new Error(`${what} '${t.name}' keeps its weights in the external file '${location}': give that file together with the model`);
  const offset = Number(entry('offset') ?? 0);
  const length = entry('length') !== undefined ? Number(entry('length')) : file.byteLength - offset;
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > file.byteLength) {
    throw new Error(`${what} '${t.name}' reads bytes ${offset}…${offset + length} of '${location}', which holds ${file.byteLength}`);
  }
  return file.subarray(offset, offset + length);
}

/** Reads a float32 tensor (raw_data at any alignment, float_data, or external data), naming what is wrong. */
export function floatTensor(t: TensorProto, what: string, files?: ExternalFiles): Constant {
  const { dims, n } = elementCount(t, what);
  if (t.dataType !== kFloat) throw new Error(`${what} '${t.name}' holds data type ${t.dataType}${kTypeNames[t.dataType] ? ` (${kTypeNames[t.dataType]})` : ''}; nnwalk reads float32 weights only`);
  const raw = t.externalData.length ? externalBytes(t, what, files) : t.rawData;
  if (raw.length || t.externalData.length) {
    if (raw.length !== n * 4) throw new Error(`${what} '${t.name}' declares ${n} floats but holds ${raw.length} bytes`);
    // Little-endian hosts (all that run browsers) can view aligned bytes directly.
    if (raw.byteOffset % 4 === 0) return { dims, data: new Float32Array(raw.buffer, raw.byteOffset, n) };
    // raw_data may start at an offset not divisible by 4: read through a DataView.
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = view.getFloat32(i * 4, true);
    return { dims, data };
  }
  if (t.floatData.length !== n) throw new Error(`${what} '${t.name}' declares ${n} floats but holds ${t.floatData.length}`);
  return { dims, data: Float32Array.from(t.floatData) };
}

/** Reads a small int64 tensor (a shape or pads); values beyond ±2^53 (INT64_MAX as "to the end") are clamped there. */
export function intTensor(t: TensorProto, what: string): IntTensor {
  const { dims, n } = elementCount(t, what);
  if (t.dataType !== kInt64) throw new Error(`${what} '${t.name}' holds data type ${t.dataType}, not int64`);
  if (n > 4096) throw new Error(`${what} '${t.name}' holds ${n} integers; nnwalk reads int64 tensors of at most 4096 (shapes and pads)`);
  let values: bigint[];
  if (t.rawData.length) {
    if (t.rawData.length !== n * 8) throw new Error(`${what} '${t.name}' declares ${n} integers but holds ${t.rawData.length} bytes`);
    const view = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
    values = Array.from({ length: n }, (_, i) => view.getBigInt64(i * 8, true));
  } else {
    if (t.int64Data.length !== n) throw new Error(`${what} '${t.name}' declares ${n} integers but holds ${t.int64Data.length}`);
    values = t.int64Data;
  }
  return { dims, data: values.map((v) => Math.min(Math.max(Number(v), Number.MIN_SAFE_INTEGER), Number.MAX_SAFE_INTEGER)) };
}

/** Whether a tensor holds int64 values (shapes, pads) rather than weights. */
export function isIntTensor(t: TensorProto): boolean {
  return t.dataType === kInt64;
}
