/**
 * The CLI's bundling backends: `cpu` on N worker threads (default: the machine's cores, at most one per
 * 20,000 edges) or `webgpu`, the browser's WGSL kernels run in Node by Dawn (the `webgpu` package).
 */
import type { BundleProgress } from '../bundling/bundle';
import type { Bundler } from '../pipeline/process';
import { bundleOnThreads, defaultThreads } from '../worker/node-threads';
import { UsageError } from './usage-error';

export interface BackendArgs { backend?: string; threads?: string }

export interface ChosenBackend {
  bundler: Bundler;
  /** What ran, for the summary: "cpu (2 threads)", "webgpu: nvidia …". Set once the bundler ran. */
  label(): string;
  close(): void;
}

const kSwiftShaderHint = 'on a machine without a GPU driver, Chromium\'s software Vulkan works: '
  + 'LD_LIBRARY_PATH=/usr/lib/chromium VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json nnwalk process …; or use --backend cpu';

/** Checks --backend / --threads before any work starts (usage errors answer at once). */
export function parseBackend(args: BackendArgs): { backend: 'cpu' | 'webgpu'; threads?: number } {
  const backend = args.backend ?? 'cpu';
  if (backend !== 'cpu' && backend !== 'webgpu') throw new UsageError(`--backend must be cpu or webgpu, got '${backend}'`);
  if (args.threads === undefined) return { backend };
  const threads = Number(args.threads);
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) throw new UsageError(`--threads must be a whole number from 1 to 256, got '${args.threads}'`);
  if (backend === 'webgpu') throw new UsageError('--threads applies to --backend cpu only');
  return { backend, threads };
}

/** The chosen backend, ready to bundle (WebGPU: the device is acquired here, so a missing GPU fails before importance runs). */
export async function chooseBackend(args: BackendArgs, options: { classAware: boolean; onProgress: (p: BundleProgress) => void }): Promise<ChosenBackend> {
  const { backend, threads } = parseBackend(args);
  if (backend === 'cpu') {
    let used = 1;
    return {
      bundler: (net) => {
        used = threads ?? defaultThreads(net.edgeSource.length);
        return bundleOnThreads(net, { threads: used, classAware: options.classAware, onProgress: options.onProgress });
      },
      label: () => `cpu (${used} thread${used > 1 ? 's' : ''})`,
      close: () => undefined,
    };
  }
  const [{ create, globals }, { acquireBundlingDevice }, { createGpuBundler }] = await Promise.all([
    import('webgpu').catch(() => { throw new Error('--backend webgpu needs the `webgpu` package (npm install webgpu)'); }),
    import('../bundling/gpu/device'), import('../bundling/gpu/gpu-bundler'),
  ]);
  Object.assign(globalThis, globals);
  const handle = await acquireBundlingDevice(create([]) as unknown as GPU).catch((err: Error) => {
    throw new Error(`--backend webgpu: ${err.message.replace(/ in this browser.*| \(is WebGPU disabled.*\)/, '')}; ${kSwiftShaderHint}`);
  });
  const gpu = await createGpuBundler(handle);
  return {
    bundler: async (net) => {
      const result = await gpu.run(net, { classAware: options.classAware, onProgress: options.onProgress });
      if (handle.failure) throw new Error(`--backend webgpu: ${handle.failure}`);
      return result;
    },
    label: () => `webgpu: ${handle.adapterName}`,
    close: () => { gpu.destroy(); handle.destroy(); },
  };
}
