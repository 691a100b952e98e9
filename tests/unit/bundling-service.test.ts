/**
 * The bundling worker's service in Node (no worker needed: Comlink only wraps it): WebGPU requested
 * where there is none falls back to the CPU and says why; a newer job supersedes a running one; local
 * re-bundles and warm starts run on the CPU.
 */
import { describe, expect, it } from 'vitest';
import { defaultProcessingConfig } from '../../processing/config/processing-config';
import { defaultRenderingConfig } from '../../processing/config/rendering-config';
import { randomImportance } from '../../processing/importance/random';
import { buildStraightNetwork } from '../../processing/network/build-straight';
import { createBundlingService } from '../../processing/worker/bundling-service';

const sizes = [36, 16, 4];
const net = buildStraightNetwork({ name: 'r', layerSizes: sizes, classNames: ['a', 'b', 'c', 'd'] }, randomImportance(sizes, 3), { processing: defaultProcessingConfig, rendering: defaultRenderingConfig });
const env = { gpu: undefined, transfer: <T,>(v: T) => v };

describe('bundling service', () => {
  it('runs a WebGPU request on the CPU when WebGPU is missing, naming why', async () => {
    const service = createBundlingService(env);
    expect(await service.capabilities()).toEqual({ webgpu: false, detail: 'WebGPU is not available in this browser (navigator.gpu is missing)' });
    const result = await service.bundle({ id: 1, network: net, backend: 'webgpu', withPolylines: false }, () => undefined);
    expect(result.backend).toBe('cpu');
    expect(result.fallbackReason).toContain('navigator.gpu is missing');
    expect(result.network.stats.bundled).toBe(true);
  });

  it('cancels a running job when a newer one arrives; the newer one completes', async () => {
    const service = createBundlingService(env);
    const progress: number[] = [];
    let second: ReturnType<typeof service.bundle> | null = null;
    // The second request arrives while the first is in its first edge iteration.
    const first = service.bundle({ id: 1, network: net, backend: 'cpu', withPolylines: true }, (p) => {
      progress.push(p.id);
      if (p.stage === 'edges' && !second) second = service.bundle({ id: 2, network: net, backend: 'cpu', withPolylines: false }, (q) => { progress.push(q.id); });
    });
    await expect(first).rejects.toThrow('bundling cancelled');
    expect(second).not.toBeNull();
    expect((await second!).id).toBe(2);
    expect(progress).toContain(2);
  });

  it('re-bundles moved nodes locally and names a bad request', async () => {
    const service = createBundlingService(env);
    const bundled = (await service.bundle({ id: 1, network: net, backend: 'cpu', withPolylines: false }, () => undefined)).network;
    const node = 36 + 5;
    const to = Float32Array.from(bundled.nodePositions.subarray(node * 3, node * 3 + 3));
    to[0] += 0.1;
    const local = await service.bundle({ id: 2, network: bundled, backend: 'cpu', withPolylines: false, moved: { nodes: Uint32Array.of(node), positions: to } }, () => undefined);
    expect(Array.from(local.network.nodePositions.subarray(node * 3, node * 3 + 3))).toEqual(Array.from(to));
    await expect(service.bundle({ id: 3, network: bundled, backend: 'cpu', withPolylines: false, moved: { nodes: Uint32Array.of(5000), positions: to } }, () => undefined)).rejects.toThrow('node 5000 does not exist');
  });

  it('runs a warm start on the CPU even when WebGPU is asked for (no fallback), and names a bad seed', async () => {
    const service = createBundlingService(env);
    const previous = (await service.bundle({ id: 1, network: net, backend: 'cpu', withPolylines: false }, () => undefined)).network;
    const warm = await service.bundle({ id: 2, network: net, backend: 'webgpu', withPolylines: false, warm: { previous, iterations: 5 } }, () => undefined);
    expect(warm.backend).toBe('cpu');
    expect(warm.fallbackReason).toBeUndefined();
    expect(warm.network.stats.warmStart).toBe(5);
    const other = buildStraightNetwork({ name: 'r', layerSizes: [36, 9, 4], classNames: ['a', 'b', 'c', 'd'] }, randomImportance([36, 9, 4], 3), { processing: defaultProcessingConfig, rendering: defaultRenderingConfig });
    await expect(service.bundle({ id: 3, network: other, backend: 'cpu', withPolylines: false, warm: { previous, iterations: 5 } }, () => undefined)).rejects.toThrow('only snapshots of one architecture can seed each other');
  });
});
