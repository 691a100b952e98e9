/** nn_vis's derived constants and schedules (spec §1.1, §1.7, §1.8), with h reset on every run. */
import type { ProcessingConfig } from '../config/processing-config';

export interface BundlingConstants {
  /** Sample length L = layer_width / sampling_rate. */
  sampleLength: number;
  /** nn_vis's grid cell c = L/3; the stop criterion is h < 2c. */
  limit: number;
  nodeBandwidth0: number;
  edgeBandwidth0: number;
}

/** Constants derived from the processing config. */
export function bundlingConstants(cfg: ProcessingConfig): BundlingConstants {
  const sampleLength = cfg.layer_width / cfg.sampling_rate;
  return { sampleLength, limit: (2 * sampleLength) / 3, nodeBandwidth0: 0.75 * cfg.layer_width, edgeBandwidth0: 0.5 * cfg.layer_width };
}

/** h_k = h_0·r^k for every k with h_k ≥ limit (nn_vis stops once h drops below the limit). */
export function bandwidthSchedule(h0: number, reduction: number, limit: number): number[] {
  const out: number[] = [];
  for (let h = h0; h >= limit && out.length < 10_000; h *= reduction) out.push(h);
  return out;
}

/** The similarity threshold S of iteration k: 0 first, then √max(0, 1 − (h_k − limit)/(h_0 − limit)). */
export function similarityThreshold(k: number, hk: number, h0: number, limit: number): number {
  if (k === 0 || h0 <= limit) return 0;
  return Math.sqrt(Math.max(0, 1 - (hk - limit) / (h0 - limit)));
}
