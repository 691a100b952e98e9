/** Which bundling backend the app asks its workers for (`?backend=cpu|webgpu`, else detected). */
import type { BackendChoice } from '../../processing/worker/protocol';

export interface BackendDecision {
  backend: BackendChoice;
  /** Why, for the statistics and the console. */
  reason: string;
  /** Set when the URL asked for something unknown. */
  error?: string;
}

/**
 * `param` from the URL wins; otherwise WebGPU when a hardware adapter exists, else the CPU. A software
 * (fallback) adapter counts as none: measured on this project's 2-core machine, SwiftShader's WebGPU
 * bundles the default network ~6× slower than the CPU backend. `?backend=webgpu` still uses it.
 */
export async function chooseBackend(param: string | null, gpu: GPU | undefined = navigator.gpu): Promise<BackendDecision> {
  let error: string | undefined;
  if (param === 'cpu' || param === 'webgpu') return { backend: param, reason: 'asked for in the URL' };
  if (param !== null) error = `unknown backend '${param}' in the URL (use ?backend=cpu or ?backend=webgpu); choosing automatically`;
  if (!gpu) return { backend: 'cpu', reason: 'WebGPU is not available', error };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { backend: 'cpu', reason: 'no WebGPU adapter', error };
    const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
    if (info.isFallbackAdapter) return { backend: 'cpu', reason: 'only a software WebGPU adapter (slower than the CPU backend)', error };
    return { backend: 'webgpu', reason: `WebGPU adapter ${info.vendor} ${info.architecture}`.trim(), error };
  } catch (err) {
    return { backend: 'cpu', reason: `WebGPU failed: ${(err as Error).message}`, error };
  }
}
