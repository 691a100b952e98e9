/**
 * Bundled networks cached in IndexedDB, keyed by a hash of what determines the result: the straight
 * network's structure, positions and importance, and the processing config (plus the bundler version,
 * so an algorithm change invalidates old entries). A reload of the same model and settings is instant.
 * Storage failures (private browsing, quota) are reported once on the console and otherwise ignored.
 */
import { decodeProcessedNetwork, encodeProcessedNetwork } from '../../processing/format/codec';
import type { ProcessedNetwork } from '../../processing/format/processed-network';
import type { WarmStart } from '../../processing/bundling/warm';

/** Bump when bundling changes what it computes. */
export const kBundlerVersion = 'kdeeb-4';
const kDatabase = 'nnwalk';
const kStore = 'bundled';
/**
 * Entries kept (oldest dropped first; a default-size network is ~10 MB): room for a training playback's
 * thirteen epochs and a comparison's three networks, so scrubbing back never recomputes.
 */
const kMaxEntries = 20;

export interface BundleCache {
  /** The key of `straight` bundled (from scratch, or warm-started from an earlier picture). */
  keyOf(straight: ProcessedNetwork, warm?: WarmStart): Promise<string>;
  get(key: string): Promise<ProcessedNetwork | null>;
  put(key: string, network: ProcessedNetwork): Promise<void>;
  clear(): Promise<void>;
}

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** SHA-256 over the inputs of bundling, hex: a warm start's result also depends on the picture it started from. */
async function hashInputs(net: ProcessedNetwork, warm?: WarmStart): Promise<string> {
  const header = new TextEncoder().encode(JSON.stringify({ v: kBundlerVersion, c: net.classCount, p: net.configs.processing, warm: warm?.iterations ?? 0 }));
  const parts = [header, bytesOf(net.layerSizes), bytesOf(net.nodePositions), bytesOf(net.nodeImportance), bytesOf(net.edgeSource), bytesOf(net.edgeTarget), bytesOf(net.edgeImportance)];
  if (warm) {
    const w = warm.previous;
    parts.push(bytesOf(w.nodePositions), bytesOf(w.edgeSource), bytesOf(w.edgeTarget), bytesOf(w.polylineOffsets), bytesOf(w.polylinePoints));
  }
  const all = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.byteLength;
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** Opens (creating if needed) the cache database. */
export function createBundleCache(): BundleCache {
  let db: Promise<IDBDatabase> | null = null;
  let warned = false;
  const open = () => {
    db ??= new Promise<IDBDatabase>((resolve, reject) => {
      if (typeof indexedDB === 'undefined') return reject(new Error('IndexedDB is not available'));
      const r = indexedDB.open(kDatabase, 1);
      r.onupgradeneeded = () => r.result.createObjectStore(kStore);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new Error('could not open IndexedDB'));
    });
    return db;
  };
  const warn = (err: unknown) => {
    if (!warned) console.warn('nnwalk: the bundle cache is unavailable:', err);
    warned = true;
  };
  return {
    keyOf: hashInputs,
    async get(key) {
      try {
        const tx = (await open()).transaction(kStore, 'readonly');
        const entry = await request(tx.objectStore(kStore).get(key)) as { bytes: Uint8Array } | undefined;
        return entry ? decodeProcessedNetwork(entry.bytes, 'cached bundling') : null;
      } catch (err) {
        warn(err);
        return null;
      }
    },
    async put(key, network) {
      try {
        const store = (await open()).transaction(kStore, 'readwrite').objectStore(kStore);
        await request(store.put({ bytes: encodeProcessedNetwork(network), time: Date.now() }, key));
        const keys = await request(store.getAllKeys());
        if (keys.length > kMaxEntries) {
          const entries = await request(store.getAll()) as { time: number }[];
          const order = keys.map((k, i) => [k, entries[i].time] as const).sort((a, b) => a[1] - b[1]);
          for (const [k] of order.slice(0, keys.length - kMaxEntries)) store.delete(k);
        }
      } catch (err) {
        warn(err);
      }
    },
    async clear() {
      try {
        await request((await open()).transaction(kStore, 'readwrite').objectStore(kStore).clear());
      } catch (err) {
        warn(err);
      }
    },
  };
}
