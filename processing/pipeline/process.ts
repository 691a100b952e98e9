/**
 * The whole processing pipeline for one network: importance → straight layout (with pruning) → bundling
 * → quality metrics, as plain data. Used by the CLI and the benchmark (and, later, the workers).
 */
import type { ProcessingConfig } from '../config/processing-config';
import type { RenderingConfig } from '../config/rendering-config';
import { bundleNetwork, type BundleOptions, type BundleResult } from '../bundling/bundle';
import type { ProcessedNetwork } from '../format/processed-network';
import type { NetworkImportance } from '../importance/types';
import { qualityMetrics, type QualityMetrics } from '../metrics/quality';
import { buildStraightNetwork, type NetworkShape } from '../network/build-straight';

export interface ProcessResult {
  network: ProcessedNetwork;
  metrics: QualityMetrics;
  timings: { layoutMs: number; nodesMs: number; edgesMs: number; metricsMs: number };
}

/** Lays out and bundles a network of the given shape and importance; metrics go into its statistics. */
export function processNetwork(
  shape: NetworkShape, importance: NetworkImportance, configs: { processing: ProcessingConfig; rendering: RenderingConfig },
  options: BundleOptions = {},
): ProcessResult {
  const t0 = performance.now();
  return processStraight(buildStraightNetwork(shape, importance, configs), options, t0);
}

/** Bundles an already laid-out straight network (an MLP's or a channel network's) and measures it. */
export function processStraight(straight: ProcessedNetwork, options: BundleOptions = {}, t0 = performance.now()): ProcessResult {
  const t1 = performance.now();
  return measured(bundleNetwork(straight, options), t0, t1);
}

/** Any bundling backend: CPU threads, WebGPU (the CLI's --threads / --backend). */
export type Bundler = (straight: ProcessedNetwork) => Promise<BundleResult>;

/** processStraight with another backend. */
export async function processStraightWith(straight: ProcessedNetwork, bundler: Bundler, t0 = performance.now()): Promise<ProcessResult> {
  const t1 = performance.now();
  return measured(await bundler(straight), t0, t1);
}

/** The quality metrics of a finished run, also written into the network's statistics. */
function measured({ network, timings }: BundleResult, t0: number, t1: number): ProcessResult {
  const t2 = performance.now();
  const metrics = qualityMetrics(network);
  const t3 = performance.now();
  const rounded = Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, Number.isInteger(v) ? v : +v.toFixed(4)]));
  network.stats = { ...network.stats, ...rounded };
  return { network, metrics, timings: { layoutMs: t1 - t0, nodesMs: timings.nodesMs, edgesMs: timings.edgesMs, metricsMs: t3 - t2 } };
}
