/**
 * The bundling kernels: one WGSL file per kernel (shaders/bundling/), each compiled with the generated
 * `Params` struct and the shared helpers in front. Bindings are declared here in a table, so the
 * bind group layouts are explicit and the orchestrator binds buffers by kernel name.
 */
import advectEdges from '../../../shaders/bundling/advect-edges.wgsl?raw';
import advectNodes from '../../../shaders/bundling/advect-nodes.wgsl?raw';
import blur from '../../../shaders/bundling/blur.wgsl?raw';
import common from '../../../shaders/bundling/common.wgsl?raw';
import fixedPoint from '../../../shaders/bundling/fixed-point.wgsl?raw';
import gradient from '../../../shaders/bundling/gradient.wgsl?raw';
import resample from '../../../shaders/bundling/resample.wgsl?raw';
import resolve from '../../../shaders/bundling/resolve.wgsl?raw';
import smooth from '../../../shaders/bundling/smooth.wgsl?raw';
import splatEdges from '../../../shaders/bundling/splat-edges.wgsl?raw';
import splatNodes from '../../../shaders/bundling/splat-nodes.wgsl?raw';
import { kParamBytes, paramsWgsl } from './params';

/** Storage binding access, by binding index (group 1). */
type Access = 'read' | 'rw';

interface KernelSpec {
  /** WGSL sources after the params struct and the common helpers. */
  sources: string[];
  bindings: Access[];
  /** Pipeline-overridable constants. */
  constants?: Record<string, number>;
}

/** Every kernel, its sources and its group-1 bindings (in binding order). */
export const kKernels = {
  resample: { sources: [resample], bindings: ['rw', 'read', 'rw'] },
  splatEdges: { sources: [fixedPoint, splatEdges], bindings: ['rw', 'read', 'read', 'read', 'read'] },
  splatNodes: { sources: [fixedPoint, splatNodes], bindings: ['rw', 'read', 'read'] },
  resolve: { sources: [resolve], bindings: ['rw', 'rw'] },
  blurX: { sources: [blur], bindings: ['read', 'rw'], constants: { kAxis: 0 } },
  blurY: { sources: [blur], bindings: ['read', 'rw'], constants: { kAxis: 1 } },
  blurZ: { sources: [blur], bindings: ['read', 'rw'], constants: { kAxis: 2 } },
  gradient: { sources: [gradient], bindings: ['read', 'rw'] },
  advectEdges: { sources: [advectEdges], bindings: ['rw', 'read', 'read', 'read', 'read'] },
  smooth: { sources: [smooth], bindings: ['rw', 'read', 'read'] },
  advectNodes: { sources: [advectNodes], bindings: ['rw', 'read', 'read', 'read'] },
} satisfies Record<string, KernelSpec>;

export type KernelName = keyof typeof kKernels;

export interface Kernel {
  pipeline: GPUComputePipeline;
  storageLayout: GPUBindGroupLayout;
}

export interface Kernels {
  /** Group 0: the params block, bound with a dynamic offset per dispatch. */
  paramsLayout: GPUBindGroupLayout;
  byName: Record<KernelName, Kernel>;
}

/** The full WGSL text of a kernel (what is compiled). */
export function kernelSource(name: KernelName): string {
  return [paramsWgsl(), common, ...kKernels[name].sources].join('\n');
}

/** Compiles every kernel; compilation errors surface as a thrown error naming the kernel. */
export async function createKernels(device: GPUDevice): Promise<Kernels> {
  const paramsLayout = device.createBindGroupLayout({
    label: 'bundling params',
    entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: kParamBytes } }],
  });
  const byName = {} as Record<KernelName, Kernel>;
  for (const name of Object.keys(kKernels) as KernelName[]) {
    const spec: KernelSpec = kKernels[name];
    const module = device.createShaderModule({ label: name, code: kernelSource(name) });
    const info = await module.getCompilationInfo();
    const errors = info.messages.filter((m) => m.type === 'error');
    if (errors.length) throw new Error(`WGSL kernel ${name} does not compile: ${errors.map((m) => `line ${m.lineNum}: ${m.message}`).join('; ')}`);
    const storageLayout = device.createBindGroupLayout({
      label: `${name} storage`,
      entries: spec.bindings.map((access, binding) => ({
        binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: access === 'read' ? 'read-only-storage' : 'storage' },
      })),
    });
    const pipeline = await device.createComputePipelineAsync({
      label: name,
      layout: device.createPipelineLayout({ bindGroupLayouts: [paramsLayout, storageLayout] }),
      compute: { module, entryPoint: 'main', constants: spec.constants },
    });
    byName[name] = { pipeline, storageLayout };
  }
  return { paramsLayout, byName };
}
