/** A wire sphere around one node (hover, selection), drawn over the network in its root's space. */
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial';
import { Color3 } from '@babylonjs/core/Maths/math.color';
import { CreateSphere } from '@babylonjs/core/Meshes/Builders/sphereBuilder';
import type { Mesh } from '@babylonjs/core/Meshes/mesh';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode';
import type { Scene } from '@babylonjs/core/scene';
import { kMinPickRadius } from './node-picking';

export interface NodeHighlight {
  readonly mesh: Mesh;
  /** The node shown, or -1. */
  readonly node: number;
  /** Rings node `node` at `positions` (its drawn radius `radius`), or hides the ring (-1). */
  show(node: number, positions: Float32Array | null, radius: number): void;
  dispose(): void;
}

/** Creates a hidden highlight of `color` under `root`. */
export function createNodeHighlight(scene: Scene, root: TransformNode, name: string, color: Color3): NodeHighlight {
  const mesh = CreateSphere(name, { diameter: 2, segments: 8 }, scene);
  const material = new StandardMaterial(name, scene);
  material.wireframe = true;
  material.emissiveColor = color;
  material.diffuseColor = Color3.Black();
  material.disableLighting = true;
  mesh.material = material;
  mesh.parent = root;
  mesh.isPickable = false;
  mesh.isVisible = false;
  // After the impostors, so the ring shows whatever the look's blending did to the node.
  mesh.renderingGroupId = 1;
  let node = -1;
  return {
    mesh,
    get node() { return node; },
    show(n, positions, radius) {
      node = positions && n >= 0 && n * 3 < positions.length ? n : -1;
      mesh.isVisible = node >= 0;
      if (node < 0) return;
      mesh.position.set(positions![node * 3], positions![node * 3 + 1], positions![node * 3 + 2]);
      mesh.scaling.setAll(Math.max(radius, kMinPickRadius) * 1.35);
    },
    dispose() {
      mesh.dispose();
      material.dispose();
    },
  };
}
