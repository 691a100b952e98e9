/**
 * Entry of one Node bundling thread (worker_threads): runs its share of a split CPU run, exchanging density
 * with its peers through the ports it was given, and posts progress (share 0 only) and its result.
 */
import { parentPort } from 'node:worker_threads';
import { bundleNetworkAsync } from '../bundling/bundle';
import { createDensityGroup } from './density-group';
import { networkBuffers } from './protocol';
import type { ThreadJob, ThreadMessage } from './node-threads';

if (!parentPort) throw new Error('bundling-thread.ts runs as a worker thread');
const port = parentPort;
const post = (message: ThreadMessage) => port.postMessage(message);

port.once('message', (job: ThreadJob) => {
  const group = createDensityGroup(job.peers);
  group.begin(1, job.share.index);
  const signal = new AbortController().signal;
  bundleNetworkAsync(job.network, {
    share: job.share, classAware: job.classAware, moveNodes: job.moveNodes,
    exchange: (density, length) => group.exchange(density, length, signal),
    onProgress: job.share.index === 0 ? (progress) => post({ type: 'progress', progress }) : undefined,
  }).then(
    (result) => {
      group.close();
      // Handed over, not copied: a 1M-edge share is ~150 MB of polylines.
      port.postMessage({ type: 'result', result } satisfies ThreadMessage, networkBuffers(result.network));
    },
    (err: Error) => post({ type: 'error', message: err.message }),
  );
});
