/**
 * The density exchange between two workers that split a bundling run's edges: after each splat both send
 * their grid and add the other's, so both blur and advect over the same total density (float addition
 * is commutative: both get bit-identical sums). Messages on a port arrive in order, so the k-th grid
 * received is the partner's k-th.
 */

export interface PartnerLink {
  /** Sends density[0, length), waits for the partner's, adds it in place. Rejects when `signal` aborts. */
  exchange(density: Float32Array, length: number, signal: AbortSignal): Promise<void>;
  close(): void;
}

/** Wraps one end of a MessageChannel between two bundling workers. */
export function createPartnerLink(port: MessagePort): PartnerLink {
  const inbox: Float32Array[] = [];
  let waiting: ((grid: Float32Array) => void) | null = null;
  port.onmessage = (event: MessageEvent<Float32Array>) => {
    if (waiting) {
      const deliver = waiting;
      waiting = null;
      deliver(event.data);
    } else {
      inbox.push(event.data);
    }
  };
  return {
    async exchange(density, length, signal) {
      const mine = density.slice(0, length);
      port.postMessage(mine, [mine.buffer]);
      const theirs = inbox.shift() ?? await new Promise<Float32Array>((resolve, reject) => {
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
