/**
 * Moving nodes by hand (desktop mouse drag, XR grab of a node or a whole layer): the nodes follow at once
 * (node instances only), the edges touching them are re-bundled locally by the workers at a throttled
 * rate while holding (one job at a time, never queued), and once more on release, which settles them.
 * Nothing here waits on a worker inside a frame.
 */
import type { MovedNodes } from '../../processing/bundling/local';
import type { Store } from './store';

/** Least time between two re-bundles started while holding. */
const kHoldRebundleMs = 300;

export interface NodeDrag {
  readonly nodes: Uint32Array;
  /** Moves every dragged node by `delta` (network units) from where it was when the drag began. */
  moveBy(delta: ArrayLike<number>): void;
  /** Current positions of the dragged nodes (xyz each). */
  positions(): Float32Array;
  /** Releases: re-bundles the touching edges one last time (if they moved); resolves when they have settled. */
  end(): Promise<void>;
}

export interface NodeMover {
  /** Starts dragging `nodes`; `rebundleWhileHolding: false` re-bundles on release only (whole layers). */
  begin(nodes: ArrayLike<number>, options?: { rebundleWhileHolding?: boolean }): NodeDrag;
  /** Re-applies the active drag's positions after the network was redrawn (a result landed mid-drag). */
  afterDraw(): void;
  /** The running drag, if any. */
  readonly active: NodeDrag | null;
  /** Milliseconds from the last release to settled bundles (NaN before the first). */
  readonly lastSettleMs: number;
}

/** Creates the mover over the app's store, its local re-bundle and the node layer's quick redraw. */
export function createNodeMover(store: Store, moveNodes: (moved: MovedNodes) => Promise<void>, showNodes: (positions: Float32Array) => void): NodeMover {
  let active: NodeDrag | null = null;
  let lastSettleMs = NaN;
  let inFlight: Promise<void> | null = null;
  let shown: Float32Array | null = null;

  const mover: NodeMover = {
    get active() { return active; },
    get lastSettleMs() { return lastSettleMs; },
    afterDraw() {
      if (active && shown) showNodes(shown);
    },
    begin(list, options = {}) {
      const net = store.get().network;
      if (!net) throw new Error('no network is loaded');
      const total = net.nodePositions.length / 3;
      const nodes = Uint32Array.from(list);
      for (const n of nodes) if (!(n < total)) throw new Error(`node ${n} does not exist (the network has ${total})`);
      const start = new Float32Array(nodes.length * 3);
      nodes.forEach((n, k) => start.set(net.nodePositions.subarray(n * 3, n * 3 + 3), k * 3));
      const current = start.slice();
      const holdRebundle = options.rebundleWhileHolding !== false;
      let lastStart = 0;
      let ended = false;
      let moved = false;
      const request = () => moveNodes({ nodes, positions: current.slice() });
      const drag: NodeDrag = {
        nodes,
        positions: () => current.slice(),
        moveBy(delta) {
          if (ended) return;
          moved ||= delta[0] !== 0 || delta[1] !== 0 || delta[2] !== 0;
          for (let k = 0; k < nodes.length; k++) for (let a = 0; a < 3; a++) current[k * 3 + a] = start[k * 3 + a] + delta[a];
          const now = store.get().network;
          if (!now) return;
          shown = now.nodePositions.slice();
          nodes.forEach((n, k) => shown!.set(current.subarray(k * 3, k * 3 + 3), n * 3));
          showNodes(shown);
          const t = performance.now();
          const b = store.get().bundling;
          // While the whole network is still being bundled, the release restarts that job once instead.
          const fullJob = b.state === 'running' && b.stage !== 'local';
          if (holdRebundle && !fullJob && !inFlight && t - lastStart >= kHoldRebundleMs) {
            lastStart = t;
            inFlight = request().finally(() => { inFlight = null; });
          }
        },
        async end() {
          if (ended) return;
          ended = true;
          active = null;
          shown = null;
          // Grabbed and let go without moving (a pinch that only selects): nothing to re-bundle.
          if (!moved) return;
          const t0 = performance.now();
          // The release's job supersedes one still running (the newest positions win).
          await request();
          lastSettleMs = performance.now() - t0;
        },
      };
      active = drag;
      return drag;
    },
  };
  return mover;
}
