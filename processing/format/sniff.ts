/**
 * What kind of file a byte buffer holds, told from its first bytes (never from its name), so a command
 * or the app can say "this is a tfjs model, not a processed network" instead of failing deep in a parser.
 */
import { kMagic } from './container';

export type FileKind = 'nnwalk' | 'tfjs-model' | 'json' | 'zip' | 'hdf5' | 'pickle' | 'onnx' | 'unknown';

const kHdf5 = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** The kind of file `bytes` starts like (only the first 64 KB are read for JSON). */
export function sniffFile(bytes: Uint8Array): FileKind {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (bytes.length >= 8 && String.fromCharCode(...bytes.subarray(0, 8)) === kMagic) return 'nnwalk';
  if (starts([0x50, 0x4b, 0x03, 0x04]) || starts([0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (starts(kHdf5)) return 'hdf5';
  // Python pickles (PyTorch's legacy .pt files) open with PROTO 2–5.
  if (bytes[0] === 0x80 && bytes[1] >= 2 && bytes[1] <= 5) return 'pickle';
  let i = 0;
  while (i < bytes.length && i < 1024 && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09 || bytes[i] === 0xef || bytes[i] === 0xbb || bytes[i] === 0xbf)) i++;
  if (bytes[i] === 0x7b) {
    const head = new TextDecoder().decode(bytes.subarray(i, Math.min(bytes.length, i + 65536)));
    return /"modelTopology"\s*:/.test(head) ? 'tfjs-model' : 'json';
  }
  return looksLikeOnnx(bytes) ? 'onnx' : 'unknown';
}

/**
 * ONNX files are protobuf ModelProtos: field 1 (ir_version, a small varint) comes first, then one of the
 * model's other fields (producer, domain, version, doc, graph, opsets) — the check Netron makes too.
 */
function looksLikeOnnx(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0x08 || bytes[1] < 1 || bytes[1] > 20) return false;
  return [0x12, 0x1a, 0x22, 0x28, 0x32, 0x3a, 0x42, 0x72].includes(bytes[2]);
}

/** A short description of a file kind, for messages ("a tfjs model (model.json)"). */
export function describeKind(kind: FileKind): string {
  return {
    nnwalk: 'an nnwalk processed network (.nnwalk)',
    'tfjs-model': 'a tfjs model (model.json)',
    json: 'a JSON file',
    zip: 'a ZIP archive',
    hdf5: 'an HDF5 file',
    pickle: 'a Python pickle (a PyTorch .pt / .pth checkpoint?)',
    onnx: 'an ONNX model',
    unknown: 'a file of unknown kind',
  }[kind];
}
