/**
 * The app's side of the analysis worker: one worker (started on the first job), jobs answered in order,
 * the model sent again only when it changed, and Cancel by terminating the worker (every running and
 * queued job then rejects as cancelled; the next job starts a fresh worker).
 */
import type { AnalysisJob, AnalysisReply, AnalysisRequest, AnalysisResult, AnalysisSetup } from '../workers/analysis-protocol';

export interface AnalysisClient {
  /** Runs `job` on `setup`'s model (null: the job needs none, or the last one sent); `onProgress` while it runs. */
  run(setup: AnalysisSetup | null, job: AnalysisJob, onProgress?: (done: number, total: number, what: string) => void): Promise<AnalysisResult>;
  /** Ends every running and queued job. */
  cancel(): void;
  /** Jobs sent and not yet answered. */
  pending(): number;
  dispose(): void;
}

interface Pending { resolve(r: AnalysisResult): void; reject(e: Error): void; onProgress?: (done: number, total: number, what: string) => void }

/** Creates the client; no worker runs until the first job. */
export function createAnalysisClient(): AnalysisClient {
  let worker: Worker | null = null;
  let sentSetup: AnalysisSetup | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const fail = (message: string) => {
    const jobs = [...pending.values()];
    pending.clear();
    worker?.terminate();
    worker = null;
    sentSetup = null;
    for (const p of jobs) p.reject(message === 'cancelled' ? new DOMException('the analysis was cancelled', 'AbortError') : new Error(message));
  };
  const start = (): Worker => {
    const w = new Worker(new URL('../workers/analysis.worker.ts', import.meta.url), { type: 'module', name: 'nnwalk-analysis' });
    w.onmessage = (e: MessageEvent<AnalysisReply>) => {
      const reply = e.data;
      const job = pending.get(reply.id);
      if (!job) return;
      if ('progress' in reply) { job.onProgress?.(reply.progress.done, reply.progress.total, reply.progress.what); return; }
      pending.delete(reply.id);
      if ('result' in reply) job.resolve(reply.result);
      else job.reject(new Error(reply.error));
    };
    w.onerror = (e) => fail(`the analysis worker stopped: ${e.message || 'worker error'}`);
    return w;
  };
  return {
    run(setup, job, onProgress) {
      worker ??= start();
      const id = nextId++;
      const request: AnalysisRequest = { id, job, ...(setup && setup !== sentSetup ? { setup } : {}) };
      if (setup) sentSetup = setup;
      return new Promise<AnalysisResult>((resolve, reject) => {
        pending.set(id, { resolve, reject, onProgress });
        worker!.postMessage(request);
      });
    },
    cancel: () => fail('cancelled'),
    pending: () => pending.size,
    dispose: () => fail('cancelled'),
  };
}
