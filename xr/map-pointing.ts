/**
 * Feature maps under the headset's rays: the trigger on a tile enlarges it beside that hand (the panel);
 * pointing at a tile's or the panel's pixel outlines it and lights the input region it sees. The desktop
 * mouse does the same through src/ui/tile-pointer.ts; both use the same picking and texel description.
 */
import type { Ray } from '@babylonjs/core/Culling/ray';
import { Vector3 } from '@babylonjs/core/Maths/math.vector';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode';
import type { Scene } from '@babylonjs/core/scene';
import type { FeatureMaps } from '../src/app/feature-maps';
import type { Store } from '../src/app/store';
import { planeCaption } from '../src/scene/plane-labels';
import type { TileHit } from '../src/scene/tiles/tile-picking';
import { describeTexel, receptiveBox } from '../src/ui/tile-texel';
import { createMapPanel, createReadout, type MapPanel } from './map-panel';

export interface XrMapPointing {
  readonly panel: MapPanel;
  /** A trigger with this ray: opens the pointed tile's map beside `hand` (true: the trigger was the maps'). */
  trigger(ray: Ray, hand: TransformNode, eye: Vector3): boolean;
  /** Per frame: what the rays point at gets outlined, with its receptive field. */
  point(rays: Ray[]): void;
  /** The text of the tag at the pointed tile texel ('' when none is pointed at). */
  readout(): string;
  /** The tile a ray points at (automation). */
  tileAt(ray: Ray): TileHit | null;
  dispose(): void;
}

/** Creates the pointing logic and its (hidden) panel. */
export function createXrMapPointing(scene: Scene, store: Store, maps: FeatureMaps): XrMapPointing {
  const panel = createMapPanel(scene);
  const readout = createReadout(scene);
  const tileAt = (ray: Ray): TileHit | null => maps.pickRay(ray, scene.activeCamera!.globalPosition);
  return {
    panel,
    tileAt,
    trigger(ray, hand, eye) {
      if (panel.pixelAt(ray)) return true;
      const hit = tileAt(ray);
      if (!hit) return false;
      const { tile } = hit;
      const values = new Float32Array(tile.width * tile.height);
      for (let y = 0; y < tile.height; y++) for (let x = 0; x < tile.width; x++) values[y * tile.width + x] = maps.valueAt(tile, y, x);
      const s = store.get();
      const p = s.network?.planes?.[tile.plane];
      const range = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0) || 1;
      panel.show({ tile, values, range, caption: `${p ? planeCaption(p) : 'input'} · ${tile.channel < 0 ? `${s.maps.aggregate} of channels` : `channel ${tile.channel}`}` }, hand, eye);
      return true;
    },
    point(rays) {
      const s = store.get();
      for (const ray of rays) {
        const px = panel.pixelAt(ray);
        if (px && panel.shown) {
          const t = panel.shown.tile;
          maps.layer.setReceptiveField(receptiveBox(s, t.plane, px.y, px.x));
          panel.setStatus(describeTexel(s, t, px.y, px.x, maps.valueAt(t, px.y, px.x)).split(' · ').slice(-2).join(' · '));
          return;
        }
        const hit = tileAt(ray);
        if (hit) {
          maps.layer.setHover({ tag: hit.index, x: hit.x, y: hit.y });
          maps.layer.setReceptiveField(receptiveBox(s, hit.tile.plane, hit.y, hit.x));
          // The value and field, on a tag just in front of the pointed texel.
          const at = ray.origin.add(ray.direction.scale(hit.t * (maps.layer.mesh.absoluteScaling.x || 1) - 0.03));
          readout.show(describeTexel(s, hit.tile, hit.y, hit.x, maps.valueAt(hit.tile, hit.y, hit.x)), at, scene.activeCamera!.globalPosition);
          return;
        }
      }
      maps.layer.setHover(null);
      maps.layer.setReceptiveField(null);
      readout.hide();
    },
    readout: () => readout.text(),
    dispose() {
      panel.dispose();
      readout.dispose();
    },
  };
}
