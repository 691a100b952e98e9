/** Which tile, and which texel of it, a ray meets (the nearest tile shown at least half faded in). */
import { hitTile, tileFrame } from './tile-orientation';
import type { TileInstance } from './tile-records';
import { kTileLod } from './tile-layer';

export interface TileHit {
  /** Index into the instances (= the tile's record index, its tag in the shader). */
  index: number;
  tile: TileInstance;
  /** Texel row and column. */
  y: number;
  x: number;
  /** Distance along the ray (network-local units). */
  t: number;
}

/**
 * The nearest tile hit by the ray (origin, dir) — all network-local — as the camera at `camera` with
 * `pixelsPerUnit` sees it (tiles too small on screen to show a map are skipped), or null.
 */
export function pickTile(instances: readonly TileInstance[], origin: ArrayLike<number>, dir: ArrayLike<number>, camera: ArrayLike<number>, pixelsPerUnit: number, lod: readonly [number, number] = kTileLod): TileHit | null {
  let best: TileHit | null = null;
  const threshold = (lod[0] + lod[1]) / 2;
  instances.forEach((tile, index) => {
    const c = tile.centre;
    const dist = Math.hypot(camera[0] - c[0], camera[1] - c[1], camera[2] - c[2]);
    if (pixelsPerUnit > 0 && (2 * tile.half * pixelsPerUnit) / Math.max(dist, 1e-6) < threshold) return;
    const hit = hitTile(origin, dir, c, tile.half, tileFrame(c, camera));
    if (!hit || (best && best.t <= hit.t)) return;
    best = { index, tile, t: hit.t, x: Math.min(tile.width - 1, Math.floor(hit.u * tile.width)), y: Math.min(tile.height - 1, Math.floor(hit.v * tile.height)) };
  });
  return best;
}
