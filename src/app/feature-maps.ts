/**
 * Feature-map tiles in the app: the atlas of the loaded network (every spatial plane; an MLP's square input
 * image), written from each live input (only planes whose values changed are uploaded), the tile records
 * for the current settings (range mode, collapsed planes, selection), and the per-frame level of detail
 * (tiles fade in as they grow on screen, their nodes fade out). Tiles show in the live views (activation,
 * blend) once an input was fed. In the preferred-input view (`state.preferredTiles` set) the same layer
 * draws every visualized unit's preferred input at its node instead, and the input plane the current
 * input. Plugs in through the store and the scene; owns its teardown.
 */
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector';
import type { Observer } from '@babylonjs/core/Misc/observable';
import type { Scene } from '@babylonjs/core/scene';
import type { Camera } from '@babylonjs/core/Cameras/camera';
import { displayValues, presetById } from '../../processing/input/image-convert';
import { emptyExtent, kRangeModes, layoutAtlas, writePlane, type AtlasLayout, type PlaneExtent } from '../../processing/tiles/tile-atlas';
import type { NetworkView } from '../scene/network-view';
import type { Ray } from '@babylonjs/core/Culling/ray';
import { pickTile, type TileHit } from '../scene/tiles/tile-picking';
import { createTileLayer, pixelsPerUnit, type TileLayer } from '../scene/tiles/tile-layer';
import { squareImageShape, tileRecords, type TileInstance } from '../scene/tiles/tile-records';
import { preferredRecords } from '../scene/tiles/preferred-records';
import { interleavePreferred, preferredShape } from '../../processing/tiles/preferred-atlas';
import type { AppState, MapSettings, Store } from './store';
import { isInkDisplay } from '../ui/map-canvas';
import { layerOfNode } from '../scene/node-picking';
import { layerOffsets } from '../../processing/format/processed-network';

export interface FeatureMaps {
  readonly layer: TileLayer;
  /** The drawn tiles (instance order = record order), for picking and details. */
  instances(): readonly TileInstance[];
  /** The current atlas layout (null: the network has no tiles). */
  layout(): AtlasLayout | null;
  /** Value (y, x) of a tile's map (the aggregate for a collapsed plane). */
  valueAt(tile: TileInstance, y: number, x: number): number;
  /** Collapses plane `p` to its aggregate map, or expands it. */
  toggleCollapse(plane: number): void;
  /** Collapses every spatial plane but the input (true) or expands them all. */
  collapseAll(on: boolean): void;
  /** `M`: the selected channel's plane collapses or expands; with nothing selected, every plane does. */
  toggleSelectedPlane(): void;
  cycleRange(): void;
  update(patch: Partial<MapSettings>): void;
  /** Whether tiles are on screen now. */
  visible(): boolean;
  /** What the tiles show: feature maps of the live input, or the preferred-input view. */
  mode(): 'activations' | 'preferred';
  /** The tile a world ray meets as an eye at world point `eye` sees the tiles (too small on screen to show a map: skipped), or null. */
  pickRay(ray: Ray, eye: Vector3): TileHit | null;
  /** Pixels per world unit at distance 1 as the last camera (a headset's eye) rendered: the level of detail's scale, for picking. */
  pixelsPerUnit(): number;
  /** Centres and bounding radii of the drawn tiles (network units): what a camera fit must show besides the nodes. */
  frame(): { points: Float32Array; radii: Float32Array };
  dispose(): void;
}

/** Shapes of the atlas planes of `s.network`: its spatial planes, or an MLP's square input layer. */
function atlasShapes(s: Readonly<AppState>): (number[] | null)[] {
  const net = s.network!;
  if (net.planes) return net.planes.map((p) => (p.shape.length === 3 ? p.shape : null));
  const image = squareImageShape(net.layerSizes[0]);
  return image ? [image] : [];
}

/** Atlas shapes of the preferred-input view: the input image, then each visualized plane's images. */
function preferredShapes(s: Readonly<AppState>): (number[] | null)[] {
  const shapes: (number[] | null)[] = new Array(s.network!.layerSizes.length).fill(null);
  shapes[0] = atlasShapes(s)[0] ?? null;
  for (const v of s.preferredTiles!.planes) if (v.plane > 0 && v.plane < shapes.length) shapes[v.plane] = preferredShape(v);
  return shapes;
}

