/**
 * Entry of one Node bundling thread (worker_threads): runs its share of a split CPU run, combining the
 * density grids with the other threads in shared memory (shared-grids.ts: share 0 allocates it at the
 * first splat, when the grid's size is known, and the main thread relays it to the others), and posts
 * progress (share 0 only) and its result.
 */
import { parentPort } from 'node:worker_threads';
import { bundleNetworkAsync } from '../bundling/bundle';
import type { DensityGrid } from '../bundling/density-grid';
import type { ThreadMessage, ToThread } from './node-threads';
import { networkBuffers } from './protocol';
import { allocateSharedGrids, sharedCombine, type SharedGrids } from './shared-grids';

if (!parentPort) throw new Error('bundling-thread.ts runs as a worker thread');
const port = parentPort;
const post = (message: ThreadMessage) => port.postMessage(message);

let job: Extract<ToThread, { type: 'job' }> | null = null;
let received: (shared: SharedGrids) => void = () => undefined;
/** The run's shared grids as relayed by the main thread (shares > 0). */
const relayed = new Promise<SharedGrids>((resolve) => { received = resolve; });

/** This share's combine step: share 0 allocates the shared grids for the first grid's size, the others wait for them. */
async function combineFor(grid: DensityGrid, share: { index: number; of: number }): Promise<(grid: DensityGrid) => void> {
  if (share.index > 0) return sharedCombine(await relayed, share.index);
  const shared = allocateSharedGrids(share.of, grid.channels, grid.density.length / grid.channels);
  post({ type: 'shared', shared });
  return sharedCombine(shared, 0);
}

port.on('message', (m: ToThread) => {
  if (m.type === 'shared') return received(m.shared);
  if (job) return;
  job = m;
  const share = m.share;
  let combine: ((grid: DensityGrid) => void) | null = null;
  bundleNetworkAsync(m.network, {
    share, classAware: m.classAware, moveNodes: m.moveNodes,
    combine: async (grid) => {
      combine ??= await combineFor(grid, share);
      combine(grid);
    },
    // Nothing to hear between iterations (cancel terminates the thread): no event-loop turn needed.
    yieldToEvents: () => Promise.resolve(),
    onProgress: share.index === 0 ? (progress) => post({ type: 'progress', progress }) : undefined,
  }).then(
    // Handed over, not copied: a 1M-edge share is ~150 MB of polylines.
    (result) => port.postMessage({ type: 'result', result } satisfies ThreadMessage, networkBuffers(result.network)),
    (err: Error) => post({ type: 'error', message: err.message }),
  );
});
