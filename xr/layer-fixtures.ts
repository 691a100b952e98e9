/**
 * What each layer offers in the headset: a walkable platform under it — a floor square under the
 * layer's centre, a teleport floor with a landing spot at its centre, so walking through the network is one
 * teleport per layer — with a sign standing on its front edge naming the layer, and a handle above it
 * (grab it to move the whole layer along the depth axis). All live under the network's root, so they
 * follow its scale and pose; they are rebuilt from node positions when the layout changes.
 */
import { Color3 } from '@babylonjs/core/Maths/math.color';
import { Vector3 } from '@babylonjs/core/Maths/math.vector';
import { CreateBox } from '@babylonjs/core/Meshes/Builders/boxBuilder';
import type { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial';
import type { Mesh } from '@babylonjs/core/Meshes/mesh';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode';
import type { Scene } from '@babylonjs/core/scene';
import { layerOffsets, type PlaneInfo } from '../processing/format/processed-network';
import { planeCaption } from '../src/scene/plane-labels';
import { nodeBounds } from '../src/scene/network-style';
import { kPlatformGap, kViewFromNetwork } from './network-pose';
import { createTextPlane } from '../src/scene/facing-plane';
import { flatMaterial } from '../src/scene/flat-material';

export interface LayerFixtures {
  /** One platform per layer (teleport floors). */
  readonly platforms: Mesh[];
  /** One handle per layer. */
  readonly handles: Mesh[];
  /** Rebuilds the fixtures for node `positions` of layers of `layerSizes`. */
  /**
   * Builds the fixtures for a network's layers; `copies` (a comparison's companions: their node positions
   * under the same root, the same layer sizes) get platforms and signs too — landings after the network's own —
   * but no handles (layers are moved on the network itself).
   */
  update(positions: Float32Array, layerSizes: ArrayLike<number>, planes?: readonly PlaneInfo[], copies?: { name: string; positions: Float32Array }[]): void;
  /** World position of layer `l`'s landing spot (its platform's centre, on its surface). */
  landing(l: number): Vector3;
  /** Updates the landing spots' world positions in place (after the network moved). */
  refreshLandings(): void;
  /** Landing spots, one Vector3 per layer, kept current by refreshLandings (teleportation snap points). */
  readonly landings: Vector3[];
  /** The layer whose handle `mesh` is, or -1. */
  layerOfHandle(mesh: unknown): number;
  /** Shows or hides all fixtures (hidden outside XR). */
  setVisible(visible: boolean): void;
  dispose(): void;
}

/** A layer's name on its sign: "input · 784", "hidden 2 · 49", "output · 10"; a plane's kind and shape ("conv 16 @ 14×14"). */
export function layerName(l: number, layerSizes: ArrayLike<number>, planes?: readonly PlaneInfo[]): string {
  if (planes) return planeCaption(planes[l]);
  const kind = l === 0 ? 'input' : l === layerSizes.length - 1 ? 'output' : `hidden ${l}`;
  return `${kind} · ${layerSizes[l]}`;
}

/** Per layer: [min x, min y, min z, max x, max y, max z] of its nodes, and the whole network's. */
export function layerBoxes(positions: Float32Array, layerSizes: ArrayLike<number>): { layers: Float32Array[]; all: Float32Array } {
  const offsets = layerOffsets(layerSizes);
  const layers: Float32Array[] = [];
  for (let l = 0; l < layerSizes.length; l++) layers.push(nodeBounds(positions.subarray(offsets[l] * 3, offsets[l + 1] * 3)));
  return { layers, all: nodeBounds(positions) };
}

/** Creates the (empty) fixtures under `root`. */
export function createLayerFixtures(scene: Scene, root: TransformNode): LayerFixtures {
  const platformMaterial = flatMaterial('layer platform', scene, new Color3(0.42, 0.47, 0.56), 0.75);
  const handleMaterial = flatMaterial('layer handle', scene, new Color3(0.5, 0.53, 0.6), 0.7);
  const platforms: Mesh[] = [];
  const handles: Mesh[] = [];
  const signs: Mesh[] = [];
  const landings: Vector3[] = [];
  const localLandings: Vector3[] = [];
  let visible = false;

  const clear = () => {
    for (const m of [...platforms, ...handles]) m.dispose();
    for (const m of signs) {
      (m.material as StandardMaterial | null)?.emissiveTexture?.dispose();
      m.material?.dispose();
      m.dispose();
    }
    platforms.length = 0;
    handles.length = 0;
    signs.length = 0;
  };

  const fixtures: LayerFixtures = {
    platforms,
    handles,
    landings,
    update(positions, layerSizes, planes, copies = []) {
      clear();
      const { layers, all } = layerBoxes(positions, layerSizes);
      const side = Math.max(all[3] - all[0], all[4] - all[1], 1e-3);
      // The smallest gap between neighbouring layers (the platforms must not touch); planes side by side in lanes share a depth.
      let gap = Infinity;
      for (let l = 1; l < layers.length; l++) {
        const d = Math.abs((layers[l][2] + layers[l][5]) / 2 - (layers[l - 1][2] + layers[l - 1][5]) / 2);
        if (d > 1e-6) gap = Math.min(gap, d);
      }
      if (!Number.isFinite(gap) || gap <= 0) gap = side;
      const floorY = all[1] - kPlatformGap * side;
      const thickness = 0.01 * side;
      // Narrower than the gap between layers so neighbours stay apart.
      const depth = Math.min(0.3 * side, 0.8 * gap);
      const place = (b: Float32Array, caption: string, k: number, handle: boolean) => {
        const cx = (b[0] + b[3]) / 2;
        const cz = (b[2] + b[5]) / 2;
        const platform = CreateBox(`platform ${k}`, { width: 0.42 * side, height: thickness, depth }, scene);
        platform.parent = root;
        platform.position.set(cx, floorY - thickness / 2, cz);
        platform.material = platformMaterial;
        platform.isVisible = visible;
        platforms.push(platform);
        const sign = createTextPlane(`layer sign ${k}`, [caption], 0.32 * side, scene, { fontPx: 64, pixelsPerMetre: 1800 / side, background: '#1d2333', color: '#f2f4f8' });
        sign.parent = root;
        sign.isPickable = false;
        // Standing on the platform's edge nearest the user at the default pose, turned to face them.
        const toward = kViewFromNetwork;
        const height = sign.getBoundingInfo().boundingBox.extendSize.y;
        sign.position.set(cx + toward[0] * depth * 0.5, floorY + height, cz + toward[1] * depth * 0.5);
        sign.rotation.y = Math.atan2(toward[0], toward[1]);
        sign.isVisible = visible;
        signs.push(sign);
        if (handle) {
          const bar = CreateBox(`layer handle ${k}`, { width: 0.3 * side, height: 0.02 * side, depth: 0.02 * side }, scene);
          bar.parent = root;
          bar.position.set(cx, b[4] + 0.08 * side, cz);
          bar.material = handleMaterial;
          bar.isVisible = visible;
          handles.push(bar);
        }
        (localLandings[k] ??= new Vector3()).set(cx, floorY, cz);
        landings[k] ??= new Vector3();
      };
      layers.forEach((b, l) => place(b, layerName(l, layerSizes, planes), l, true));
      let k = layers.length;
      for (const c of copies) {
        layerBoxes(c.positions, layerSizes).layers.forEach((b, l) => place(b, `${c.name} · ${layerName(l, layerSizes, planes)}`, k++, false));
      }
      localLandings.length = k;
      landings.length = k;
      fixtures.refreshLandings();
    },
    landing: (l) => landings[l],
    refreshLandings() {
      const world = root.computeWorldMatrix(true);
      localLandings.forEach((p, l) => Vector3.TransformCoordinatesToRef(p, world, landings[l]));
    },
    layerOfHandle: (mesh) => handles.indexOf(mesh as Mesh),
    setVisible(v) {
      visible = v;
      for (const m of [...platforms, ...handles, ...signs]) m.isVisible = v;
    },
    dispose() {
      clear();
      platformMaterial.dispose();
      handleMaterial.dispose();
    },
  };
  return fixtures;
}
