/** Reads a tfjs weights manifest and its shards, checking every declared size before touching data. */
import type { WeightSource } from './weight-source';

/** Refuse models whose manifest declares more than this many bytes of weights. */
export const kMaxWeightBytes = 1 << 30;

interface Quantization { dtype: 'uint8' | 'uint16' | 'float16'; scale: number; min: number }

/** Where one tensor lives: its group's shard list and its byte range in the concatenation of that group's shards. */
export interface TensorEntry {
  name: string;
  shape: number[];
  elements: number;
  group: number;
  byteOffset: number;
  byteLength: number;
  dtype: 'float32' | 'int32' | 'bool';
  quantization: Quantization | null;
}

export interface WeightManifest {
  groups: { paths: string[]; byteLength: number }[];
  tensors: Map<string, TensorEntry>;
}

const bytesPerElement: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** Parses `weightsManifest`, rejecting malformed entries and absurd declared sizes. */
export function parseManifest(manifest: unknown): WeightManifest {
  if (!Array.isArray(manifest)) throw new Error("model.json has no 'weightsManifest' list");
  const tensors = new Map<string, TensorEntry>();
  const groups: WeightManifest['groups'] = [];
  let total = 0;
  manifest.forEach((g: unknown, gi) => {
    const group = g as { paths?: unknown; weights?: unknown };
    if (!Array.isArray(group?.paths) || !group.paths.every((p) => typeof p === 'string') || group.paths.length === 0) {
      throw new Error(`weightsManifest group ${gi} has no list of shard paths`);
    }
    if (!Array.isArray(group.weights)) throw new Error(`weightsManifest group ${gi} has no 'weights' list`);
    let offset = 0;
    for (const w of group.weights as unknown[]) {
      const spec = w as { name?: unknown; shape?: unknown; dtype?: unknown; quantization?: unknown };
      if (typeof spec?.name !== 'string') throw new Error(`weightsManifest group ${gi} holds a weight without a name`);
      const name = spec.name;
      if (!Array.isArray(spec.shape) || !spec.shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
        throw new Error(`tensor '${name}': shape ${JSON.stringify(spec.shape)} is not a list of whole sizes`);
      }
      const shape = spec.shape as number[];
      const elements = shape.reduce((a, b) => a * b, 1);
      let quantization: Quantization | null = null;
      let dtype = String(spec.dtype);
      if (spec.quantization) {
        const q = spec.quantization as { dtype?: unknown; scale?: unknown; min?: unknown };
        if (q.dtype !== 'uint8' && q.dtype !== 'uint16') throw new Error(`tensor '${name}': quantization dtype ${JSON.stringify(q.dtype)} is not supported (uint8, uint16)`);
        if (typeof q.scale !== 'number' || typeof q.min !== 'number') throw new Error(`tensor '${name}': quantization needs numeric scale and min`);
        quantization = { dtype: q.dtype, scale: q.scale, min: q.min };
        dtype = q.dtype;
      } else if (dtype !== 'float32' && dtype !== 'int32' && dtype !== 'bool') {
        throw new Error(`tensor '${name}': dtype ${JSON.stringify(spec.dtype)} is not supported`);
      }
      const byteLength = elements * bytesPerElement[dtype];
      total += byteLength;
      if (!Number.isSafeInteger(total) || total > kMaxWeightBytes) {
        throw new Error(`weights manifest declares more than ${kMaxWeightBytes} bytes (at tensor '${name}', shape [${shape.join(', ')}]): refusing to load`);
      }
      if (tensors.has(name)) throw new Error(`tensor '${name}' appears twice in the weights manifest`);
      tensors.set(name, { name, shape, elements, group: gi, byteOffset: offset, byteLength, dtype: quantization ? 'float32' : (dtype as TensorEntry['dtype']), quantization });
      offset += byteLength;
    }
    groups.push({ paths: group.paths as string[], byteLength: offset });
  });
  return { groups, tensors };
}

/** Reads each group's shards into one byte array, checking shard sizes against the manifest first. */
export async function readGroups(manifest: WeightManifest, source: WeightSource, needed: Set<number>): Promise<Map<number, Uint8Array>> {
  const out = new Map<number, Uint8Array>();
  for (const gi of needed) {
    const group = manifest.groups[gi];
    const sizes: number[] = [];
    if (source.size) {
      let known = 0;
      for (const path of group.paths) {
        const size = await source.size(path);
        if (size === null) {
          // Let the source say where it looked (its read() rejects with that message).
          await source.read(path);
          throw new Error(`weight file '${path}' is missing (${source.describe(path)})`);
        }
        sizes.push(size);
        known += size;
      }
      checkGroupLength(manifest, gi, known, source);
    }
    const parts: Uint8Array[] = [];
    for (const path of group.paths) parts.push(await source.read(path));
    const length = parts.reduce((a, p) => a + p.byteLength, 0);
    checkGroupLength(manifest, gi, length, source);
    const bytes = new Uint8Array(length);
    let at = 0;
    for (const p of parts) { bytes.set(p, at); at += p.byteLength; }
    out.set(gi, bytes);
  }
  return out;
}

function checkGroupLength(manifest: WeightManifest, gi: number, length: number, source: WeightSource): void {
  const group = manifest.groups[gi];
  if (length === group.byteLength) return;
  const files = group.paths.map((p) => source.describe(p)).join(' + ');
  if (length < group.byteLength) {
    const cut = [...manifest.tensors.values()].find((t) => t.group === gi && t.byteOffset + t.byteLength > length);
    throw new Error(`weight file ${files} is truncated: ${length} bytes, the manifest needs ${group.byteLength}${cut ? ` (tensor '${cut.name}' is cut off)` : ''}`);
  }
  throw new Error(`weight file ${files} has ${length} bytes but the manifest declares ${group.byteLength}: shapes and weights do not match`);
}

/** Decodes one tensor to float32, rejecting NaN/Inf with the tensor and file named. */
export function decodeTensor(entry: TensorEntry, groupBytes: Uint8Array, fileLabel: string): Float32Array {
  const view = new DataView(groupBytes.buffer, groupBytes.byteOffset + entry.byteOffset, entry.byteLength);
  const out = new Float32Array(entry.elements);
  const q = entry.quantization;
  for (let i = 0; i < entry.elements; i++) {
    let v: number;
    if (q) v = (q.dtype === 'uint8' ? view.getUint8(i) : view.getUint16(i * 2, true)) * q.scale + q.min;
    else if (entry.dtype === 'int32') v = view.getInt32(i * 4, true);
    else if (entry.dtype === 'bool') v = view.getUint8(i);
    else v = view.getFloat32(i * 4, true);
    if (!Number.isFinite(v)) {
      throw new Error(`tensor '${entry.name}' in ${fileLabel} holds a non-finite value (${v}) at element ${i}`);
    }
    out[i] = v;
  }
  return out;
}
