/**
 * The binary container behind `.nnwalk` files: a small JSON header plus 8-byte-aligned typed-array blocks.
 *
 *   bytes 0–7    magic "NNWALKPN"
 *   bytes 8–11   u32 format version (little endian)
 *   bytes 12–15  u32 header length H in bytes
 *   bytes 16…    header: UTF-8 JSON, padded with spaces so blocks start 8-aligned
 *   then         blocks, each at the byte offset the header gives (8-aligned), little endian
 *
 * The header holds `totalBytes` (file length) and `blocks: [{name, dtype, offset, length}]` (length in
 * elements) besides whatever metadata the caller adds.
 */

export const kMagic = 'NNWALKPN';
const kPrefixBytes = 16;
/** Refuse headers larger than this: a real header is a few KB. */
const kMaxHeaderBytes = 16 * 1024 * 1024;

export type BlockDType = 'float32' | 'uint32';
export type BlockArray = Float32Array | Uint32Array;

export interface BlockInfo { name: string; dtype: BlockDType; offset: number; length: number }

const align8 = (n: number) => (n + 7) & ~7;
const dtypeOf = (a: BlockArray): BlockDType => (a instanceof Float32Array ? 'float32' : 'uint32');

/** Packs `meta` and the named arrays into one byte buffer. */
export function writeContainer(version: number, meta: Record<string, unknown>, blocks: Record<string, BlockArray>): Uint8Array {
  const entries = Object.entries(blocks);
  const encoder = new TextEncoder();
  // Block offsets depend on the header's length, which depends on the offsets: grow until stable.
  let headerBytes = 0;
  let header: Uint8Array;
  let infos: BlockInfo[];
  let total: number;
  for (;;) {
    let at = align8(kPrefixBytes + headerBytes);
    infos = entries.map(([name, array]) => {
      const info = { name, dtype: dtypeOf(array), offset: at, length: array.length };
      at = align8(at + array.byteLength);
      return info;
    });
    total = at;
    header = encoder.encode(JSON.stringify({ ...meta, totalBytes: total, blocks: infos }));
    const padded = align8(kPrefixBytes + header.byteLength) - kPrefixBytes;
    if (padded <= headerBytes) break;
    headerBytes = padded;
  }
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  for (let i = 0; i < kMagic.length; i++) out[i] = kMagic.charCodeAt(i);
  view.setUint32(8, version, true);
  view.setUint32(12, headerBytes, true);
  out.fill(0x20, kPrefixBytes, kPrefixBytes + headerBytes);
  out.set(header, kPrefixBytes);
  entries.forEach(([, array], i) => out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), infos[i].offset));
  return out;
}

export interface ParsedContainer {
  version: number;
  meta: Record<string, unknown>;
  blocks: Map<string, BlockArray>;
}

/** Unpacks a container, checking the magic, the version and that every block lies inside the bytes. */
export function readContainer(bytes: Uint8Array, supportedVersion: number, label: string): ParsedContainer {
  if (bytes.byteLength < kPrefixBytes) throw new Error(`${label}: file is truncated (${bytes.byteLength} bytes; not even a header)`);
  const magic = String.fromCharCode(...bytes.subarray(0, kMagic.length));
  if (magic !== kMagic) throw new Error(`${label}: not an nnwalk processed network (wrong magic ${JSON.stringify(magic)}, expected "${kMagic}")`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version < 1 || version > supportedVersion) throw new Error(`${label}: format version ${version} is not supported (this build reads versions 1 to ${supportedVersion})`);
  const headerBytes = view.getUint32(12, true);
  if (headerBytes > kMaxHeaderBytes) throw new Error(`${label}: header declares ${headerBytes} bytes, more than the ${kMaxHeaderBytes}-byte limit`);
  if (kPrefixBytes + headerBytes > bytes.byteLength) throw new Error(`${label}: file is truncated inside its header (${bytes.byteLength} bytes, header needs ${kPrefixBytes + headerBytes})`);
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(kPrefixBytes, kPrefixBytes + headerBytes)));
  } catch (err) {
    throw new Error(`${label}: header is not valid JSON (${(err as Error).message})`);
  }
  if (typeof meta !== 'object' || meta === null) throw new Error(`${label}: header is not a JSON object`);
  if (typeof meta.totalBytes === 'number' && meta.totalBytes !== bytes.byteLength) {
    throw new Error(`${label}: file is ${meta.totalBytes > bytes.byteLength ? 'truncated' : 'longer than declared'}: header declares ${meta.totalBytes} bytes, got ${bytes.byteLength}`);
  }
  if (!Array.isArray(meta.blocks)) throw new Error(`${label}: header has no block table`);
  const blocks = new Map<string, BlockArray>();
  for (const raw of meta.blocks as unknown[]) {
    const b = raw as Partial<BlockInfo>;
    if (typeof b?.name !== 'string' || (b.dtype !== 'float32' && b.dtype !== 'uint32') || !Number.isSafeInteger(b.offset) || !Number.isSafeInteger(b.length)) {
      throw new Error(`${label}: malformed block entry ${JSON.stringify(raw)}`);
    }
    const offset = b.offset as number;
    const length = b.length as number;
    if (offset < kPrefixBytes + headerBytes || offset % 4 !== 0 || length < 0) throw new Error(`${label}: block '${b.name}' has an invalid offset ${offset}`);
    const end = offset + length * 4;
    if (end > bytes.byteLength) throw new Error(`${label}: block '${b.name}' is truncated: needs bytes ${offset}–${end}, file has ${bytes.byteLength}`);
    if (blocks.has(b.name)) throw new Error(`${label}: block '${b.name}' appears twice`);
    // Copy: the source bytes may be unaligned or shared (file reads, transfers).
    const copy = bytes.slice(offset, end).buffer;
    blocks.set(b.name, b.dtype === 'float32' ? new Float32Array(copy) : new Uint32Array(copy));
  }
  return { version, meta, blocks };
}
