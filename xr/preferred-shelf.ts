/**
 * Preferred inputs in the headset: the menu's toggle puts the chosen plane's preferred inputs (the output
 * plane's class images at first) on the shelf, computing them first when they are not there yet; squeeze
 * one, carry it to the input layer and let go: the network reads it. The same toggle brings the gallery
 * back. The preferred-input view's tiles show on the network as on the desktop.
 */
import type { DigitSet } from '../processing/format/digits';
import type { PlaneVisuals } from '../processing/tiles/preferred-atlas';
import type { XrLink } from './xr-link';
import type { XrInputFixtures } from './xr-pad';

export interface XrPreferred {
  /** Whether the shelf shows preferred inputs now. */
  readonly shown: boolean;
  toggle(): void;
}

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

/** Creates the toggle over the app's preferred-inputs feature and the shelf. */
export function createXrPreferred(link: XrLink, shelf: XrInputFixtures): XrPreferred {
  let set: DigitSet | null = null;
  const show = (v: PlaneVisuals) => {
    const images = shelfImages(v);
    set = images.set;
    shelf.showImages(images.set, (k) => link.preferred.feed(images.units[k], v.plane));
  };
  return {
    get shown() { return set !== null && shelf.shelfSet() === set; },
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
