/** Where a model's weight shards come from: files next to model.json, URLs, or an in-memory set (file picker). */
export interface WeightSource {
  /** Human-readable location of `path`, for error messages. */
  describe(path: string): string;
  /** Byte size of `path` without reading it, when the source can tell (lets size checks run before any read). */
  size?(path: string): Promise<number | null>;
  /** Reads the whole file; rejects with a message naming the file when it is missing. */
  read(path: string): Promise<Uint8Array>;
}

/** Weight shards fetched relative to the URL of model.json (works in browsers, workers and Node ≥ 18). */
export function urlWeightSource(modelUrl: string, fetchFn: typeof fetch = fetch): WeightSource {
  const base = new URL(modelUrl, typeof location !== 'undefined' ? location.href : 'file:///');
  const url = (path: string) => new URL(path, base).toString();
  return {
    describe: url,
    async read(path) {
      let response: Response;
      try {
        response = await fetchFn(url(path));
      } catch (err) {
        throw new Error(`weight file '${path}' could not be fetched from ${url(path)}: ${(err as Error).message}`);
      }
      if (!response.ok) throw new Error(`weight file '${path}' is missing: ${url(path)} answered ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}

/** Weight shards held in memory by file name (files a user picked or dropped). */
export function mapWeightSource(files: ReadonlyMap<string, Uint8Array>): WeightSource {
  const find = (path: string) => files.get(path) ?? files.get(path.split('/').pop() ?? path);
  return {
    describe: (path) => `'${path}'`,
    async size(path) {
      return find(path)?.byteLength ?? null;
    },
    async read(path) {
      const bytes = find(path);
      if (!bytes) throw new Error(`weight file '${path}' is missing: it was not among the files given (${[...files.keys()].join(', ') || 'none'})`);
      return bytes;
    },
  };
}
