/** nn_vis's initial node placement (spec §1.2): square per-layer grids, layers along +z, input first. */

/** Positions (N × 3) for the given layer sizes. Row index grows with +y; partial last rows stay left-aligned. */
export function gridLayout(layerSizes: ArrayLike<number>, layerDistance: number, layerWidth: number): Float32Array {
  let total = 0;
  for (let l = 0; l < layerSizes.length; l++) total += layerSizes[l];
  const out = new Float32Array(total * 3);
  const layers = layerSizes.length;
  let at = 0;
  for (let l = 0; l < layers; l++) {
    const n = layerSizes[l];
    const z = -((layers - 1) * layerDistance) / 2 + l * layerDistance;
    const side = Math.ceil(Math.sqrt(n));
    const cell = layerWidth / side;
    for (let i = 0; i < n; i++, at += 3) {
      // A single node sits at the layer centre; the general formula gives the same (side 1).
      out[at] = ((i % side) - (side - 1) / 2) * cell;
      out[at + 1] = (Math.floor(i / side) - (side - 1) / 2) * cell;
      out[at + 2] = z;
    }
  }
  return out;
}
