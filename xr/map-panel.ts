/**
 * The headset's enlarged feature map: the trigger on a tile opens its map in a panel beside that hand
 * (18 cm wide, turned to the eyes), with the plane, channel and colour range under it; pointing at one
 * of its pixels lights the input region that pixel sees on the input tiles and shows the value. The
 * trigger on the panel (or on another tile) replaces or closes it.
 */
import { DynamicTexture } from '@babylonjs/core/Materials/Textures/dynamicTexture';
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector';
import type { Ray } from '@babylonjs/core/Culling/ray';
import type { Mesh } from '@babylonjs/core/Meshes/mesh';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode';
import type { Scene } from '@babylonjs/core/scene';
import { createFacingPlane, faceToward } from '../src/scene/facing-plane';
import type { TileInstance } from '../src/scene/tiles/tile-records';
import { divergingPixels, largestMagnitude } from '../src/ui/map-canvas';

const kWidth = 0.18;
const kHeight = 0.22;
const kTexW = 360;
const kTexH = 440;
/** The map's square: texture pixels from the top-left corner. */
const kMap = { x: 20, y: 20, side: 320 };

export interface MapPanelContent {
  tile: TileInstance;
  /** The map's values (height × width, row-major). */
  values: Float32Array;
  caption: string;
  /** Colour range (±), from the tiles' range mode. */
  range: number;
}

export interface MapPanel {
  readonly mesh: Mesh;
  readonly shown: MapPanelContent | null;
  /** Opens `content` beside `hand`, facing `eye`. */
  show(content: MapPanelContent, hand: TransformNode, eye: Vector3): void;
  hide(): void;
  /** The map pixel (row y, column x) a ray points at, or null. */
  pixelAt(ray: Ray): { y: number; x: number } | null;
  /** Writes the status line (the pointed pixel's value and field). */
  setStatus(text: string): void;
  dispose(): void;
}

/** Creates the hidden panel. */
export function createMapPanel(scene: Scene): MapPanel {
  const texture = new DynamicTexture('xr map panel', { width: kTexW, height: kTexH }, scene, false);
  const mesh = createFacingPlane('xr map panel', kWidth, kHeight, scene, texture);
  mesh.isVisible = false;
  mesh.isPickable = true;
  let shown: MapPanelContent | null = null;
  let status = '';
  const inverse = new Matrix();
  const draw = () => {
    if (!shown) return;
    const ctx = texture.getContext() as CanvasRenderingContext2D;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, kTexW, kTexH);
    const { tile, values } = shown;
    const small = new OffscreenCanvas(tile.width, tile.height);
    small.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(divergingPixels(values, shown.range || largestMagnitude(values))), tile.width, tile.height), 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(small, kMap.x, kMap.y, kMap.side, kMap.side);
    ctx.strokeStyle = '#888';
    ctx.strokeRect(kMap.x - 0.5, kMap.y - 0.5, kMap.side + 1, kMap.side + 1);
    ctx.fillStyle = '#222';
    ctx.font = 'bold 20px sans-serif';
    ctx.fillText(shown.caption, kMap.x, kMap.y + kMap.side + 30, kTexW - 2 * kMap.x);
    ctx.font = '17px sans-serif';
    ctx.fillText(status || `±${shown.range.toPrecision(3)} · point at a pixel`, kMap.x, kMap.y + kMap.side + 58, kTexW - 2 * kMap.x);
    texture.update();
  };
  return {
    mesh,
    get shown() { return shown; },
    show(content, hand, eye) {
      shown = content;
      status = '';
      // Beside the hand, towards the eyes' right, a little up: the hand does not cover it.
      const at = hand.getAbsolutePosition();
      const toEye = eye.subtract(at).normalize();
      const side = Vector3.Cross(Vector3.Up(), toEye).normalize();
      mesh.position.copyFrom(at.add(side.scale(-0.14)).add(new Vector3(0, 0.08, 0)));
      faceToward(mesh, eye);
      mesh.isVisible = true;
      draw();
    },
    hide() {
      shown = null;
      mesh.isVisible = false;
    },
    pixelAt(ray) {
      if (!shown || !mesh.isVisible) return null;
      const hit = ray.intersectsMesh(mesh);
      if (!hit.hit || !hit.pickedPoint) return null;
      mesh.computeWorldMatrix(true).invertToRef(inverse);
      const local = Vector3.TransformCoordinates(hit.pickedPoint, inverse);
      const px = (local.x / kWidth + 0.5) * kTexW;
      const py = (0.5 - local.y / kHeight) * kTexH;
      const u = (px - kMap.x) / kMap.side;
      const v = (py - kMap.y) / kMap.side;
      if (u < 0 || u >= 1 || v < 0 || v >= 1) return null;
      return { y: Math.floor(v * shown.tile.height), x: Math.floor(u * shown.tile.width) };
    },
    setStatus(text) {
      if (text === status) return;
      status = text;
      draw();
    },
    dispose() {
      texture.dispose();
      mesh.dispose();
    },
  };
}

/** A two-line tag (24 × 5.3 cm) that shows a pointed texel's value and receptive field, turned to the eyes. */
export function createReadout(scene: Scene): { show(text: string, at: Vector3, eye: Vector3): void; hide(): void; text(): string; dispose(): void } {
  const texture = new DynamicTexture('xr map readout', { width: 900, height: 200 }, scene, false);
  const mesh = createFacingPlane('xr map readout', 0.24, 0.0533, scene, texture);
  mesh.isVisible = false;
  mesh.isPickable = false;
  let shown = '';
  return {
    show(text, at, eye) {
      mesh.position.copyFrom(at.add(new Vector3(0, 0.03, 0)));
      faceToward(mesh, eye);
      mesh.isVisible = true;
      if (text === shown) return;
      shown = text;
      const ctx = texture.getContext() as CanvasRenderingContext2D;
      ctx.fillStyle = '#fffffff0';
      ctx.fillRect(0, 0, 900, 200);
      ctx.fillStyle = '#1d2433';
      ctx.font = '44px sans-serif';
      const [what, sees] = text.split(' · sees ');
      ctx.fillText(what, 16, 72, 868);
      if (sees) ctx.fillText(`sees ${sees}`, 16, 152, 868);
      texture.update();
    },
    hide() {
      mesh.isVisible = false;
      shown = '';
    },
    text: () => (mesh.isVisible ? shown : ''),
    dispose() {
      texture.dispose();
      mesh.dispose();
    },
  };
}
