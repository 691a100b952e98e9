/**
 * Getting a WebGPU device for bundling, in one place: fallback (software) adapters are accepted, the
 * storage limits the run needs are requested explicitly (up to what the adapter offers), and device loss
 * and uncaptured errors are recorded so a run can stop with a message and the caller can fall back.
 */

export interface BundlingDevice {
  device: GPUDevice;
  /**
   * The GPU object the device came from, kept alive with it: Node's Dawn binding destroys its instance when
   * that object is garbage-collected, and a device outliving its instance crashes the process.
   */
  gpu: GPU;
  /** Adapter description for the statistics overlay (e.g. "google swiftshader (fallback)"). */
  adapterName: string;
  /** Set once the device is lost or reports an uncaptured error; runs check it between submissions. */
  failure: string | null;
  /** Releases the device (idempotent). */
  destroy(): void;
}

/** Requests an adapter and a device with the adapter's largest storage limits; throws a clear error when none. */
export async function acquireBundlingDevice(gpu: GPU | undefined): Promise<BundlingDevice> {
  if (!gpu) throw new Error('WebGPU is not available in this browser (navigator.gpu is missing)');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('WebGPU is available but no adapter was found (is WebGPU disabled, or blocklisted for this GPU?)');
  const limits = adapter.limits;
  const device = await adapter.requestDevice({
    label: 'nnwalk bundling',
    requiredLimits: {
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxStorageBuffersPerShaderStage: Math.min(limits.maxStorageBuffersPerShaderStage, 8),
    },
  });
  const info = adapter.info;
  const adapterName = `${[info.vendor, info.architecture || info.device].filter(Boolean).join(' ') || 'unknown adapter'}${isFallback(adapter) ? ' (fallback)' : ''}`;
  // Only our own destroy() is not a failure: a device destroyed or lost by anyone else (driver reset, the
  // browser reclaiming it) fails the run in flight.
  let releasing = false;
  const handle: BundlingDevice = {
    device,
    gpu,
    adapterName,
    failure: null,
    destroy() {
      releasing = true;
      device.destroy();
    },
  };
  void device.lost.then((lost) => {
    if (!releasing) handle.failure = `the WebGPU device was lost (${lost.reason}): ${lost.message || 'no message'}`;
  });
  device.addEventListener('uncapturederror', (event) => {
    handle.failure ??= `WebGPU error: ${(event as GPUUncapturedErrorEvent).error.message}`;
  });
  return handle;
}

function isFallback(adapter: GPUAdapter): boolean {
  // `isFallbackAdapter` moved from the adapter to its info in newer specs; software adapters set it.
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  return Boolean(info.isFallbackAdapter ?? (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter);
}

/** Fails with a message naming the buffer when it exceeds the device's limits (caller falls back to the CPU). */
export function checkBufferSize(device: GPUDevice, bytes: number, what: string): void {
  const max = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  if (bytes > max) {
    throw new Error(`the ${what} needs ${(bytes / 2 ** 20).toFixed(0)} MiB, more than this GPU binds in one buffer (${(max / 2 ** 20).toFixed(0)} MiB)`);
  }
}
