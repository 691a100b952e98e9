/** Where texel (row, column) of a feature-map tile is in the world, as a head at `eye` sees the tile (automation). */
import { Vector3 } from '@babylonjs/core/Maths/math.vector';
import type { FeatureMaps } from '../../app/feature-maps';
import { tileFrame } from './tile-orientation';

/** World point of texel (row, column) of tile `k`, or null when no such tile is drawn. */
export function tileTexelWorld(maps: FeatureMaps, k: number, row: number, column: number, eye: Vector3): number[] | null {
  const tile = maps.instances()[k];
  if (!tile) return null;
  const world = maps.layer.mesh.computeWorldMatrix(true);
  const inverse = world.clone().invert();
  const eyeLocal = Vector3.TransformCoordinates(eye, inverse);
  const f = tileFrame(tile.centre, eyeLocal.asArray());
  const a = ((column + 0.5) / tile.width) * 2 - 1;
  const b = 1 - ((row + 0.5) / tile.height) * 2;
  const local = tile.centre.map((c, i) => c + (f.right[i] * a + f.up[i] * b) * tile.half);
  return Vector3.TransformCoordinates(Vector3.FromArray(local), world).asArray();
}
