/**
 * Records a run's compute passes: one params block per dispatch configuration (uploaded together and
 * bound by dynamic offset) and bind groups made on first use, per kernel and per edge chunk.
 */
import type { KernelName, Kernels } from './kernels';
import { kParamBytes, kParamStride, writeParams, type ParamValues } from './params';

/** Which buffers each kernel binds, in binding order (mirrors kKernels' binding table). */
export const kBindings = {
  resample: ['points', 'slotStart', 'count'],
  splatEdges: ['accum', 'points', 'slotStart', 'count', 'lines'],
  splatNodes: ['accum', 'positions', 'importance'],
  resolve: ['accum', 'densityA'],
  blurX: ['densityA', 'densityB'],
  blurY: ['densityB', 'densityA'],
  blurZ: ['densityA', 'densityB'],
  gradient: ['densityB', 'gradient'],
  advectEdges: ['points', 'slotStart', 'count', 'lines', 'gradient'],
  smooth: ['points', 'slotStart', 'count'],
  advectNodes: ['positions', 'importance', 'moving', 'gradient'],
} as const satisfies Record<KernelName, readonly string[]>;

export type BindingName = (typeof kBindings)[KernelName][number];

/** Where a dispatch's buffers come from: a name → buffer lookup, and a key for its cached bind groups. */
export interface BufferSource {
  key: string;
  get(name: BindingName): GPUBuffer;
}

const kWorkgroupSize = 64;
const kMaxGroups = 65535;

/** Params blocks and bind groups of one run; destroy() frees the params buffer. */
export class Recorder {
  private readonly groups = new Map<string, GPUBindGroup>();
  private readonly slots: ParamValues[] = [];
  private paramsBuffer: GPUBuffer | null = null;
  private paramsGroup: GPUBindGroup | null = null;

  constructor(private readonly device: GPUDevice, private readonly kernels: Kernels) {}

  /** Adds a params block; returns its slot. */
  slot(values: ParamValues): number {
    this.slots.push(values);
    return this.slots.length - 1;
  }

  /** Uploads every params block added since the last upload (call before recording with them). */
  upload(): void {
    const bytes = Math.max(1, this.slots.length) * kParamStride;
    this.paramsBuffer?.destroy();
    this.paramsBuffer = this.device.createBuffer({ label: 'bundling params', size: bytes, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    const data = new ArrayBuffer(bytes);
    const view = new DataView(data);
    this.slots.forEach((values, i) => writeParams(view, i * kParamStride, values));
    this.device.queue.writeBuffer(this.paramsBuffer, 0, data);
    this.paramsGroup = this.device.createBindGroup({
      layout: this.kernels.paramsLayout, entries: [{ binding: 0, resource: { buffer: this.paramsBuffer, size: kParamBytes } }],
    });
  }

  /** Forgets the params blocks (the next upload starts a new set; slots restart at 0). */
  clearSlots(): void {
    this.slots.length = 0;
  }

  /** Records one dispatch of `kernel` over `items` work items with params block `slot`, binding `source`'s buffers. */
  dispatch(pass: GPUComputePassEncoder, kernel: KernelName, slot: number, items: number, source: BufferSource): void {
    if (items <= 0) return;
    pass.setPipeline(this.kernels.byName[kernel].pipeline);
    pass.setBindGroup(0, this.paramsGroup!, [slot * kParamStride]);
    pass.setBindGroup(1, this.group(kernel, source));
    const groups = Math.ceil(items / kWorkgroupSize);
    pass.dispatchWorkgroups(Math.min(groups, kMaxGroups), Math.ceil(groups / kMaxGroups));
  }

  destroy(): void {
    this.paramsBuffer?.destroy();
    this.paramsBuffer = null;
    this.groups.clear();
  }

  private group(kernel: KernelName, source: BufferSource): GPUBindGroup {
    const key = `${kernel}/${source.key}`;
    let group = this.groups.get(key);
    if (!group) {
      group = this.device.createBindGroup({
        label: key,
        layout: this.kernels.byName[kernel].storageLayout,
        entries: kBindings[kernel].map((name: BindingName, binding: number) => ({ binding, resource: { buffer: source.get(name) } })),
      });
      this.groups.set(key, group);
    }
    return group;
  }
}
