/**
 * Bundling on N Node worker threads (the CLI's CPU backend): the app's split run generalised — every
 * thread bundles share i of every gap's edges; after each splat the threads sum, blur and differentiate
 * the density grid together in shared memory (shared-grids.ts; the browser's two workers exchange grids
 * by message instead, as SharedArrayBuffer needs a cross-origin-isolated page there), and the shares are
 * merged into one network (merge-shares.ts). One thread runs in this thread, without workers.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { bundleNetwork, type BundleProgress, type BundleResult } from '../bundling/bundle';
import type { ProcessedNetwork } from '../format/processed-network';
import { splitMerger } from './merge-shares';
import type { SharedGrids } from './shared-grids';

/** What the main thread sends each bundling thread: its job, then (shares > 0) the run's shared grids. */
export type ToThread =
  | { type: 'job'; network: ProcessedNetwork; share: { index: number; of: number }; classAware: boolean; moveNodes: boolean }
  | { type: 'shared'; shared: SharedGrids };

/** What a bundling thread sends back (share 0 also the shared grids it allocated, for the others). */
export type ThreadMessage =
  | { type: 'progress'; progress: BundleProgress }
  | { type: 'shared'; shared: SharedGrids }
  | { type: 'result'; result: BundleResult }
  | { type: 'error'; message: string };

/** Edges per thread below which another thread costs more (start-up, exchange) than it saves. */
export const kEdgesPerThread = 20_000;

/** Threads a run uses by default: the machine's cores, at most one per kEdgesPerThread edges. */
export function defaultThreads(edges: number): number {
  return Math.max(1, Math.min(availableParallelism(), Math.ceil(edges / kEdgesPerThread)));
}

export interface ThreadOptions {
  threads: number;
  classAware?: boolean;
  moveNodes?: boolean;
  onProgress?: (p: BundleProgress) => void;
  /** Aborting terminates the threads; the promise rejects with "bundling cancelled". */
  signal?: AbortSignal;
}

/** Starts one thread: the compiled script beside the compiled CLI, else the source through tsx's loader. */
function startThread(): Worker {
  const here = import.meta.url;
  const built = new URL('./bundling-thread.mjs', here);
  if (!here.endsWith('.ts') && existsSync(fileURLToPath(built))) return new Worker(built, { name: 'nnwalk-bundling' });
  // A loader passed as --import in execArgv does not reach a worker's entry in Node 20: register it first.
  const api = pathToFileURL(join(dirname(createRequire(here).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const source = new URL('./bundling-thread.ts', here).href;
  return new Worker(`import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(source)}); })`, { eval: true, name: 'nnwalk-bundling' });
}

/** Bundles `net` on `threads` threads; the result equals a one-thread run within the split tolerance. */
export async function bundleOnThreads(net: ProcessedNetwork, options: ThreadOptions): Promise<BundleResult> {
  const n = Math.max(1, Math.floor(options.threads));
  if (n === 1) return bundleNetwork(net, { classAware: options.classAware, moveNodes: options.moveNodes, signal: options.signal, onProgress: options.onProgress });
  const workers = Array.from({ length: n }, startThread);
  try {
    const results = await new Promise<BundleResult[]>((resolve, reject) => {
      const done: BundleResult[] = [];
      let count = 0;
      const onAbort = () => reject(new Error('bundling cancelled'));
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      workers.forEach((worker, index) => {
        worker.on('message', (m: ThreadMessage) => {
          if (m.type === 'progress') options.onProgress?.(m.progress);
          else if (m.type === 'shared') workers.slice(1).forEach((w) => w.postMessage(m satisfies ToThread));
          else if (m.type === 'error') reject(new Error(m.message));
          else {
            done[index] = m.result;
            if (++count === n) resolve(done);
          }
        });
        worker.on('error', (err) => reject(new Error(`bundling thread ${index} failed: ${err.message}`)));
        worker.on('exit', (code) => { if (done[index] === undefined) reject(new Error(`bundling thread ${index} exited (code ${code}) before finishing`)); });
        const job: ToThread = { type: 'job', network: net, share: { index, of: n }, classAware: options.classAware !== false, moveNodes: options.moveNodes !== false };
        worker.postMessage(job);
      });
    });
    const first = results[0];
    const network = splitMerger(net, n).result(results.map((r) => r.network));
    network.stats = { ...network.stats, backend: `cpu (${n} threads)` };
    return {
      network,
      timings: { nodesMs: first.timings.nodesMs, edgesMs: Math.max(...results.map((r) => r.timings.edgesMs)), totalMs: Math.max(...results.map((r) => r.timings.totalMs)) },
    };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
