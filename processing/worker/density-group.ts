/**
 * The density exchange between the workers that split a bundling run's edges (2 in the app, N threads in
 * the CLI): after each splat every worker sends its grid to every other and sums all N grids in share
 * order, so all of them blur and advect over bit-identical totals (same additions in the same order).
 * Messages on one port arrive in order, so the k-th grid received from a peer for a job is its k-th.
 * Grids carry their job id: a cancelled job can leave a grid in flight, which the next job must not take.
 */

/** One end of a MessageChannel to the worker working on share `index`. */
export interface PeerPort { index: number; port: MessagePort }

export interface DensityGroup {
  /** Starts job `id` as share `self`: grids of older jobs are dropped from now on. */
  begin(id: number, self: number): void;
  /** Sends density[0, length) to every peer, waits for theirs, writes the share-ordered sum in place. Rejects when `signal` aborts. */
  exchange(density: Float32Array, length: number, signal: AbortSignal): Promise<void>;
  close(): void;
}

interface Grid { job: number; from: number; grid: Float32Array }

/** Wraps this worker's ports to its peers (one per other share). */
export function createDensityGroup(peers: PeerPort[]): DensityGroup {
  let job = -1;
  let self = 0;
  let inbox: Grid[] = [];
  let wake: (() => void) | null = null;
  for (const { port } of peers) {
    port.onmessage = (event: MessageEvent<Grid>) => {
      if (event.data.job < job) return; // from a cancelled job
      inbox.push(event.data);
      wake?.();
    };
  }
  /** The first grid of the current job from each peer, or null while one is missing. */
  const take = (): Map<number, Float32Array> | null => {
    const found = new Map<number, number>();
    inbox.forEach((m, i) => { if (m.job === job && !found.has(m.from)) found.set(m.from, i); });
    if (found.size < peers.length) return null;
    const grids = new Map([...found].map(([from, i]) => [from, inbox[i].grid]));
    inbox = inbox.filter((_, i) => ![...found.values()].includes(i));
    return grids;
  };
  const arrival = (signal: AbortSignal) => new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      wake = null;
      reject(new Error('bundling cancelled'));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    wake = () => {
      wake = null;
      signal.removeEventListener('abort', onAbort);
      resolve();
    };
  });
  return {
    begin(id, share) {
      job = id;
      self = share;
      inbox = inbox.filter((m) => m.job >= id);
      wake = null;
    },
    async exchange(density, length, signal) {
      for (const { port } of peers) {
        const mine = density.slice(0, length);
        port.postMessage({ job, from: self, grid: mine }, [mine.buffer]);
      }
      let grids = take();
      while (!grids) {
        await arrival(signal);
        grids = take();
      }
      const sources: Float32Array[] = [];
      for (let share = 0; share <= peers.length; share++) {
        const grid = share === self ? density : grids.get(share);
        if (!grid) throw new Error(`density exchange: no grid from share ${share}`);
        if (grid.length < length) throw new Error(`density exchange out of step: got ${grid.length} values, expected ${length}`);
        sources.push(grid);
      }
      // Summed in double and rounded once, in share order: every worker computes the same expression.
      const n = sources.length;
      for (let i = 0; i < length; i++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += sources[k][i];
        density[i] = sum;
      }
    },
    close() {
      for (const { port } of peers) {
        port.onmessage = null;
        port.close();
      }
    },
  };
}
