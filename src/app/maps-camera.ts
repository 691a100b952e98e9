/** The default view follows the feature-map tiles: when they appear or go, a camera still standing where its last fit put it fits them too. */
import type { CameraController } from '../scene/camera-controller';
import type { NetworkView } from '../scene/network-view';
import type { FeatureMaps } from './feature-maps';
import type { Store } from './store';

/** Subscribes to `store`; returns the unsubscribe function. */
export function fitTilesInView(store: Store, camera: CameraController, view: NetworkView, maps: FeatureMaps): () => void {
  let network: unknown = null;
  let count = -1;
  return store.subscribe((s) => {
    const tiles = s.tiles?.tiles ?? 0;
    if (s.network === network && tiles === count) return;
    const reframe = s.network === network;
    network = s.network;
    count = tiles;
    // A new network is framed by its loader; only tiles coming and going refit here.
    if (!reframe) return;
    const nodes = view.drawnNodes();
    const shown = maps.frame();
    const points = new Float32Array(nodes.points.length + shown.points.length);
    points.set(nodes.points);
    points.set(shown.points, nodes.points.length);
    const radii = new Float32Array(nodes.radii.length + shown.radii.length);
    radii.set(nodes.radii);
    radii.set(shown.radii, nodes.radii.length);
    camera.reframe({ points, radii });
  });
}
