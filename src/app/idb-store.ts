/**
 * A small keyed cache in IndexedDB (one object store per cache, in the app's database): values by key,
 * the oldest dropped past `maxEntries`. Storage failures (private browsing, quota) are reported once
 * through `warn` and otherwise ignored: a cache that cannot store is a cache that always misses.
 */
const kDatabase = 'nnwalk';
/** Every store of the database: opening it creates whichever are missing. */
const kStores = ['bundled', 'visualized'] as const;
const kVersion = 2;

export type StoreName = (typeof kStores)[number];

export interface KeyedStore<T> {
  get(key: string): Promise<T | null>;
  put(key: string, value: T): Promise<void>;
  clear(): Promise<void>;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

let db: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  db ??= new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === 'undefined') return reject(new Error('IndexedDB is not available'));
    const r = indexedDB.open(kDatabase, kVersion);
    r.onupgradeneeded = () => {
      for (const name of kStores) if (!r.result.objectStoreNames.contains(name)) r.result.createObjectStore(name);
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('could not open IndexedDB'));
  });
  db.catch(() => { db = null; });
  return db;
}

/** The keyed store `name`, keeping the `maxEntries` most recent values. */
export function createKeyedStore<T>(name: StoreName, maxEntries: number, what: string): KeyedStore<T> {
  let warned = false;
  const warn = (err: unknown) => {
    if (!warned) console.warn(`nnwalk: the ${what} is unavailable:`, err);
    warned = true;
  };
  return {
    async get(key) {
      try {
        const entry = await request((await open()).transaction(name, 'readonly').objectStore(name).get(key)) as { value: T } | undefined;
        return entry?.value ?? null; // an entry of an older layout is a miss
      } catch (err) {
        warn(err);
        return null;
      }
    },
    async put(key, value) {
      try {
        const store = (await open()).transaction(name, 'readwrite').objectStore(name);
        await request(store.put({ value, time: Date.now() }, key));
        const keys = await request(store.getAllKeys());
        if (keys.length > maxEntries) {
          const entries = await request(store.getAll()) as { time: number }[];
          const order = keys.map((k, i) => [k, entries[i].time] as const).sort((a, b) => a[1] - b[1]);
          for (const [k] of order.slice(0, keys.length - maxEntries)) store.delete(k);
        }
      } catch (err) {
        warn(err);
      }
    },
    async clear() {
      try {
        await request((await open()).transaction(name, 'readwrite').objectStore(name).clear());
      } catch (err) {
        warn(err);
      }
    },
  };
}

/** SHA-256 of `parts`, hex. */
export async function sha256Hex(parts: Uint8Array[]): Promise<string> {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.byteLength;
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A typed array's bytes (no copy). */
export function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
