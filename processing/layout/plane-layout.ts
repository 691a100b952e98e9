/**
 * Initial node placement for networks with planes: planes along +z by depth (longest path from the
 * input), nodes on each plane's square grid (as grid-layout.ts, image-oriented), and planes of the same
 * depth (parallel branches) side by side in lanes along x, centred on the axis.
 */
import type { PlaneInfo } from '../format/processed-network';
import { gridLayout } from './grid-layout';

/** Gap between two lanes, in layer widths. */
export const kLaneGap = 0.35;

/** Positions (N × 3) for planes with the given sizes (nodes in plane order). */
export function planeLayout(planes: readonly PlaneInfo[], sizes: ArrayLike<number>, layerDistance: number, layerWidth: number): Float32Array {
  let total = 0;
  for (let p = 0; p < sizes.length; p++) total += sizes[p];
  const out = new Float32Array(total * 3);
  const depths = Math.max(...planes.map((p) => p.depth)) + 1;
  const lanes = new Map<number, number>();
  for (const p of planes) lanes.set(p.depth, Math.max(lanes.get(p.depth) ?? 0, p.lane + 1));
  let at = 0;
  planes.forEach((p, i) => {
    const grid = gridLayout([sizes[i]], 0, layerWidth);
    const count = lanes.get(p.depth)!;
    const dx = (p.lane - (count - 1) / 2) * layerWidth * (1 + kLaneGap);
    const z = -((depths - 1) * layerDistance) / 2 + p.depth * layerDistance;
    for (let k = 0; k < sizes[i]; k++, at += 3) {
      out[at] = grid[k * 3] + dx;
      out[at + 1] = grid[k * 3 + 1];
      out[at + 2] = z;
    }
  });
  return out;
}
