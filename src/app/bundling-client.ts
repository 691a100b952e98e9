/**
 * The app's side of bundling: owns the bundling workers (one, or two splitting the edges when the CPU
 * backend runs on a machine with ≥ 2 cores), starts jobs, forwards progress and cancels. A new job
 * supersedes the running one: its progress and result are dropped, never drawn. A crashed worker fails
 * the running job with a message and is replaced on the next job.
 */
import * as Comlink from 'comlink';
import type { ProcessedNetwork } from '../../processing/format/processed-network';
import type { MovedNodes } from '../../processing/bundling/local';
import type { WarmStart } from '../../processing/bundling/warm';
import { splitMerger, type Csr } from '../../processing/worker/merge-shares';
import type { BackendChoice, BundlingWorkerApi, Capabilities, WorkerProgress, WorkerResult } from '../../processing/worker/protocol';

export interface JobProgress {
  stage: 'nodes' | 'edges';
  iteration: number;
  iterations: number;
  elapsedMs: number;
  polylines?: Csr;
}

export interface JobOptions {
  moved?: MovedNodes;
  /** Warm-start from an earlier picture of the same architecture (runs on the CPU). */
  warm?: WarmStart;
  withPolylines?: boolean;
  onProgress?: (p: JobProgress) => void;
}

export interface BundlingClient {
  readonly backend: BackendChoice;
  /** How many workers a full CPU bundling uses. */
  readonly cpuWorkers: number;
  capabilities(): Promise<Capabilities>;
  /** Bundles `network` (straight; or bundled with `moved`); rejects with "bundling cancelled" when superseded or cancelled. */
  bundle(network: ProcessedNetwork, options?: JobOptions): Promise<WorkerResult>;
  /** Cancels the running job, if any. */
  cancel(): void;
  /** Test hook: crashes the first worker. */
  crashWorker(): void;
  dispose(): void;
}

interface Slot { worker: Worker; api: Comlink.Remote<BundlingWorkerApi> }

const kCancelled = 'bundling cancelled';

/**
 * Creates a client for `backend`; `hardwareConcurrency` decides the CPU split; `onWorkerError` hears of
 * every worker crash (also between jobs).
 */
export function createBundlingClient(backend: BackendChoice, onWorkerError: (message: string) => void, hardwareConcurrency = navigator.hardwareConcurrency || 1): BundlingClient {
  const cpuWorkers = backend === 'cpu' && hardwareConcurrency >= 2 ? 2 : 1;
  let slots: Slot[] = [];
  /** Whether slots[0] and slots[1] share a density-exchange channel. */
  let linked = false;
  let jobId = 0;
  let active: { id: number; reject: (err: Error) => void } | null = null;

  function spawn(): Slot {
    const worker = new Worker(new URL('../workers/bundling.worker.ts', import.meta.url), { type: 'module', name: 'nnwalk-bundling' });
    const slot = { worker, api: Comlink.wrap<BundlingWorkerApi>(worker) };
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      fail(`the bundling worker failed: ${event.message || 'unknown error'}`);
    });
    return slot;
  }

  /** Drops every worker (they are respawned on demand) and fails the running job. */
  function fail(message: string): void {
    for (const s of slots) {
      s.api[Comlink.releaseProxy]();
      s.worker.terminate();
    }
    slots = [];
    linked = false;
    const job = active;
    active = null;
    job?.reject(new Error(message));
    onWorkerError(message);
  }

  function ensure(count: number): Slot[] {
    while (slots.length < count) slots.push(spawn());
    if (count === 2 && !linked) {
      const channel = new MessageChannel();
      void slots[0].api.connectPeers(Comlink.transfer([{ index: 1, port: channel.port1 }], [channel.port1]));
      void slots[1].api.connectPeers(Comlink.transfer([{ index: 0, port: channel.port2 }], [channel.port2]));
      linked = true;
    }
    return slots.slice(0, count);
  }

  function cancelRunning(): void {
    if (!active) return;
    const job = active;
    active = null;
    for (const s of slots) void s.api.cancel(job.id);
    job.reject(new Error(kCancelled));
  }

  async function runSplit(id: number, network: ProcessedNetwork, options: JobOptions, workers: Slot[]): Promise<WorkerResult> {
    const merger = splitMerger(network, workers.length);
    const pending = new Map<number, Csr[]>();
    const forward = (index: number) => (p: WorkerProgress) => {
      if (active?.id !== id) return;
      if (p.stage === 'nodes') {
        if (index === 0) options.onProgress?.(p);
        return;
      }
      if (!p.polylines) {
        if (index === 0) options.onProgress?.(p);
        return;
      }
      const parts = pending.get(p.iteration) ?? [];
      parts[index] = p.polylines;
      pending.set(p.iteration, parts);
      if (parts.filter(Boolean).length === workers.length) {
        pending.delete(p.iteration);
        options.onProgress?.({ ...p, ...merger.progress(parts, p.nodePositions) });
      }
    };
    const results = await Promise.all(workers.map((s, index) => s.api.bundle(
      { id, network, backend: 'cpu', withPolylines: options.withPolylines ?? false, warm: options.warm, share: { index, of: workers.length } },
      Comlink.proxy(forward(index)),
    )));
    const first = results[0];
    return {
      ...first,
      network: merger.result(results.map((r) => r.network)),
      timings: { totalMs: Math.max(...results.map((r) => r.timings.totalMs)), nodesMs: first.timings.nodesMs, edgesMs: Math.max(...results.map((r) => r.timings.edgesMs ?? 0)) },
    };
  }

  return {
    backend,
    cpuWorkers,
    async capabilities() {
      return ensure(1)[0].api.capabilities();
    },
    bundle(network, options = {}) {
      cancelRunning();
      const id = ++jobId;
      return new Promise<WorkerResult>((resolve, reject) => {
        active = { id, reject };
        const split = !options.moved && cpuWorkers > 1;
        const workers = ensure(split ? cpuWorkers : 1);
        const run = split
          ? runSplit(id, network, options, workers)
          : workers[0].api.bundle(
            { id, network, backend, moved: options.moved, warm: options.warm, withPolylines: options.withPolylines ?? false },
            Comlink.proxy((p: WorkerProgress) => { if (active?.id === id) options.onProgress?.(p); }),
          );
        run.then(
          (result) => {
            if (active?.id !== id) return; // superseded or failed meanwhile: already rejected
            active = null;
            resolve(result);
          },
          (err: Error) => {
            if (active?.id !== id) return;
            active = null;
            reject(err);
          },
        );
      });
    },
    cancel: cancelRunning,
    crashWorker() {
      void ensure(1)[0].api.crash();
    },
    dispose() {
      cancelRunning();
      for (const s of slots) {
        void s.api.dispose();
        s.api[Comlink.releaseProxy]();
        s.worker.terminate();
      }
      slots = [];
      linked = false;
    },
  };
}
