/**
 * The room: a large floor with a one-metre grid of lines (teleport target, and a sense of scale and
 * height).
 */
import { Color3 } from '@babylonjs/core/Maths/math.color';
import { Vector3 } from '@babylonjs/core/Maths/math.vector';
import { CreateGround } from '@babylonjs/core/Meshes/Builders/groundBuilder';
import { CreateLineSystem } from '@babylonjs/core/Meshes/Builders/linesBuilder';
import type { Mesh } from '@babylonjs/core/Meshes/mesh';
import type { Scene } from '@babylonjs/core/scene';
import { flatMaterial } from '../src/scene/flat-material';

/** Floor side and gridded part, in metres. */
const kFloorMetres = 60;
const kGridMetres = 20;

export interface RoomFloor {
  readonly mesh: Mesh;
  /**
   * Matches the floor to the look: nn_vis's transparency composites by min over white (max over black in
   * the dark look), so the floor must be (nearly) the background colour or it would hide the light strands.
   */
  setDark(dark: boolean): void;
}

/** Creates the (hidden) floor at y = 0. */
export function createRoomFloor(scene: Scene): RoomFloor {
  const floor = CreateGround('room floor', { width: kFloorMetres, height: kFloorMetres }, scene);
  const material = flatMaterial('room floor', scene, new Color3(0.98, 0.98, 0.98));
  floor.material = material;
  floor.isVisible = false;
  const lines: Vector3[][] = [];
  const h = kGridMetres / 2;
  for (let k = -h; k <= h; k++) {
    lines.push([new Vector3(k, 0.002, -h), new Vector3(k, 0.002, h)]);
    lines.push([new Vector3(-h, 0.002, k), new Vector3(h, 0.002, k)]);
  }
  const grid = CreateLineSystem('room grid', { lines }, scene);
  grid.parent = floor;
  grid.isPickable = false;
  const paint = (dark: boolean) => {
    material.emissiveColor = dark ? new Color3(0.02, 0.02, 0.02) : new Color3(0.98, 0.98, 0.98);
    grid.color = dark ? new Color3(0.24, 0.25, 0.28) : new Color3(0.72, 0.74, 0.78);
  };
  paint(false);
  let dark = false;
  return {
    mesh: floor,
    setDark(d) {
      if (d === dark) return;
      dark = d;
      paint(d);
    },
  };
}

