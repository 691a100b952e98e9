/**
 * Picking nodes without Babylon's mesh picking (which walks every thin instance and ignores the impostor
 * spheres): rays and points are tested against the drawn nodes' spheres in network space. Nodes number
 * in the thousands, so a linear pass over typed arrays costs well under a millisecond.
 */

/** Smallest pick radius (network units): tiny unimportant nodes stay grabbable. */
export const kMinPickRadius = 0.012;

export interface NodeHit { node: number; distance: number }

/**
 * The drawn node whose sphere (its radius, at least `minRadius`) the ray `origin + t·dir` (dir need not be
 * unit length) enters first with t ≥ 0; null when none. `nodes[k]` is the network node of instance k.
 */
export function pickNodeOnRay(positions: Float32Array, nodes: Uint32Array, radii: Float32Array, origin: ArrayLike<number>, dir: ArrayLike<number>, minRadius = kMinPickRadius): NodeHit | null {
  const dd = dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2];
  if (!(dd > 0)) return null;
  const inv = 1 / Math.sqrt(dd);
  const ux = dir[0] * inv;
  const uy = dir[1] * inv;
  const uz = dir[2] * inv;
  let best = -1;
  let bestT = Infinity;
  for (let k = 0; k < nodes.length; k++) {
    const i = nodes[k];
    const ox = positions[i * 3] - origin[0];
    const oy = positions[i * 3 + 1] - origin[1];
    const oz = positions[i * 3 + 2] - origin[2];
    const along = ox * ux + oy * uy + oz * uz;
    const r = Math.max(radii[k], minRadius);
    const miss = ox * ox + oy * oy + oz * oz - along * along;
    if (miss > r * r) continue;
    const t = along - Math.sqrt(r * r - miss);
    // A ray starting inside a sphere hits it at its origin.
    const entry = t < 0 ? (along + Math.sqrt(r * r - miss) >= 0 ? 0 : -1) : t;
    if (entry >= 0 && entry < bestT) {
      bestT = entry;
      best = i;
    }
  }
  return best < 0 ? null : { node: best, distance: bestT };
}

/** The drawn node whose sphere surface is nearest to `point`, within `reach` of it; null when none. */
export function nearestNode(positions: Float32Array, nodes: Uint32Array, radii: Float32Array, point: ArrayLike<number>, reach: number, minRadius = kMinPickRadius): NodeHit | null {
  let best = -1;
  let bestD = reach;
  for (let k = 0; k < nodes.length; k++) {
    const i = nodes[k];
    const dx = positions[i * 3] - point[0];
    const dy = positions[i * 3 + 1] - point[1];
    const dz = positions[i * 3 + 2] - point[2];
    const d = Math.max(0, Math.sqrt(dx * dx + dy * dy + dz * dz) - Math.max(radii[k], minRadius));
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best < 0 ? null : { node: best, distance: bestD };
}

/** The layer a node belongs to (offsets from processing's layerOffsets). */
export function layerOfNode(offsets: Uint32Array, node: number): number {
  for (let l = 0; l + 1 < offsets.length; l++) if (node < offsets[l + 1]) return l;
  throw new Error(`node ${node} is beyond the network's ${offsets[offsets.length - 1]} nodes`);
}
