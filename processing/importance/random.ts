/** nn_vis's random importance (spec §2.4) for networks of any layer sizes, seeded. */
import { createRng } from '../util/rng';
import { oneHotOutput, type NetworkImportance } from './types';

/**
 * For each non-output node one random class gets max(r, r) and every other class min(r, r)²; output
 * nodes are one-hot; edge importance is uniform random. The last layer's size is the class count.
 */
export function randomImportance(layerSizes: readonly number[], seed: number): NetworkImportance {
  const rng = createRng(seed);
  const C = layerSizes[layerSizes.length - 1];
  const nodes: Float32Array[] = layerSizes.slice(0, -1).map((n) => {
    const imp = new Float32Array(n * C);
    for (let i = 0; i < n; i++) {
      const favourite = Math.floor(rng() * C);
      for (let c = 0; c < C; c++) imp[i * C + c] = c === favourite ? Math.max(rng(), rng()) : Math.min(rng(), rng()) ** 2;
    }
    return imp;
  });
  nodes.push(oneHotOutput(C));
  const edges = layerSizes.slice(0, -1).map((n, l) => {
    const e = new Float32Array(n * layerSizes[l + 1]);
    for (let k = 0; k < e.length; k++) e[k] = rng();
    return e;
  });
  return { method: 'random', nodes, edges };
}
