/**
 * Carrying a preferred input by hand (desktop): in the preferred-input view, press on a node's tile,
 * drag its image (a copy follows the pointer) and let go over the input plane's tile — the image goes
 * through the network. A press and release without moving selects the tile's node. Presses elsewhere
 * are left to node dragging and the camera.
 */
import type { Camera } from '@babylonjs/core/Cameras/camera';
import { PointerEventTypes } from '@babylonjs/core/Events/pointerEvents';
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector';
import type { Scene } from '@babylonjs/core/scene';
import type { FeatureMaps } from '../app/feature-maps';
import type { PlaneVisuals } from '../../processing/tiles/preferred-atlas';
import { pickTile, type TileHit } from '../scene/tiles/tile-picking';
import { createGhost, moveGhost, unitImage } from './preferred-panel';

/** Pointer travel (CSS pixels) below which a press is a click. */
const kClickSlop = 4;

export interface CarryActions {
  /** The visuals of plane index `plane`, or undefined. */
  visualsOf(plane: number): PlaneVisuals | undefined;
  feed(plane: number, unit: number): void;
  select(node: number): void;
}

/** Wires carrying on `scene` (ahead of node dragging); returns the teardown. */
export function bindTileCarry(scene: Scene, camera: () => Camera, maps: FeatureMaps, actions: CarryActions): () => void {
  const inverse = new Matrix();
  const tileAt = (clientX: number, clientY: number): TileHit | null => {
    const rect = scene.getEngine().getRenderingCanvasClientRect();
    if (!rect) return null;
    const ray = scene.createPickingRay(clientX - rect.left, clientY - rect.top, Matrix.Identity(), camera());
    maps.layer.mesh.getWorldMatrix().invertToRef(inverse);
    const origin = Vector3.TransformCoordinates(ray.origin, inverse);
    const dir = Vector3.TransformNormal(ray.direction, inverse).normalize();
    const eye = Vector3.TransformCoordinates(camera().globalPosition, inverse);
    return pickTile(maps.instances(), origin.asArray(), dir.asArray(), eye.asArray(), maps.pixelsPerUnit(), maps.layer.lod);
  };
  const observer = scene.onPrePointerObservable.add((pi) => {
    const e = pi.event as PointerEvent;
    if (pi.type !== PointerEventTypes.POINTERDOWN || e.button !== 0 || scene.activeCamera !== camera()) return;
    if (maps.mode() !== 'preferred' || !maps.visible()) return;
    const hit = tileAt(e.clientX, e.clientY);
    const v = hit && hit.tile.plane > 0 ? actions.visualsOf(hit.tile.plane) : undefined;
    if (!hit || !v) return;
    // The press is the carry's: neither the camera nor node dragging sees it.
    pi.skipOnPointerObservable = true;
    const { plane, channel: unit, node } = hit.tile;
    const x0 = e.clientX;
    const y0 = e.clientY;
    let ghost: HTMLCanvasElement | null = null;
    const move = (m: PointerEvent) => {
      if (!ghost && Math.hypot(m.clientX - x0, m.clientY - y0) < kClickSlop) return;
      if (!ghost) {
        const image = unitImage(v, unit);
        ghost = createGhost(image, 0, 0, image.width, image.height);
      }
      moveGhost(ghost, m.clientX, m.clientY);
    };
    const up = (m: PointerEvent) => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      if (!ghost) { actions.select(node); return; }
      ghost.remove();
      const target = tileAt(m.clientX, m.clientY);
      if (target?.tile.plane === 0) actions.feed(plane, unit);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }, undefined, true);
  return () => { scene.onPrePointerObservable.remove(observer); };
}
