/**
 * The feature-map tiles on screen: one quad thin-instanced once per tile and one float texture (the
 * atlas) — a single draw call for every tile of the network, whatever its size. A new input rewrites
 * only the atlas rows of planes whose values changed; a range or collapse change rewrites only the
 * instance records. The material blends as the impostors do (MIN over white, MAX over black, opaque
 * when shaded), so tiles, nodes and edges compose in any order.
 */
import { Constants } from '@babylonjs/core/Engines/constants';
import { ShaderMaterial } from '@babylonjs/core/Materials/shaderMaterial';
import { RawTexture } from '@babylonjs/core/Materials/Textures/rawTexture';
import { Color3 } from '@babylonjs/core/Maths/math.color';
import { Vector2, Vector3, Vector4 } from '@babylonjs/core/Maths/math.vector';
import { Mesh } from '@babylonjs/core/Meshes/mesh';
import { VertexData } from '@babylonjs/core/Meshes/mesh.vertexData';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode';
import type { Scene } from '@babylonjs/core/scene';
import type { Camera } from '@babylonjs/core/Cameras/camera';
import '@babylonjs/core/Meshes/thinInstanceMesh';
import type { ThinEngine } from '@babylonjs/core/Engines/thinEngine';
import { ShaderStore } from '@babylonjs/core/Engines/shaderStore';
import vertexSource from '../../../shaders/render/tile.vertex.glsl?raw';
import fragmentSource from '../../../shaders/render/tile.fragment.glsl?raw';
import { kValuesPerTexel, type AtlasLayout } from '../../../processing/tiles/tile-atlas';
import { kDivergingDark, kDivergingLight } from '../diverging';
import type { Look } from '../materials/impostor-material';
import { applyLookBlending } from '../materials/look-blending';
import { kMaxTilt } from './tile-orientation';
import { kTileStride } from './tile-records';

/** Screen size (pixels across) where a tile starts to show, and where it is fully shown (its node gone). */
export const kTileLod: [number, number] = [14, 28];

export interface TileLayer {
  readonly mesh: Mesh;
  /** Allocates the atlas for `layout` (the previous one is released). */
  setLayout(layout: AtlasLayout | null): void;
  /** The atlas's CPU copy (width × height RGBA texels of floats): write planes into it, then `upload` their rows. */
  readonly atlas: Float32Array;
  /** Uploads texture rows [row0, row0 + rows). */
  upload(row0: number, rows: number): void;
  /** Replaces the instance records (kTileStride floats each). */
  setRecords(records: Float32Array): void;
  /** Per frame: the camera in network-local coordinates and the screen's pixels per unit at distance 1. */
  setView(cameraLocal: Vector3, pixelsPerUnit: number): void;
  setLook(look: Look): void;
  /** Receptive-field box on the input tiles (texel columns/rows, inclusive), or null. */
  setReceptiveField(box: { x0: number; y0: number; x1: number; y1: number } | null): void;
  /** The receptive-field box shown now (null: none). */
  readonly receptiveField: { x0: number; y0: number; x1: number; y1: number } | null;
  /** The hovered texel of tile `tag` (its record index), or null. */
  setHover(hover: { tag: number; x: number; y: number } | null): void;
  readonly count: number;
  /** Screen sizes (pixels across) where tiles start and finish fading in (default kTileLod). */
  readonly lod: readonly [number, number];
  setLod(low: number, high: number): void;
  /** Texture uploads (row bands) so far. */
  readonly uploads: number;
  /** Texels uploaded so far. */
  readonly uploadedTexels: number;
  dispose(): void;
}

const kName = 'nnwalkTile';

