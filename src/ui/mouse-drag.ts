/**
 * Desktop node grabbing: press on a node and drag it (in the plane facing the camera), release to let the
 * touching edges re-bundle; a press and release without moving selects the node. Presses elsewhere (and
 * on the GUI, which claims its own) are left to the camera. A click on a companion network's node (compare)
 * selects that node (in every copy); companions' nodes are not dragged.
 */
import type { Camera } from '@babylonjs/core/Cameras/camera';
import { PointerEventTypes, type PointerInfoPre } from '@babylonjs/core/Events/pointerEvents';
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector';
import { Plane } from '@babylonjs/core/Maths/math.plane';
import type { Ray } from '@babylonjs/core/Culling/ray';
import '@babylonjs/core/Culling/ray';
import type { Scene } from '@babylonjs/core/scene';
import type { NodeDrag, NodeMover } from '../app/node-mover';
import type { NodePicker } from '../scene/node-picker';
import type { NodeHit } from '../scene/node-picking';

/** Pointer travel (CSS pixels) below which a press is a click. */
const kClickSlop = 4;

/**
 * Wires node dragging on `scene`; `onGrab` runs when a press lands on a node (the view then stops following
 * panel changes, so the node stays under the pointer); `pickOther` finds companion nodes. Returns a function
 * that removes it.
 */
export function bindMouseDrag(
  scene: Scene, camera: () => Camera, picker: NodePicker, mover: NodeMover, select: (node: number | null) => void, onGrab: () => void = () => undefined,
  pickOther: (ray: Ray) => NodeHit | null = () => null,
): () => void {
  let drag: NodeDrag | null = null;
  let node = -1;
  // A node of a companion network (compare) under the press: a click selects it, a drag orbits as usual.
  let other = -1;
  let plane: Plane | null = null;
  let anchor = new Vector3();
  let pressX = 0;
  let pressY = 0;
  let moved = false;
  const inverse = new Matrix();

  const rayAt = (x: number, y: number): Ray => scene.createPickingRay(x, y, Matrix.Identity(), camera());
  const hitOnPlane = (ray: Ray): Vector3 | null => {
    const t = ray.intersectsPlane(plane!);
    return t === null ? null : ray.origin.add(ray.direction.scale(t));
  };

  const observer = scene.onPrePointerObservable.add((pi: PointerInfoPre) => {
    if (pi.skipOnPointerObservable || scene.activeCamera !== camera()) return;
    const e = pi.event as PointerEvent;
    const x = scene.pointerX;
    const y = scene.pointerY;
    if (pi.type === PointerEventTypes.POINTERDOWN && e.button === 0) {
      const ray = rayAt(x, y);
      const hit = picker.pickRay(ray);
      const elsewhere = pickOther(ray);
      pressX = e.clientX;
      pressY = e.clientY;
      other = elsewhere && (!hit || elsewhere.distance < hit.distance) ? elsewhere.node : -1;
      if (!hit || other >= 0) return;
      onGrab();
      node = hit.node;
      anchor = picker.worldPosition(node);
      const forward = camera().getForwardRay().direction;
      plane = Plane.FromPositionAndNormal(anchor, forward.negate());
      moved = false;
      pi.skipOnPointerObservable = true;
      return;
    }
    if (other >= 0 && pi.type === PointerEventTypes.POINTERUP) {
      if (Math.hypot(e.clientX - pressX, e.clientY - pressY) < kClickSlop) select(other);
      other = -1;
      return;
    }
    if (node < 0) return;
    pi.skipOnPointerObservable = true;
    if (pi.type === PointerEventTypes.POINTERMOVE) {
      if (!moved && Math.hypot(e.clientX - pressX, e.clientY - pressY) < kClickSlop) return;
      moved = true;
      const p = hitOnPlane(rayAt(x, y));
      if (!p) return;
      if (!drag) {
        drag = mover.begin([node]);
        select(node);
      }
      picker.root.getWorldMatrix().invertToRef(inverse);
      drag.moveBy(Vector3.TransformNormal(p.subtract(anchor), inverse).asArray());
    } else if (pi.type === PointerEventTypes.POINTERUP) {
      if (drag) void drag.end();
      else if (!moved) select(node);
      drag = null;
      node = -1;
    }
  });
  return () => { scene.onPrePointerObservable.remove(observer); };
}
