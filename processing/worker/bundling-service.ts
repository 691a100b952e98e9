/**
 * The bundling worker's implementation (no side effects: `register.ts` exposes it). One job runs at a
 * time; a new request aborts the running one. WebGPU runs when asked for and available; when the device
 * cannot be had, or fails during a run (lost, validation error), the job re-runs on the CPU and the result
 * says why. Local re-bundles (moved nodes) always run on the CPU: they touch a few hundred edges, less
 * than the cost of uploading the network to the GPU. So do warm starts (training playback): the WebGPU
 * backend runs whole schedules from straight lines.
 */
import { bundleNetworkAsync } from '../bundling/bundle';
import { acquireBundlingDevice, type BundlingDevice } from '../bundling/gpu/device';
import { createGpuBundler, type GpuBundler } from '../bundling/gpu/gpu-bundler';
import { rebundleLocal } from '../bundling/local';
import { createDensityGroup, type DensityGroup } from './density-group';
import { networkBuffers, type BundleRequest, type BundlingWorkerApi, type Capabilities, type WorkerProgress, type WorkerResult } from './protocol';

/** Minimum time between two progress reports carrying polylines from the WebGPU backend. */
export const kPolylineIntervalMs = 250;

export interface ServiceEnvironment {
  /** navigator.gpu where it exists. */
  gpu?: GPU;
  /** Hands the progress report's buffers over instead of copying them (Comlink.transfer in workers). */
  transfer<T>(value: T, buffers: ArrayBuffer[]): T;
}

/** Creates the service; `env` gives it the platform's GPU and transfer function. */
export function createBundlingService(env: ServiceEnvironment): BundlingWorkerApi {
  let gpuState: Promise<{ handle: BundlingDevice; bundler: GpuBundler }> | null = null;
  let running: { id: number; controller: AbortController } | null = null;
  let group: DensityGroup | null = null;

  function gpuBundler(): Promise<{ handle: BundlingDevice; bundler: GpuBundler }> {
    gpuState ??= (async () => {
      const handle = await acquireBundlingDevice(env.gpu);
      return { handle, bundler: await createGpuBundler(handle) };
    })();
    // A failed attempt is not cached as failure forever: the next request tries again.
    gpuState.catch(() => { gpuState = null; });
    return gpuState;
  }

  function dropGpu(): void {
    const state = gpuState;
    gpuState = null;
    void state?.then((s) => { s.bundler.destroy(); s.handle.destroy(); }).catch(() => undefined);
  }

  async function run(request: BundleRequest, signal: AbortSignal, report: (p: WorkerProgress) => void): Promise<WorkerResult> {
    const progress = (p: Omit<WorkerProgress, 'id'>) => {
      const polylines = p.polylines;
      const buffers = polylines ? [polylines.offsets.buffer as ArrayBuffer, polylines.points.buffer as ArrayBuffer] : [];
      if (p.nodePositions) buffers.push(p.nodePositions.buffer as ArrayBuffer);
      report(buffers.length ? env.transfer({ ...p, id: request.id }, buffers) : { ...p, id: request.id });
    };
    // The app redraws at most every 250 ms: polylines more often than that would be read back for nothing.
    const common = { signal, withPolylines: request.withPolylines, polylineIntervalMs: kPolylineIntervalMs, classAware: request.classAware, onProgress: progress };
    if (request.moved) {
      const local = rebundleLocal(request.network, request.moved, common);
      return env.transfer({ id: request.id, network: local.network, backend: 'cpu', timings: { totalMs: local.ms } }, networkBuffers(local.network));
    }
    let fallbackReason: string | undefined;
    if (request.backend === 'webgpu' && !request.warm) {
      try {
        const { bundler } = await gpuBundler();
        const r = await bundler.run(request.network, common);
        return env.transfer({ id: request.id, network: r.network, backend: `webgpu: ${bundler.adapterName}`, timings: r.timings }, networkBuffers(r.network));
      } catch (err) {
        const message = (err as Error).message;
        if (message === 'bundling cancelled') throw err;
        fallbackReason = message;
        dropGpu();
      }
    }
    const share = request.share && request.share.of > 1 ? request.share : undefined;
    if (share && !group) throw new Error('a split bundling job needs its peer workers (connectPeers was not called)');
    if (share) group!.begin(request.id, share.index);
    const r = await bundleNetworkAsync(request.network, {
      ...common, share, warm: request.warm, exchange: share && group ? (density, length) => group!.exchange(density, length, signal) : undefined,
    });
    return env.transfer({ id: request.id, network: r.network, backend: share ? `cpu (${share.of} workers)` : 'cpu', fallbackReason, timings: r.timings }, networkBuffers(r.network));
  }

  return {
    async capabilities(): Promise<Capabilities> {
      try {
        const { handle } = await gpuBundler();
        return { webgpu: true, detail: handle.adapterName };
      } catch (err) {
        return { webgpu: false, detail: (err as Error).message };
      }
    },
    async bundle(request, onProgress) {
      running?.controller.abort();
      const controller = new AbortController();
      running = { id: request.id, controller };
      try {
        return await run(request, controller.signal, onProgress);
      } finally {
        if (running?.id === request.id) running = null;
      }
    },
    cancel(id) {
      if (running && running.id <= id) running.controller.abort();
    },
    connectPeers(peers) {
      group?.close();
      group = createDensityGroup(peers);
    },
    crash() {
      // A microtask, not a timer: right after this message, before the worker's next one. A busy split run
      // keeps message tasks queued (exchanges, progress), and Chromium ran a timer only after the job had
      // finished (seen once on CI: the job ended 'done', then the worker died).
      queueMicrotask(() => {
        throw new Error('bundling worker crashed (forced by the test hook)');
      });
    },
    dispose() {
      running?.controller.abort();
      group?.close();
      dropGpu();
    },
  };
}
