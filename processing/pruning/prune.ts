/** nn_vis's prune_percentage (spec §1.3), without its dropped-edge-per-container bug. */

/**
 * Returns a keep mask for edges with the given keys (nn_vis: |w| · source mean importance).
 * The threshold is sorted[floor(N·p)]; only keys strictly above it stay, so ties at the threshold go too.
 * p = 0 keeps every edge; if all keys are equal nothing is pruned (as nn_vis does).
 */
export function pruneMask(keys: Float32Array, percentage: number): Uint8Array {
  const keep = new Uint8Array(keys.length).fill(1);
  if (percentage <= 0 || keys.length === 0) return keep;
  const sorted = Float32Array.from(keys).sort();
  if (sorted[0] === sorted[sorted.length - 1]) return keep;
  const threshold = sorted[Math.min(sorted.length - 1, Math.floor(keys.length * percentage))];
  for (let i = 0; i < keys.length; i++) keep[i] = keys[i] > threshold ? 1 : 0;
  return keep;
}
