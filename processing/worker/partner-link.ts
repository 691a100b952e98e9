/**
 * The density exchange between two workers that split a bundling run's edges: after each splat both send
 * their grid and add the other's, so both blur and advect over the same total density (float addition
 * is commutative: both get bit-identical sums). Messages on a port arrive in order, so the k-th grid
 * received for a job is the partner's k-th. Grids carry their job id: a cancelled job can leave a grid in
 * flight, which the next job must not take for its own.
 */

export interface PartnerLink {
  /** Starts job `id`: grids of older jobs are dropped from now on. */
  begin(id: number): void;
  /** Sends density[0, length), waits for the partner's, adds it in place. Rejects when `signal` aborts. */
  exchange(density: Float32Array, length: number, signal: AbortSignal): Promise<void>;
  close(): void;
}

/** Wraps one end of a MessageChannel between two bundling workers. */
export function createPartnerLink(port: MessagePort): PartnerLink {
  let job = -1;
  let inbox: { job: number; grid: Float32Array }[] = [];
  let waiting: ((grid: Float32Array) => void) | null = null;
  port.onmessage = (event: MessageEvent<{ job: number; grid: Float32Array }>) => {
    if (event.data.job < job) return; // from a cancelled job
    if (waiting && event.data.job === job) {
      const deliver = waiting;
      waiting = null;
      deliver(event.data.grid);
    } else {
      inbox.push(event.data);
    }
  };
  const take = () => {
    const i = inbox.findIndex((m) => m.job === job);
    return i < 0 ? undefined : inbox.splice(i, 1)[0].grid;
  };
  return {
    begin(id) {
      job = id;
      inbox = inbox.filter((m) => m.job >= id);
      waiting = null;
    },
    async exchange(density, length, signal) {
      const mine = density.slice(0, length);
      port.postMessage({ job, grid: mine }, [mine.buffer]);
      const theirs = take() ?? await new Promise<Float32Array>((resolve, reject) => {
        const onAbort = () => {
          waiting = null;
          reject(new Error('bundling cancelled'));
        };
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        waiting = (grid) => {
          signal.removeEventListener('abort', onAbort);
          resolve(grid);
        };
      });
      if (theirs.length !== length) throw new Error(`density exchange out of step: got ${theirs.length} values, expected ${length}`);
      for (let i = 0; i < length; i++) density[i] += theirs[i];
    },
    close() {
      port.onmessage = null;
      port.close();
    },
  };
}