/** Creates the tile feature over the store and the network view's root. */
export function createFeatureMaps(store: Store, scene: Scene, view: NetworkView): FeatureMaps {
  const layer = createTileLayer(scene, view.root);
  let layout: AtlasLayout | null = null;
  let extents: PlaneExtent[] = [];
  let instances: TileInstance[] = [];
  let layoutFor: unknown = null;
  let layoutSource: unknown = null;
  let writtenFor: unknown = null;
  let recordsKey = '';
  let recordsNetwork: unknown = null;
  let recordsInput: unknown = null;
  let recordsSource: unknown = null;
  let shown = false;
  let nodeTilesFor: unknown = null;
  let nodeTilesKey = '';

  const rebuildLayout = (s: Readonly<AppState>) => {
    layoutFor = s.network;
    layoutSource = s.preferredTiles ?? null;
    writtenFor = null;
    recordsKey = '';
    layout = null;
    extents = [];
    if (!s.network) { layer.setLayout(null); return; }
    try {
      layout = layoutAtlas(s.preferredTiles ? preferredShapes(s) : atlasShapes(s), scene.getEngine().getCaps().maxTextureSize);
      if (!layout.planes.length) layout = null;
    } catch (err) {
      store.set({ status: 'error', message: `Feature maps: ${(err as Error).message}` });
      layout = null;
    }
    layer.setLayout(layout);
    extents = layout ? layout.planes.map(emptyExtent) : [];
    if (layout && s.preferredTiles) writePreferred(s);
  };

  /** Writes every visualized plane's images into the (new) atlas and uploads them. */
  const writePreferred = (s: Readonly<AppState>) => {
    for (const v of s.preferredTiles!.planes) {
      const k = layout!.slot[v.plane] ?? -1;
      if (k < 0 || v.plane === 0) continue;
      const q = layout!.planes[k];
      writePlane(q, interleavePreferred(v, new Float32Array(q.height * q.width * q.channels)), layer.atlas, extents[k]);
      layer.upload(q.row0, q.rows);
    }
  };

  /** Writes the live input's maps into the atlas (the input plane alone in the preferred-input view); uploads the bands of planes that changed. */
  const writeInput = (s: Readonly<AppState>) => {
    writtenFor = s.input;
    const input = s.input!;
    const t0 = performance.now();
    let planesUploaded = 0;
    let writeMs = 0;
    let uploadMs = 0;
    for (const [k, q] of layout!.planes.entries()) {
      if (s.preferredTiles && q.plane !== 0) continue;
      let values = input.live.maps?.[q.plane] ?? (q.plane === 0 ? input.pixels : null);
      if (!values || values.length !== q.height * q.width * q.channels) continue;
      // The input plane shows the image itself: back from model values to display values.
      if (q.plane === 0) values = displayValues(values, q.channels === 3 ? 3 : 1, presetById(input.preset));
      const w0 = performance.now();
      const changed = writePlane(q, values, layer.atlas, extents[k]);
      const w1 = performance.now();
      writeMs += w1 - w0;
      if (changed) {
        layer.upload(q.row0, q.rows);
        planesUploaded++;
        uploadMs += performance.now() - w1;
      }
    }
    const global = Math.max(0, ...extents.slice(1).map((e) => e.plane));
    const ranges = extents.map((e) => e.plane).filter((_, k) => layout!.planes[k].plane !== 0);
    return { updateMs: performance.now() - t0, writeMs, uploadMs, planesUploaded, global, planeRange: (ranges.length ? [Math.min(...ranges), Math.max(...ranges)] : [0, 0]) as [number, number] };
  };

  const refresh = (s: Readonly<AppState>) => {
    const preferred = s.preferredTiles && s.network ? s.preferredTiles : null;
    if (layoutFor !== s.network || layoutSource !== preferred) rebuildLayout(s);
    const on = !!layout && (!!preferred || (!!s.input && s.look.signal !== 'importance' && s.input.pixels.length > 0));
    let update: ReturnType<typeof writeInput> | null = null;
    if (on && s.input && writtenFor !== s.input) update = writeInput(s);
    // Settings by value, network, input and preferred inputs by identity: the records follow any of them.
    const key = on ? [preferred ? 'preferred' : 'maps', s.maps.range, s.maps.aggregate, [...s.maps.collapsed].join(), s.selected, s.look.look].join('|') : 'off';
    if (key === recordsKey && s.network === recordsNetwork && s.input === recordsInput && !update && layoutSource === recordsSource) return;
    recordsSource = layoutSource;
    recordsKey = key;
    recordsNetwork = s.network;
    recordsInput = s.input;
    layer.setLook(s.look.look);
    if (!on) {
      if (shown) {
        shown = false;
        layer.setRecords(new Float32Array(0));
        instances = [];
        view.setNodeTiles(null);
        if (s.tiles) store.set({ tiles: null });
      }
      return;
    }
    const q0 = layout!.planes[0];
    const ink = q0?.plane === 0 && isInkDisplay(q0.height, q0.width, q0.channels, s.input?.preset ?? 'unit');
    const built = preferred
      ? preferredRecords(s.network!, layout!, preferred.planes, { ink, selected: s.selected ?? -1 })
      : tileRecords(s.network!, layout!, extents, { ...s.maps, ink, selected: s.selected ?? -1 });
    layer.setRecords(built.records);
    instances = built.instances;
    // Which nodes have tiles (and how big) changes with the network and the collapsed planes, not per input.
    const nodeKey = `${preferred ? 'preferred' : 'maps'}|${[...s.maps.collapsed].join()}|${built.instances.length}`;
    if (s.network !== nodeTilesFor || nodeKey !== nodeTilesKey || !shown) {
      nodeTilesFor = s.network;
      nodeTilesKey = nodeKey;
      view.setNodeTiles(built.nodeTile);
    }
    shown = true;
    const previous = s.tiles;
    store.set({
      tiles: {
        tiles: built.instances.length, drawCalls: built.instances.length ? 1 : 0, atlas: `${layout!.width} × ${layout!.height}`,
        updateMs: update?.updateMs ?? previous?.updateMs ?? 0, inputToTilesMs: update ? performance.now() - s.input!.startedAt : previous?.inputToTilesMs ?? 0, writeMs: update?.writeMs ?? previous?.writeMs ?? 0, uploadMs: update?.uploadMs ?? previous?.uploadMs ?? 0, planesUploaded: update?.planesUploaded ?? previous?.planesUploaded ?? 0,
        global: update?.global ?? previous?.global ?? 0, planeRange: update?.planeRange ?? previous?.planeRange ?? [0, 0],
      },
    });
  };

  const unsubscribe = store.subscribe(refresh);
  const inverse = new Matrix();
  const pickInverse = new Matrix();
  const cameraLocal = new Vector3();
  let lastPixelsPerUnit = 0;
  // Per camera, not per frame: a headset renders each eye with its own projection into its own buffer.
  const observer: Observer<Camera> | null = scene.onBeforeCameraRenderObservable.add((camera) => {
    if (!shown) {
      view.nodes.material.setTileLod(false, layer.lod[0], layer.lod[1], 1, 1);
      return;
    }
    const world = view.root.getWorldMatrix();
    world.invertToRef(inverse);
    Vector3.TransformCoordinatesToRef(camera.globalPosition, inverse, cameraLocal);
    const ppu = pixelsPerUnit(camera, scene);
    lastPixelsPerUnit = ppu;
    layer.setView(cameraLocal, ppu);
    const m = world.m;
    view.nodes.material.setTileLod(true, layer.lod[0], layer.lod[1], ppu, Math.hypot(m[0], m[1], m[2]));
  });
  const settings = (patch: Partial<MapSettings>) => store.set({ maps: { ...store.get().maps, ...patch } });
  const api: FeatureMaps = {
    layer,
    instances: () => instances,
    layout: () => layout,
    valueAt(tile, y, x) {
      const q = layout?.planes[layout.slot[tile.plane]];
      if (!q) return NaN;
      const collapsed = tile.channel < 0 && q.channels === 1 ? false : tile.channel < 0;
      const at = collapsed ? (store.get().maps.aggregate === 'mean' ? q.meanBase : q.maxBase) + y * q.width + x : q.base + (y * q.width + x) * q.channels + Math.max(0, tile.channel);
      // The input plane's atlas holds display values: the tooltip wants what the model was fed.
      const input = store.get().input;
      if (q.plane === 0 && input && !collapsed) return input.pixels[at - q.base] ?? NaN;
      return layer.atlas[at];
    },
    toggleCollapse(plane) {
      const collapsed = new Set(store.get().maps.collapsed);
      if (!collapsed.delete(plane)) collapsed.add(plane);
      settings({ collapsed });
    },
    collapseAll(on) {
      const planes = store.get().network?.planes ?? [];
      settings({ collapsed: new Set(on ? planes.flatMap((p, i) => (p.shape.length === 3 && p.kind !== 'input' ? [i] : [])) : []) });
    },
    toggleSelectedPlane() {
      const s = store.get();
      const planes = s.network?.planes;
      if (!planes) return;
      const plane = s.selected === null ? -1 : layerOfNode(layerOffsets(s.network!.layerSizes), s.selected);
      if (plane > 0 && planes[plane].shape.length === 3) api.toggleCollapse(plane);
      else api.collapseAll(s.maps.collapsed.size === 0);
    },
    cycleRange() {
      settings({ range: kRangeModes[(kRangeModes.indexOf(store.get().maps.range) + 1) % kRangeModes.length] });
    },
    update: settings,
    visible: () => shown,
    mode: () => (store.get().preferredTiles ? 'preferred' : 'activations'),
    pickRay(ray, eye) {
      if (!shown) return null;
      layer.mesh.computeWorldMatrix(true).invertToRef(pickInverse);
      const origin = Vector3.TransformCoordinates(ray.origin, pickInverse);
      const dir = Vector3.TransformNormal(ray.direction, pickInverse).normalize();
      const local = Vector3.TransformCoordinates(eye, pickInverse);
      return pickTile(instances, origin.asArray(), dir.asArray(), local.asArray(), lastPixelsPerUnit, layer.lod);
    },
    pixelsPerUnit: () => lastPixelsPerUnit,
    frame() {
      const points = new Float32Array(instances.length * 3);
      const radii = new Float32Array(instances.length);
      instances.forEach((t, k) => { points.set(t.centre, k * 3); radii[k] = t.half * Math.SQRT2; });
      return { points, radii };
    },
    dispose() {
      unsubscribe();
      scene.onBeforeCameraRenderObservable.remove(observer);
      layer.dispose();
    },
  };
  return api;
}
