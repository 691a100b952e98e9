/** Comfort checks of what the headset shows: how close anything shown comes to the eyes. */
import type { Vector3 } from '@babylonjs/core/Maths/math.vector';
import type { Scene } from '@babylonjs/core/scene';

/** The shown mesh whose bounding box comes nearest to `eye`, and that distance (metres). */
export function nearestToEyes(scene: Scene, eye: Vector3): { name: string; distance: number } {
  let best = { name: '', distance: Infinity };
  for (const mesh of scene.meshes) {
    if (!mesh.isVisible || !mesh.isEnabled() || mesh.getTotalVertices() === 0) continue;
    const box = mesh.getBoundingInfo().boundingBox;
    const lo = box.minimumWorld;
    const hi = box.maximumWorld;
    const dx = Math.max(lo.x - eye.x, 0, eye.x - hi.x);
    const dy = Math.max(lo.y - eye.y, 0, eye.y - hi.y);
    const dz = Math.max(lo.z - eye.z, 0, eye.z - hi.z);
    const distance = Math.hypot(dx, dy, dz);
    if (distance < best.distance) best = { name: mesh.name, distance };
  }
  return best;
}
