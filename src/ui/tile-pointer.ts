/**
 * The mouse on feature maps (desktop): hovering a tile's texel outlines it, shows its value and lights the
 * input region it sees (its receptive field) on the input tiles; clicking a plane label collapses or
 * expands that plane. Owns its listeners and the tooltip.
 */
import type { Camera } from '@babylonjs/core/Cameras/camera';
import { PointerEventTypes } from '@babylonjs/core/Events/pointerEvents';
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector';
import type { Scene } from '@babylonjs/core/scene';
import type { FeatureMaps } from '../app/feature-maps';
import type { Store } from '../app/store';
import { pickTile, type TileHit } from '../scene/tiles/tile-picking';
import { describeTexel, receptiveBox } from './tile-texel';

/** Wires hover and label clicks on `scene`; returns the teardown. */
export function bindTilePointer(scene: Scene, camera: () => Camera, store: Store, maps: FeatureMaps, root: HTMLElement): () => void {
  const tip = document.createElement('div');
  tip.id = 'tile-tip';
  tip.className = 'hidden';
  root.appendChild(tip);
  const inverse = new Matrix();
  let hovered: TileHit | null = null;
  const clear = () => {
    if (!hovered) return;
    hovered = null;
    maps.layer.setHover(null);
    maps.layer.setReceptiveField(null);
    tip.classList.add('hidden');
  };
  const hover = (x: number, y: number, clientX: number, clientY: number) => {
    if (!maps.visible()) { clear(); return; }
    const ray = scene.createPickingRay(x, y, Matrix.Identity(), camera());
    maps.layer.mesh.getWorldMatrix().invertToRef(inverse);
    const origin = Vector3.TransformCoordinates(ray.origin, inverse);
    const dir = Vector3.TransformNormal(ray.direction, inverse).normalize();
    const eye = Vector3.TransformCoordinates(camera().globalPosition, inverse);
    const hit = pickTile(maps.instances(), origin.asArray(), dir.asArray(), eye.asArray(), maps.pixelsPerUnit(), maps.layer.lod);
    if (!hit) { clear(); return; }
    hovered = hit;
    maps.layer.setHover({ tag: hit.index, x: hit.x, y: hit.y });
    const s = store.get();
    maps.layer.setReceptiveField(receptiveBox(s, hit.tile.plane, hit.y, hit.x));
    tip.textContent = describeTexel(s, hit.tile, hit.y, hit.x, maps.valueAt(hit.tile, hit.y, hit.x));
    tip.style.left = `${clientX + 14}px`;
    tip.style.top = `${clientY + 14}px`;
    tip.classList.remove('hidden');
  };
  const observer = scene.onPointerObservable.add((pi) => {
    const e = pi.event as PointerEvent;
    if (pi.type === PointerEventTypes.POINTERMOVE) {
      if (e.buttons) { clear(); return; }
      hover(scene.pointerX, scene.pointerY, e.clientX, e.clientY);
    } else if (pi.type === PointerEventTypes.POINTERTAP && e.button === 0) {
      const pick = scene.pick(scene.pointerX, scene.pointerY, (m) => typeof m.metadata?.planeLabel === 'number', false, camera());
      if (pick?.hit && pick.pickedMesh) maps.toggleCollapse(pick.pickedMesh.metadata.planeLabel as number);
    }
  });
  const leave = () => clear();
  scene.getEngine().getRenderingCanvas()?.addEventListener('pointerleave', leave);
  return () => {
    scene.onPointerObservable.remove(observer);
    scene.getEngine().getRenderingCanvas()?.removeEventListener('pointerleave', leave);
    tip.remove();
  };
}
