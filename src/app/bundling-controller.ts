/**
 * Bundling in the app: on load, a straight network is looked up in the cache, else bundled in the
 * workers while the scene keeps rendering and the strands are redrawn as iterations land; processing
 * settings re-bundle; moved nodes re-bundle locally. Everything it learns goes into the store.
 */
import { processingSchema, type ProcessingConfig } from '../../processing/config/processing-config';
import { validateConfig } from '../../processing/config/schema';
import type { ProcessedNetwork } from '../../processing/format/processed-network';
import type { MovedNodes } from '../../processing/bundling/local';
import { kWarmIterations } from '../../processing/bundling/warm';
import type { RenderingConfig } from '../../processing/config/rendering-config';
import type { LiveModel } from '../../processing/input/live-model';
import type { BundleCache } from './bundle-cache';
import type { WorkerResult } from '../../processing/worker/protocol';
import type { BundlingClient, JobProgress } from './bundling-client';
import type { Store } from './store';

/** Minimum time between two redraws of intermediate polylines (each rebuilds the edge instances). */
const kRedrawIntervalMs = 250;

/** What a network was built from, when it came from a model: enough to lay it out again with new settings. */
export interface NetworkOrigin {
  /** Lays the network out again (new layer distance, width or pruning). */
  rebuild(configs: { processing: ProcessingConfig; rendering: RenderingConfig }): ProcessedNetwork;
  /** The model's weights (live input, details), when the network came from a model file. */
  model?: LiveModel;
}

export interface BundlingController {
  /** Shows `straight` bundled: from the cache, or by a worker job (progress redrawn as it converges). */
  bundle(straight: ProcessedNetwork, origin: NetworkOrigin | null): Promise<void>;
  /**
   * Bundles `straight` without drawing it (cache, else a worker job; progress in the store): training
   * playback shows the result itself. `warmFrom` warm-starts from an earlier picture of the same
   * architecture (warm.ts). Resolves to the bundled network, or null when superseded, cancelled or failed.
   */
  prepare(straight: ProcessedNetwork, origin: NetworkOrigin | null, warmFrom?: ProcessedNetwork): Promise<ProcessedNetwork | null>;
  /** Takes `straight` (or an already bundled network) as the current one without bundling it (Apply bundles it later). */
  adopt(straight: ProcessedNetwork, origin: NetworkOrigin | null): void;
  /**
   * Lays the current model out with new processing settings and bundles it; `watch: false` skips the
   * intermediate polylines (no redraws while it runs: the benchmark's compute-only figure).
   */
  applyProcessing(cfg: ProcessingConfig, options?: { watch?: boolean }): Promise<void>;
  /** Bundles the current network's layout again from straight lines (moved nodes stay where they are). */
  rebundle(): Promise<void>;
  /** Moves nodes of the current (bundled) network and re-bundles the edges touching them. */
  moveNodes(moved: MovedNodes): Promise<void>;
  cancel(): void;
}

