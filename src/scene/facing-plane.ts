/**
 * Flat things the headset user reads — digit tiles, the drawing pad, the image the network saw, labels,
 * hints — as planes whose images read the right way round from the user's side (+z of the plane, where
 * the user stands at the start, facing −z) and show their back plainly from behind. A plane turned round
 * (rotation.y = π) to face the user shows its texture mirrored: every 2, 3, 4 and 7 read backwards.
 */
import { Color3 } from '@babylonjs/core/Maths/math.color';
import { DynamicTexture } from '@babylonjs/core/Materials/Textures/dynamicTexture';
import { Quaternion, Vector3 } from '@babylonjs/core/Maths/math.vector';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode';
import { Mesh } from '@babylonjs/core/Meshes/mesh';
import { CreatePlane } from '@babylonjs/core/Meshes/Builders/planeBuilder';
import { VertexBuffer } from '@babylonjs/core/Buffers/buffer';
import type { Scene } from '@babylonjs/core/scene';
import type { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial';
import { flatMaterial } from './flat-material';

/** Turns `node` (at its position) so its +z — the side facing planes read from — points at `target`, its top up. */
export function faceToward(node: TransformNode, target: Vector3): void {
  const z = target.subtract(node.position).normalize();
  const x = Vector3.Cross(Vector3.Up(), z);
  if (x.lengthSquared() < 1e-9) x.set(1, 0, 0);
  x.normalize();
  node.rotationQuaternion = Quaternion.RotationQuaternionFromAxis(x, Vector3.Cross(z, x), z);
}

/** A width × height plane (metres) in its local xy plane, read from +z; `texture` shows on it unlit. */
export function createFacingPlane(name: string, width: number, height: number, scene: Scene, texture?: DynamicTexture): Mesh {
  const plane = CreatePlane(name, { width, height, sideOrientation: Mesh.DOUBLESIDE }, scene);
  const material = flatMaterial(name, scene, texture ? Color3.Black() : new Color3(0.9, 0.9, 0.9));
  if (texture) material.emissiveTexture = texture;
  plane.material = material;
  return plane;
}

/** Options of a text plane. */
export interface TextPlaneOptions {
  /** Texture pixels per metre (the text's sharpness), font size in pixels, colours. */
  pixelsPerMetre?: number;
  fontPx?: number;
  background?: string;
  color?: string;
  /** No background: the text alone, with a halo in this colour so it reads on light and dark scenes. */
  halo?: string;
}

/** A plane showing `lines` of text centred, sized `width` metres wide and as tall as the lines need. */
export function createTextPlane(name: string, lines: string[], width: number, scene: Scene, options: TextPlaneOptions = {}): Mesh {
  const ppm = options.pixelsPerMetre ?? 1600;
  const w = Math.round(width * ppm);
  // The font shrinks until the longest line fits the width (with a margin).
  const probe = new DynamicTexture(`${name} probe`, { width: 8, height: 8 }, scene, false);
  const measure = probe.getContext() as CanvasRenderingContext2D;
  let font = options.fontPx ?? 44;
  for (;;) {
    measure.font = `600 ${font}px system-ui, sans-serif`;
    if (font <= 8 || Math.max(...lines.map((l) => measure.measureText(l).width)) <= w * 0.92) break;
    font = Math.floor(font * 0.92);
  }
  probe.dispose();
  const h = Math.round(font * 1.45 * lines.length + font * 0.6);
  const texture = new DynamicTexture(`${name} text`, { width: w, height: h }, scene, true);
  const ctx = texture.getContext() as CanvasRenderingContext2D;
  if (options.halo) ctx.clearRect(0, 0, w, h);
  else {
    ctx.fillStyle = options.background ?? '#ffffff';
    ctx.fillRect(0, 0, w, h);
  }
  ctx.font = `600 ${font}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const y = (i: number) => font * 0.3 + font * 1.45 * (i + 0.5);
  if (options.halo) {
    ctx.strokeStyle = options.halo;
    ctx.lineWidth = font * 0.22;
    ctx.lineJoin = 'round';
    lines.forEach((line, i) => ctx.strokeText(line, w / 2, y(i)));
  }
  ctx.fillStyle = options.color ?? '#111111';
  lines.forEach((line, i) => ctx.fillText(line, w / 2, y(i)));
  texture.update();
  texture.hasAlpha = !!options.halo;
  const plane = createFacingPlane(name, width, h / ppm, scene, texture);
  if (options.halo) (plane.material as StandardMaterial).opacityTexture = texture;
  return plane;
}

/**
 * World position of texture coordinate (u, v) (v up, as meshes store it) on `mesh`, found on its own
 * triangles: what a person sees at that texel. Null when no triangle covers (u, v).
 */
export function texelWorld(mesh: Mesh, u: number, v: number): number[] | null {
  const positions = mesh.getVerticesData(VertexBuffer.PositionKind);
  const uvs = mesh.getVerticesData(VertexBuffer.UVKind);
  const indices = mesh.getIndices();
  if (!positions || !uvs || !indices) return null;
  for (let t = 0; t + 2 < indices.length; t += 3) {
    const [a, b, c] = [indices[t], indices[t + 1], indices[t + 2]];
    const d = (uvs[b * 2 + 1] - uvs[c * 2 + 1]) * (uvs[a * 2] - uvs[c * 2]) + (uvs[c * 2] - uvs[b * 2]) * (uvs[a * 2 + 1] - uvs[c * 2 + 1]);
    if (Math.abs(d) < 1e-12) continue;
    const wa = ((uvs[b * 2 + 1] - uvs[c * 2 + 1]) * (u - uvs[c * 2]) + (uvs[c * 2] - uvs[b * 2]) * (v - uvs[c * 2 + 1])) / d;
    const wb = ((uvs[c * 2 + 1] - uvs[a * 2 + 1]) * (u - uvs[c * 2]) + (uvs[a * 2] - uvs[c * 2]) * (v - uvs[c * 2 + 1])) / d;
    const wc = 1 - wa - wb;
    if (wa < -1e-9 || wb < -1e-9 || wc < -1e-9) continue;
    const local = new Vector3(
      wa * positions[a * 3] + wb * positions[b * 3] + wc * positions[c * 3],
      wa * positions[a * 3 + 1] + wb * positions[b * 3 + 1] + wc * positions[c * 3 + 1],
      wa * positions[a * 3 + 2] + wb * positions[b * 3 + 2] + wc * positions[c * 3 + 2],
    );
    return Vector3.TransformCoordinates(local, mesh.computeWorldMatrix(true)).asArray();
  }
  return null;
}
