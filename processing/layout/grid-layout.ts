/**
 * nn_vis's initial node placement (spec §1.2): square per-layer grids, layers along +z, input first.
 * Unlike nn_vis (whose row index grows with +y, so an MNIST image came out upside down), a grid reads like
 * an image seen from the input side (pose 0, the default view, the headset's start pose): row 0 at the top
 * (+y), column 0 on the left, which from a camera looking along +z is +x.
 */

/** Positions (N × 3) for the given layer sizes. Row 0 at +y, column 0 at +x; a partial last row stays left-aligned (as seen from the input side). */
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
      // A single node sits at the layer centre; the general formula gives the same (side 1). `+ 0` turns −0 into 0.
      out[at] = ((side - 1) / 2 - (i % side)) * cell + 0;
      out[at + 1] = ((side - 1) / 2 - Math.floor(i / side)) * cell + 0;
      out[at + 2] = z;
    }
  }
  return out;
}
