/**
 * What crosses the boundary between the app and the bundling workers (plain data; typed arrays are
 * transferred, not copied, wherever the sender no longer needs them).
 */
import type { ProcessedNetwork } from '../format/processed-network';
import type { MovedNodes } from '../bundling/local';
import type { WarmStart } from '../bundling/warm';
import type { PeerPort } from './density-group';

export type BackendChoice = 'cpu' | 'webgpu';

export interface BundleRequest {
  /** Increasing job id; a newer request supersedes every older one. */
  id: number;
  /** A straight network (full bundling) or a bundled one (local re-bundle with `moved`). */
  network: ProcessedNetwork;
  backend: BackendChoice;
  /** Re-bundle only the edges touching these nodes, starting from `network`'s polylines (CPU). */
  moved?: MovedNodes;
  /** Warm-start from an earlier picture of the same architecture (CPU: the WebGPU backend runs whole schedules). */
  warm?: WarmStart;
  /** Attach the current polylines to progress reports (the app draws them as they converge). */
  withPolylines: boolean;
  classAware?: boolean;
  /** Split runs: this worker's share of every gap's edges (see bundleNetworkAsync). */
  share?: { index: number; of: number };
}

export interface WorkerProgress {
  id: number;
  stage: 'nodes' | 'edges';
  iteration: number;
  iterations: number;
  elapsedMs: number;
  polylines?: { offsets: Uint32Array; points: Float32Array };
  nodePositions?: Float32Array;
}

export interface WorkerResult {
  id: number;
  network: ProcessedNetwork;
  /** The backend that produced the result ("cpu", "webgpu: <adapter>"). */
  backend: string;
  /** Why a WebGPU request ran on the CPU instead, when it did. */
  fallbackReason?: string;
  timings: { totalMs: number; nodesMs?: number; edgesMs?: number; stages?: Record<string, number> };
}

export interface Capabilities {
  webgpu: boolean;
  /** Adapter name, or why WebGPU is unavailable. */
  detail: string;
}

/** The API a bundling worker exposes through Comlink. */
export interface BundlingWorkerApi {
  capabilities(): Promise<Capabilities>;
  bundle(request: BundleRequest, onProgress: (p: WorkerProgress) => void): Promise<WorkerResult>;
  /** Cancels job `id` if it is running (its promise rejects with "bundling cancelled"). */
  cancel(id: number): void;
  /** Connects this worker to the other workers of split runs (density exchange), one port per peer. */
  connectPeers(peers: PeerPort[]): void;
  /** Test hook: makes the worker fail with an uncaught error, as a crash would. */
  crash(): void;
  dispose(): void;
}

/** Every distinct ArrayBuffer under a network's typed arrays (what a transfer hands over). */
export function networkBuffers(net: ProcessedNetwork): ArrayBuffer[] {
  const arrays = [net.layerSizes, net.nodePositions, net.nodeImportance, net.edgeSource, net.edgeTarget, net.edgeImportance, net.polylineOffsets, net.polylinePoints];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
