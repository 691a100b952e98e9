/**
 * HDF5 (Keras weights) through jsfive 0.4.2 (pure JS, pinned; no WASM to ship), behind our checks:
 * jsfive throws strings, reads past ends with RangeErrors and allocates whatever a dataset declares, so
 * every call is wrapped into one sentence naming the file and path, and a dataset's declared size is
 * checked against the bytes the file holds before anything is read. Contiguous little-endian float data
 * (what Keras writes) is read straight from the file's bytes; other layouts go through jsfive's reader.
 */
import * as hdf5 from 'jsfive';

/** The HDF5 signature every file starts with (or has at 512, 1024 … after a user block). */
export const kHdf5Magic = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** What is known about a dataset before reading it. */
export interface DatasetInfo { shape: number[]; dtype: string; attrs: Record<string, unknown> }

export interface Hdf5File {
  /** Attributes of the group or dataset at `path` ('' is the root); strings lose their NUL padding. */
  attrs(path: string): Record<string, unknown>;
  /** Member names of the group at `path`, or null when there is no group there. */
  keys(path: string): string[] | null;
  /** The dataset at `path`, or null. */
  dataset(path: string): DatasetInfo | null;
  /** The dataset's values as float32 (float16/32/64, and bfloat16 kept as uint16 with attribute dtype="bfloat16"). */
  readFloats(path: string): Float32Array;
}

const kDataStorageMessage = 8;
/** Datasets larger than this are refused (2^28 floats = 1 GiB as float32). */
const kMaxElements = 1 << 28;

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : JSON.stringify(err);
}

function cleanString(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(/\0+$/, '');
  if (Array.isArray(v)) return v.map(cleanString);
  return v;
}

function itemSize(dtype: string): number {
  const m = /^[<>=|]?[fiu](\d+)$/.exec(dtype);
  return m ? Number(m[1]) : 0;
}

/** Converts raw little-endian values of `dtype` to float32. */
function toFloats(bytes: Uint8Array, n: number, dtype: string, bfloat16: boolean): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(n);
  if (bfloat16) {
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < n; i++) bits[i] = view.getUint16(i * 2, true) << 16;
    return out;
  }
  switch (dtype.replace(/^[<=]/, '')) {
    case 'f4':
      if (bytes.byteOffset % 4 === 0) out.set(new Float32Array(bytes.buffer, bytes.byteOffset, n));
      else for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
      return out;
    case 'f8':
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(i * 8, true);
      return out;
    case 'f2':
      for (let i = 0; i < n; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
      return out;
    default:
      throw new Error(`values of type ${dtype} are not weights (nnwalk reads float16, float32, float64 and bfloat16)`);
  }
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** Opens HDF5 bytes; `name` names the file in every message. */
export function openHdf5(bytes: Uint8Array, name: string): Hdf5File {
  // jsfive wants an ArrayBuffer of exactly the file.
  const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer;
  let file: hdf5.File;
  try {
    file = new hdf5.File(buffer, name);
  } catch (err) {
    throw new Error(`${name} is not a readable HDF5 file: ${messageOf(err)}`);
  }
  const at = (path: string): hdf5.Group | hdf5.Dataset | null => {
    try {
      return path === '' ? file : file.get(path);
    } catch {
      return null;
    }
  };
  const guard = <T>(path: string, f: () => T): T => {
    try {
      return f();
    } catch (err) {
      throw new Error(`${name}: '${path || '/'}' cannot be read (${messageOf(err)})`);
    }
  };
  const info = (path: string): DatasetInfo | null => {
    const node = at(path);
    if (!(node instanceof hdf5.Dataset)) return null;
    return guard(path, () => ({ shape: [...node.shape], dtype: typeof node.dtype === 'string' ? node.dtype : JSON.stringify(node.dtype), attrs: Object.fromEntries(Object.entries(node.attrs).map(([k, v]) => [k, cleanString(v)])) }));
  };
  return {
    attrs(path) {
      const node = at(path);
      if (!node) return {};
      return guard(path, () => Object.fromEntries(Object.entries(node.attrs).map(([k, v]) => [k, cleanString(v)])));
    },
    keys(path) {
      const node = at(path);
      if (!(node instanceof hdf5.Group)) return null;
      return guard(path, () => [...node.keys]);
    },
    dataset: info,
    readFloats(path) {
      const d = info(path);
      if (!d) throw new Error(`${name} has no dataset '${path}'`);
      const n = d.shape.reduce((a, b) => a * b, 1);
      const size = itemSize(d.dtype);
      if (!Number.isSafeInteger(n) || n > kMaxElements) throw new Error(`${name}: dataset '${path}' declares ${n} values; nnwalk reads at most ${kMaxElements}`);
      if (!size || n * size > bytes.byteLength) throw new Error(`${name}: dataset '${path}' declares ${n} values of type ${d.dtype}, more than the file's ${bytes.byteLength} bytes hold (nnwalk reads uncompressed weights)`);
      const bfloat16 = d.attrs.dtype === 'bfloat16';
      const node = at(path) as hdf5.Dataset;
      return guard(path, () => {
        const objects = node._dataobjects;
        const message = objects.find_msg_type(kDataStorageMessage)[0];
        const [, , layout, properties] = objects._get_data_message_properties(message.get('offset_to_message'));
        if (layout === 1) {
          // Contiguous: an 8-byte address of the data follows the layout properties.
          const view = new DataView(buffer);
          const address = Number(view.getBigUint64(properties, true));
          if (address + n * size > buffer.byteLength) throw new Error(`its data at byte ${address} runs past the end of the file`);
          return toFloats(new Uint8Array(buffer, address, n * size), n, d.dtype, bfloat16);
        }
        const values = node.value as ArrayLike<number>;
        if (values.length !== n) throw new Error(`it holds ${values.length} values, its shape says ${n}`);
        if (bfloat16) return toFloats(new Uint8Array(Uint16Array.from(values).buffer), n, '<u2', true);
        return Float32Array.from(values);
      });
    },
  };
}
