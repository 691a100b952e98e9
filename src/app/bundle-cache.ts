/**
 * Bundled networks cached in IndexedDB, keyed by a hash of what determines the result: the straight
 * network's structure, positions and importance, and the processing config (plus the bundler version,
 * so an algorithm change invalidates old entries). A reload of the same model and settings is instant.
 * Storage failures (private browsing, quota) are reported once on the console and otherwise ignored
 * (idb-store.ts).
 */
import { decodeProcessedNetwork, encodeProcessedNetwork } from '../../processing/format/codec';
import type { ProcessedNetwork } from '../../processing/format/processed-network';
import type { WarmStart } from '../../processing/bundling/warm';
import { bytesOf, createKeyedStore, sha256Hex } from './idb-store';

/** Bump when bundling changes what it computes. */
export const kBundlerVersion = 'kdeeb-4';
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

/** SHA-256 over the inputs of bundling, hex: a warm start's result also depends on the picture it started from. */
function hashInputs(net: ProcessedNetwork, warm?: WarmStart): Promise<string> {
  const header = new TextEncoder().encode(JSON.stringify({ v: kBundlerVersion, c: net.classCount, p: net.configs.processing, warm: warm?.iterations ?? 0 }));
  const parts = [header, bytesOf(net.layerSizes), bytesOf(net.nodePositions), bytesOf(net.nodeImportance), bytesOf(net.edgeSource), bytesOf(net.edgeTarget), bytesOf(net.edgeImportance)];
  if (warm) {
    const w = warm.previous;
    parts.push(bytesOf(w.nodePositions), bytesOf(w.edgeSource), bytesOf(w.edgeTarget), bytesOf(w.polylineOffsets), bytesOf(w.polylinePoints));
  }
  return sha256Hex(parts);
}

/** Opens (creating if needed) the cache. */
export function createBundleCache(): BundleCache {
  const store = createKeyedStore<Uint8Array>('bundled', kMaxEntries, 'bundle cache');
  return {
    keyOf: hashInputs,
    async get(key) {
      const bytes = await store.get(key);
      if (!bytes) return null;
      try {
        return decodeProcessedNetwork(bytes, 'cached bundling');
      } catch {
        return null; // a damaged entry is a miss (and is overwritten)
      }
    },
    put: (key, network) => store.put(key, encodeProcessedNetwork(network)),
    clear: () => store.clear(),
  };
}
