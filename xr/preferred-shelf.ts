/**
 * Preferred inputs in the headset: the menu's toggle puts the chosen plane's preferred inputs (the output
 * plane's class images at first) on the shelf, computing them first when they are not there yet; squeeze
 * one, carry it to the input layer and let go: the network reads it. The same toggle brings the gallery
 * back. The preferred-input view's tiles show on the network as on the desktop, and the squeeze takes
 * one straight off the network too: a copy of its image follows the hand to the input layer.
 */
import { DynamicTexture } from '@babylonjs/core/Materials/Textures/dynamicTexture';
import type { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial';
import { Vector3 } from '@babylonjs/core/Maths/math.vector';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode';
import type { Scene } from '@babylonjs/core/scene';
import type { DigitSet } from '../processing/format/digits';
import { createFacingPlane } from '../src/scene/facing-plane';
import { putDigit } from '../src/ui/digit-tile';
import type { PlaneVisuals } from '../processing/tiles/preferred-atlas';
import type { XrLink } from './xr-link';
import type { XrInputFixtures } from './xr-pad';

export interface XrPreferred {
  /** Whether the shelf shows preferred inputs now. */
  readonly shown: boolean;
  toggle(): void;
  /** Takes unit `unit` of plane `plane`'s image off the network into `hand` (at world point `at`); returns what letting go does. */
  carry(plane: number, unit: number, hand: TransformNode, at: Vector3): () => void;
}

/** Side of a carried image in metres (a shelf tile's size). */
const kCarriedMetres = 0.042;
/** How far outside the input layer's box a let-go image still counts as dropped on it (as the shelf's). */
const kDropMargin = 0.25;

/** The computed units of `v` as a grey digit set (the mean over colour channels, 0..255) and which unit each image is. */
export function shelfImages(v: PlaneVisuals): { set: DigitSet; units: number[] } {
  const { h, w, c } = v.shape;
  const n = h * w * c;
  const units = Array.from({ length: v.unitCount }, (_, u) => u).filter((u) => v.have[u]);
  const pixels = new Uint8Array(units.length * h * w);
  const [lo, hi] = v.range;
  units.forEach((u, k) => {
    for (let p = 0; p < h * w; p++) {
      let sum = 0;
      for (let j = 0; j < c; j++) sum += v.images[u * n + p * c + j];
      pixels[k * h * w + p] = Math.round(Math.min(255, Math.max(0, (255 * (sum / c - lo)) / (hi - lo || 1))));
    }
  });
  return { set: { count: units.length, rows: h, cols: w, labels: new Uint8Array(units.length), pixels }, units };
}

/** Creates the toggle and the carrying over the app's preferred-inputs feature, the shelf and the input layer's box. */
export function createXrPreferred(scene: Scene, link: XrLink, shelf: XrInputFixtures, inputLayerBox: () => number[]): XrPreferred {
  let set: DigitSet | null = null;
  const show = (v: PlaneVisuals) => {
    const images = shelfImages(v);
    set = images.set;
    shelf.showImages(images.set, (k) => link.preferred.feed(images.units[k], v.plane));
  };
  return {
    get shown() { return set !== null && shelf.shelfSet() === set; },
    carry(plane, unit, hand, at) {
      const v = [...link.preferred.visuals().values()].find((x) => x.plane === plane);
      if (!v || !v.have[unit]) return () => undefined;
      const one = shelfImages({ ...v, have: v.have.map((_, u) => (u === unit ? 1 : 0)) }).set;
      const texture = new DynamicTexture(`xr carried ${v.name} ${unit}`, { width: one.cols, height: one.rows }, scene, false);
      putDigit(texture.getContext() as CanvasRenderingContext2D, one, 0);
      texture.update();
      const mesh = createFacingPlane(`xr carried ${v.name} ${unit}`, kCarriedMetres, kCarriedMetres, scene, texture);
      mesh.isPickable = false;
      mesh.position.copyFrom(at);
      mesh.lookAt(at.add(at.subtract(hand.getAbsolutePosition()).normalize()));
      mesh.setParent(hand);
      return () => {
        const p = mesh.getAbsolutePosition().asArray();
        const box = inputLayerBox();
        const inside = [0, 1, 2].every((a) => p[a] >= box[a] - kDropMargin && p[a] <= box[a + 3] + kDropMargin);
        (mesh.material as StandardMaterial | null)?.dispose();
        texture.dispose();
        mesh.dispose();
        if (inside) link.preferred.feed(unit, plane);
      };
    },
    toggle() {
      if (this.shown) {
        set = null;
        link.digits().then((gallery) => shelf.showDigits(gallery, null), () => undefined);
        return;
      }
      const p = link.preferred;
      const plane = p.view().plane;
      const ready = p.visuals().get(plane);
      if (ready && ready.have.every((x) => x === 1)) { show(ready); return; }
      // Not there yet: compute the plane (its progress and any failure show on the desktop panel), then shelve it.
      p.run('plane').then(() => {
        const v = p.visuals().get(plane);
        if (v) show(v);
      }, () => undefined);
    },
  };
}
