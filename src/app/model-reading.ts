/**
 * Getting model bytes into memory with progress and a way out: files and URLs are read in chunks (bytes
 * read of the total), then parsed in a worker (src/workers/model-load.worker.ts). Cancel aborts the read
 * or terminates the worker; the caller gets an AbortError and keeps what was on screen.
 */
import type { NamedBytes } from '../../processing/model/load-model-files';
import type { ModelGraph } from '../../processing/model/model-graph';
import type { ModelLoadReply, ModelLoadRequest } from '../workers/model-load.worker';

/** What a load is doing, for the progress bar. */
export interface LoadProgress { name: string; stage: 'reading' | 'parsing' | 'laying out'; loaded: number; total: number }

export type OnProgress = (p: LoadProgress) => void;

function aborted(): Error {
  return new DOMException('the load was cancelled', 'AbortError');
}

/** Whether an error is a cancelled load (not reported as a failure). */
export function isCancelled(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

/** Reads a stream to its end, reporting bytes read; `total` may be 0 when unknown. */
async function readStream(stream: ReadableStream<Uint8Array>, name: string, total: number, signal: AbortSignal, onProgress: OnProgress): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  // With the size known up front the chunks go straight into one buffer (one copy of the file, not two).
  let whole = total > 0 ? new Uint8Array(total) : null;
  let loaded = 0;
  const stop = () => { void reader.cancel(); };
  signal.addEventListener('abort', stop);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal.aborted) throw aborted();
      if (done) break;
      if (whole && loaded + value.byteLength <= whole.byteLength) whole.set(value, loaded);
      else {
        // More than announced (a compressed response's Content-Length): gather chunks instead.
        if (whole) { chunks.push(whole.subarray(0, loaded)); whole = null; }
        chunks.push(value);
      }
      loaded += value.byteLength;
      // A total overrun (compressed transfer) turns the bar indeterminate rather than full.
      onProgress({ name, stage: 'reading', loaded, total: loaded <= total ? total : 0 });
    }
  } finally {
    signal.removeEventListener('abort', stop);
  }
  if (whole) return loaded === whole.byteLength ? whole : whole.subarray(0, loaded);
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.byteLength; }
  return out;
}

/** Reads dropped or picked files, one after another, with progress over their summed size. */
export async function readFiles(files: File[], signal: AbortSignal, onProgress: OnProgress): Promise<NamedBytes[]> {
  const total = files.reduce((n, f) => n + f.size, 0);
  let before = 0;
  const out: NamedBytes[] = [];
  for (const f of files) {
    const label = files.length > 1 ? `${files.length} files` : f.name;
    const bytes = await readStream(f.stream(), label, f.size, signal, (p) => onProgress({ ...p, loaded: before + p.loaded, total }));
    before += f.size;
    out.push({ name: f.name, bytes });
  }
  return out;
}

/** Fetches a URL's bytes with progress (from Content-Length when the server sends it). */
export async function readUrl(url: string, signal: AbortSignal, onProgress: OnProgress): Promise<NamedBytes> {
  let response: Response;
  const name = decodeURIComponent(new URL(url).pathname.split('/').pop() || url);
  try {
    response = await fetch(url, { signal });
  } catch (err) {
    if (signal.aborted) throw aborted();
    throw new Error(`could not fetch model ${url}: ${(err as Error).message}`);
  }
  if (!response.ok) throw new Error(`could not fetch model ${url}: the server answered ${response.status}`);
  // Single-page servers answer unknown paths with the app's own index.html.
  if ((response.headers.get('content-type') ?? '').includes('text/html')) throw new Error(`could not fetch model ${url}: the server answered with an HTML page, not a model file (is the path right?)`);
  // Content-Length counts the encoded bytes when the server compresses: then the size is unknown.
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const total = encoded ? 0 : Number(response.headers.get('content-length') ?? 0);
  const bytes = response.body ? await readStream(response.body, name, total, signal, onProgress) : new Uint8Array(await response.arrayBuffer());
  return { name, bytes };
}

/** Parses model files in a worker; `baseUrl` resolves companions (shards, external data) of a URL model. */
export function parseInWorker(files: NamedBytes[], baseUrl: string | null, maxConnections: number, signal: AbortSignal): Promise<ModelGraph> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) { reject(aborted()); return; }
    const worker = new Worker(new URL('../workers/model-load.worker.ts', import.meta.url), { type: 'module', name: 'nnwalk-model-load' });
    const end = () => { worker.terminate(); signal.removeEventListener('abort', cancel); };
    const cancel = () => { end(); reject(aborted()); };
    signal.addEventListener('abort', cancel);
    worker.onmessage = (e: MessageEvent<ModelLoadReply>) => {
      end();
      if ('graph' in e.data) resolve(e.data.graph);
      else reject(new Error(e.data.error));
    };
    worker.onerror = (e) => { end(); reject(new Error(`the model reader stopped: ${e.message || 'worker error'}`)); };
    // Handing the bytes over (not copying them) keeps a large model's memory at one copy.
    worker.postMessage({ files, baseUrl, maxConnections } satisfies ModelLoadRequest, [...new Set(files.map((f) => f.bytes.buffer as ArrayBuffer))]);
  });
}
