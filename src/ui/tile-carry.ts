/**
 * Carrying a preferred input by hand (desktop): in the preferred-input view, press on a node's tile,
 * drag its image (a copy follows the pointer) and let go over the input plane's tile — the image goes
 * through the network. A press and release without moving selects the tile's node. Presses elsewhere
 * are left to node dragging and the camera.
 */
import type { Camera } from '@babylonjs/core/Cameras/camera';
import { PointerEventTypes } from '@babylonjs/core/Events/pointerEvents';
import { Matrix } from '@babylonjs/core/Maths/math.vector';
import type { Scene } from '@babylonjs/core/scene';
import type { FeatureMaps } from '../app/feature-maps';
import type { PlaneVisuals } from '../../processing/tiles/preferred-atlas';
import type { TileHit } from '../scene/tiles/tile-picking';
import { unitImage } from './preferred-panel';
import { followPress } from './ghost-drag';

export interface CarryActions {
  /** The visuals of plane index `plane`, or undefined. */
  visualsOf(plane: number): PlaneVisuals | undefined;
  feed(plane: number, unit: number): void;
  select(node: number): void;
}

/** Wires carrying on `scene` (ahead of node dragging); returns the teardown. */
export function bindTileCarry(scene: Scene, camera: () => Camera, maps: FeatureMaps, actions: CarryActions): () => void {
  const tileAt = (clientX: number, clientY: number): TileHit | null => {
    const rect = scene.getEngine().getRenderingCanvasClientRect();
    return rect ? maps.pickRay(scene.createPickingRay(clientX - rect.left, clientY - rect.top, Matrix.Identity(), camera()), camera().globalPosition) : null;
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
    followPress(e.clientX, e.clientY, () => {
      const image = unitImage(v, unit);
      return { source: image, sx: 0, sy: 0, sw: image.width, sh: image.height };
    }, () => actions.select(node), (x, y) => {
      if (tileAt(x, y)?.tile.plane === 0) actions.feed(plane, unit);
    });
  }, undefined, true);
  return () => { scene.onPrePointerObservable.remove(observer); };
}