/** `draw` puts a network on screen (without reframing the camera). */
export function createBundlingController(store: Store, client: BundlingClient, cache: BundleCache, draw: (net: ProcessedNetwork) => void): BundlingController {
  let origin: NetworkOrigin | null = null;
  let straightShown: ProcessedNetwork | null = null;

  const patch = (p: Partial<ReturnType<Store['get']>['bundling']>) => store.set({ bundling: { ...store.get().bundling, ...p } });

  /** Redraws intermediate polylines at most every kRedrawIntervalMs (the last one always lands with the result). */
  function progressDrawer(base: ProcessedNetwork): (p: JobProgress & { nodePositions?: Float32Array }) => void {
    let lastDraw = 0;
    return (p) => {
      patch({ stage: p.stage, iteration: p.iteration, iterations: p.iterations, elapsedMs: p.elapsedMs });
      const now = performance.now();
      if (!p.polylines || now - lastDraw < kRedrawIntervalMs) return;
      lastDraw = now;
      draw({ ...base, nodePositions: p.nodePositions ?? base.nodePositions, polylineOffsets: p.polylines.offsets, polylinePoints: p.polylines.points });
    };
  }

  function finished(network: ProcessedNetwork, used: string, message: string, cached: boolean, elapsedMs: number, timings: WorkerResult['timings'] = { totalMs: elapsedMs }, show = true): void {
    if (show) {
      draw(network);
      store.set({ network });
    }
    const { stages, ...main } = timings;
    const flat: Record<string, number> = { ...stages };
    for (const [k, v] of Object.entries(main)) if (typeof v === 'number') flat[k] = v;
    patch({ state: 'done', used, message, cached, elapsedMs, finished: store.get().bundling.finished + 1, timings: flat });
  }

  // Jobs started so far: a job superseded by a newer one ends quietly (the newer one reports).
  let jobs = 0;

  function failed(err: unknown, job = jobs): void {
    const message = (err as Error).message;
    if (job !== jobs) return;
    if (message === 'bundling cancelled') {
      patch({ state: 'cancelled', message: 'bundling cancelled' });
      return;
    }
    console.warn('nnwalk: bundling failed:', err);
    patch({ state: 'failed', message });
    store.set({ status: 'error', message: `Bundling failed: ${message}` });
  }

  /**
   * Bundles `straight` (cache, else a worker job): drawn as it converges and when done (`show`), or
   * only handed back. Resolves to the bundled network, or null when superseded, cancelled or failed.
   */
  async function run(straight: ProcessedNetwork, from: NetworkOrigin | null, o: { watch: boolean; show: boolean; warmFrom?: ProcessedNetwork }): Promise<ProcessedNetwork | null> {
    const job = ++jobs;
    origin = from;
    straightShown = straight;
    patch({ state: 'running', stage: '', iteration: 0, iterations: 0, elapsedMs: 0, message: '', cached: false, used: '' });
    const t0 = performance.now();
    const warm = o.warmFrom ? { previous: o.warmFrom, iterations: kWarmIterations } : undefined;
    const key = await cache.keyOf(straight, warm);
    const hit = await cache.get(key);
    if (straightShown !== straight) return null; // a newer load took over while the cache answered
    if (hit) {
      finished(hit, String(hit.stats.backend ?? 'cache'), '', true, performance.now() - t0, undefined, o.show);
      return hit;
    }
    try {
      const watch = o.watch && o.show;
      const result = await client.bundle(straight, { withPolylines: watch, warm, onProgress: watch ? progressDrawer(straight) : (p) => patch({ stage: p.stage, iteration: p.iteration, iterations: p.iterations, elapsedMs: p.elapsedMs }) });
      finished(result.network, result.backend, result.fallbackReason ? `WebGPU unavailable, ran on the CPU: ${result.fallbackReason}` : '', false, performance.now() - t0, result.timings, o.show);
      void cache.put(key, result.network);
      return result.network;
    } catch (err) {
      failed(err, job);
      return null;
    }
  }

  const bundle = async (straight: ProcessedNetwork, from: NetworkOrigin | null, watch = true) => { await run(straight, from, { watch, show: true }); };

  return {
    bundle,
    prepare: (straight, from, warmFrom) => run(straight, from, { watch: false, show: false, warmFrom }),
    adopt(straight, from) {
      origin = from;
      straightShown = straight;
    },
    async applyProcessing(patchIn, options = {}) {
      const watch = options.watch !== false;
      let cfg: ProcessingConfig;
      try {
        cfg = validateConfig(processingSchema, patchIn, 'processing settings');
      } catch (err) {
        failed(err);
        return;
      }
      const current = store.get();
      const configs = { ...current.configs, processing: cfg };
      store.set({ configs });
      if (origin) {
        await bundle(origin.rebuild(configs), origin, watch);
        return;
      }
      const net = current.network;
      if (!net) return;
      const layoutKeys = ['layer_distance', 'layer_width', 'prune_percentage'] as const;
      const changed = layoutKeys.filter((k) => cfg[k] !== net.configs.processing[k]);
      if (changed.length) {
        failed(new Error(`${changed.join(', ')} change the layout, which needs the model: load the model (model.json) rather than a processed .nnwalk file to change them`));
        return;
      }
      // A processed file: bundle its own layout again with the new settings (bundling starts from straight
      // lines between the nodes whatever polylines the network holds).
      await bundle({ ...net, configs }, null, watch);
    },
    async rebundle() {
      const net = store.get().network;
      if (!net) throw new Error('no network is loaded');
      await bundle(net, origin);
    },
    async moveNodes(moved) {
      const net = store.get().network;
      if (!net) throw new Error('no network is loaded');
      const b = store.get().bundling;
      if (b.state === 'running' && b.stage !== 'local' && straightShown) {
        // The whole network is being bundled from the old layout: start it over from the moved one.
        const nodePositions = straightShown.nodePositions.slice();
        moved.nodes.forEach((n, k) => nodePositions.set(moved.positions.subarray(k * 3, k * 3 + 3), n * 3));
        await bundle({ ...straightShown, nodePositions }, origin);
        return;
      }
      const job = ++jobs;
      patch({ state: 'running', stage: 'local', iteration: 0, iterations: 0, message: '' });
      const t0 = performance.now();
      try {
        const result = await client.bundle(net, { moved });
        finished(result.network, result.backend, '', false, performance.now() - t0, result.timings);
      } catch (err) {
        failed(err, job);
      }
    },
    cancel() {
      client.cancel();
    },
  };
}