/** Creates an empty tile layer under `root`. */
export function createTileLayer(scene: Scene, root: TransformNode): TileLayer {
  ShaderStore.ShadersStore[`${kName}VertexShader`] = vertexSource;
  ShaderStore.ShadersStore[`${kName}FragmentShader`] = fragmentSource;
  const mesh = new Mesh('feature-map tiles', scene);
  const quad = new VertexData();
  quad.positions = [-1, -1, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0];
  quad.indices = [0, 1, 2, 0, 2, 3];
  quad.applyToMesh(mesh);
  mesh.parent = root;
  mesh.isPickable = false;
  mesh.doNotSyncBoundingInfo = true;
  mesh.alwaysSelectAsActiveMesh = true;
  mesh.isVisible = false;
  // After edges (0) and nodes (1); the blending is order-independent, this only fixes the order for the shaded look.
  mesh.alphaIndex = 2;
  const lights = Array.from({ length: 5 }, (_, i) => [`light${i}`, `dark${i}`]).flat();
  const material = new ShaderMaterial('feature-map tiles', scene, kName, {
    attributes: ['position'],
    uniforms: ['world', 'viewProjection', 'cameraLocal', 'pixelsPerUnit', 'lod', 'maxTilt', 'atlasWidth', 'dark', 'shaded', 'rfBox', 'rfOn', 'hover', ...lights],
    samplers: ['atlas'],
  });
  kDivergingLight.forEach((s, i) => material.setColor3(`light${i}`, new Color3(...s)));
  kDivergingDark.forEach((s, i) => material.setColor3(`dark${i}`, new Color3(...s)));
  material.backFaceCulling = false;
  material.setFloat('maxTilt', kMaxTilt);
  material.setVector2('lod', new Vector2(kTileLod[0], kTileLod[1]));
  material.setVector4('rfBox', new Vector4(-1, -1, -1, -1));
  material.setFloat('rfOn', 0);
  material.setVector3('hover', new Vector3(-1, -1, -1));
  mesh.material = material;
  let texture: RawTexture | null = null;
  let atlas = new Float32Array(0);
  let layout: AtlasLayout | null = null;
  let records = new Float32Array(0);
  let count = 0;
  let uploads = 0;
  let uploadedTexels = 0;
  let lod: [number, number] = [...kTileLod];
  let field: { x0: number; y0: number; x1: number; y1: number } | null = null;
  const setLook = (look: Look) => {
    material.setFloat('dark', look === 'dark' ? 1 : 0);
    material.setFloat('shaded', look === 'shaded' ? 1 : 0);
    applyLookBlending(material, look);
  };
  setLook('light');
  return {
    mesh,
    get atlas() { return atlas; },
    get count() { return count; },
    get lod() { return lod; },
    setLod(low, high) {
      if (!(low >= 0 && high > low)) throw new Error(`tile level of detail: the fade must start at ≥ 0 pixels and end above its start (got ${low} … ${high})`);
      lod = [low, high];
      material.setVector2('lod', new Vector2(low, high));
    },
    get uploads() { return uploads; },
    get uploadedTexels() { return uploadedTexels; },
    setLayout(next) {
      texture?.dispose();
      texture = null;
      layout = next;
      if (!next) { atlas = new Float32Array(0); return; }
      atlas = new Float32Array(next.width * next.height * kValuesPerTexel);
      // Nearest texels and no mip maps: the shader fetches exact texels (crisp maps, no bleeding).
      texture = new RawTexture(atlas, next.width, next.height, Constants.TEXTUREFORMAT_RGBA, scene, false, false, Constants.TEXTURE_NEAREST_SAMPLINGMODE, Constants.TEXTURETYPE_FLOAT);
      material.setTexture('atlas', texture);
      material.setFloat('atlasWidth', next.width);
    },
    upload(row0, rows) {
      if (!texture || !layout || rows <= 0) return;
      const internal = texture.getInternalTexture();
      if (!internal) return;
      const w = layout.width;
      const n = w * kValuesPerTexel;
      // WebGL's texSubImage2D through the engine (ThinEngine; the app's engine is a WebGL2 Engine).
      (scene.getEngine() as unknown as ThinEngine).updateTextureData(internal, atlas.subarray(row0 * n, (row0 + rows) * n), 0, row0, w, rows);
      uploads++;
      uploadedTexels += rows * w;
    },
    setRecords(next) {
      count = next.length / kTileStride;
      if (next.length > records.length || records.length === 0) {
        records = new Float32Array(Math.max(next.length, kTileStride));
        records.set(next);
        mesh.thinInstanceSetBuffer('matrix', records, kTileStride, false);
      } else {
        records.set(next);
        mesh.thinInstanceBufferUpdated('matrix');
      }
      mesh.thinInstanceCount = count;
      mesh.isVisible = count > 0 && !!texture;
    },
    setView(cameraLocal, pixelsPerUnit) {
      material.setVector3('cameraLocal', cameraLocal);
      material.setFloat('pixelsPerUnit', pixelsPerUnit);
    },
    setLook,
    get receptiveField() { return field; },
    setReceptiveField(box) {
      field = box;
      material.setFloat('rfOn', box ? 1 : 0);
      if (box) material.setVector4('rfBox', new Vector4(box.x0, box.y0, box.x1, box.y1));
    },
    setHover(hover) {
      material.setVector3('hover', hover ? new Vector3(hover.tag, hover.x, hover.y) : new Vector3(-1, -1, -1));
    },
    dispose() {
      texture?.dispose();
      material.dispose();
      mesh.dispose();
    },
  };
}

/**
 * Screen pixels per world unit at distance 1 as `camera` renders (vertical): its projection over the
 * height of what it renders into — a headset eye's buffer (its output render target), else the canvas.
 */
export function pixelsPerUnit(camera: Camera, scene: Scene): number {
  const target = camera.outputRenderTarget;
  const height = (target ? target.getRenderHeight() : scene.getEngine().getRenderHeight()) * camera.viewport.height;
  return (camera.getProjectionMatrix().m[5] * height) / 2;
}
