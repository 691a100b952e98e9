/**
 * The mouse on feature maps (desktop): hovering a tile's texel outlines it, shows its value and lights the
 * input region it sees (its receptive field) on the input tiles; clicking a plane label collapses or
 * expands that plane. Owns its listeners and the tooltip.
 */
import type { Camera } from '@babylonjs/core/Cameras/camera';
import { PointerEventTypes } from '@babylonjs/core/Events/pointerEvents';
import { Matrix } from '@babylonjs/core/Maths/math.vector';
import type { Scene } from '@babylonjs/core/scene';
import type { FeatureMaps } from '../app/feature-maps';
import type { TileHit } from '../scene/tiles/tile-picking';
import { describeTexel, receptiveBox } from './tile-texel';
import type { AppState, Store } from '../app/store';

/** The tooltip of a preferred-input tile: the unit, what its image reaches against real data, and what to do with it. */
function describePreferred(s: Readonly<AppState>, plane: number, unit: number): string {
  const v = s.preferredTiles?.planes.find((p) => p.plane === plane);
  if (!v) return '';
  const beats = v.reached[unit] >= v.heldOutMax[unit];
  return `${v.name} · ${unit}: its preferred input reaches ${v.reached[unit].toFixed(2)} (held-out mean ${v.heldOutMean[unit].toFixed(2)}, max ${v.heldOutMax[unit].toFixed(2)}${beats ? '' : ' — ascent did not beat real data'}). Drag it onto the input to feed it.`;
}

/** Wires hover and label clicks on `scene`; returns the teardown. */
export function bindTilePointer(scene: Scene, camera: () => Camera, store: Store, maps: FeatureMaps, root: HTMLElement): () => void {
  const tip = document.createElement('div');
  tip.id = 'tile-tip';
  tip.className = 'hidden';
  root.appendChild(tip);
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
    const hit = maps.pickRay(scene.createPickingRay(x, y, Matrix.Identity(), camera()), camera().globalPosition);
    if (!hit) { clear(); return; }
    hovered = hit;
    maps.layer.setHover({ tag: hit.index, x: hit.x, y: hit.y });
    const s = store.get();
    const preferred = maps.mode() === 'preferred' && hit.tile.plane > 0;
    maps.layer.setReceptiveField(preferred ? null : receptiveBox(s, hit.tile.plane, hit.y, hit.x));
    tip.textContent = preferred ? describePreferred(s, hit.tile.plane, hit.tile.channel) : describeTexel(s, hit.tile, hit.y, hit.x, maps.valueAt(hit.tile, hit.y, hit.x));
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
