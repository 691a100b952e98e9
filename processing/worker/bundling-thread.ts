/**
 * Entry of one Node bundling thread (worker_threads): runs its share of a split CPU run, combining the
 * density grids with its peers in shared memory (shared-grids.ts: share 0 allocates it at the first
 * splat, when the grid's size is known, and posts it to the others), and posts progress (share 0 only)
 * and its result.
 */
import { parentPort, type MessagePort as NodePort } from 'node:worker_threads';
import { bundleNetworkAsync } from '../bundling/bundle';
import type { DensityGrid } from '../bundling/density-grid';
import type { ThreadJob, ThreadMessage } from './node-threads';
import { networkBuffers } from './protocol';
import { allocateSharedGrids, sharedCombine, type SharedGrids } from './shared-grids';

if (!parentPort) throw new Error('bundling-thread.ts runs as a worker thread');
const port = parentPort;
const post = (message: ThreadMessage) => port.postMessage(message);

/** The shared grids of the run: allocated by share 0, received by the others. */
async function sharedFor(job: ThreadJob, grid: DensityGrid): Promise<(grid: DensityGrid) => void> {
  const { index, of } = job.share;
  if (index === 0) {
    const shared = allocateSharedGrids(of, grid.channels, grid.density.length / grid.channels);
    for (const peer of job.peers) peer.port.postMessage(shared);
    return sharedCombine(shared, 0);
  }
  const first = job.peers.find((p) => p.index === 0);
  if (!first) throw new Error('a bundling thread has no port to share 0');
  const shared = await new Promise<SharedGrids>((resolve) => (first.port as unknown as NodePort).once('message', resolve));
  return sharedCombine(shared, index);
}

port.once('message', (job: ThreadJob) => {
  let combine: ((grid: DensityGrid) => void) | null = null;
  bundleNetworkAsync(job.network, {
    share: job.share, classAware: job.classAware, moveNodes: job.moveNodes,
    combine: async (grid) => {
      combine ??= await sharedFor(job, grid);
      combine(grid);
    },
    // Nothing to hear between iterations (cancel terminates the thread): no event-loop turn needed.
    yieldToEvents: () => Promise.resolve(),
    onProgress: job.share.index === 0 ? (progress) => post({ type: 'progress', progress }) : undefined,
  }).then(
    // Handed over, not copied: a 1M-edge share is ~150 MB of polylines.
    (result) => port.postMessage({ type: 'result', result } satisfies ThreadMessage, networkBuffers(result.network)),
    (err: Error) => post({ type: 'error', message: err.message }),
  );
});
