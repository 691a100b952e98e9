/** World-space node picking over the network view: rays and points are taken into network space first. */
import type { Ray } from '@babylonjs/core/Culling/ray';
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode';
import { nearestNode, pickNodeOnRay, type NodeHit } from './node-picking';
import type { NetworkView } from './network-view';

export interface NodePicker {
  readonly root: TransformNode;
  /** The first drawn node along a world ray (distance in network units). */
  pickRay(ray: Ray): NodeHit | null;
  /** The drawn node within `reach` metres of a world point. */
  nearest(point: Vector3, reach: number): NodeHit | null;
  /** A node's world position. */
  worldPosition(node: number): Vector3;
}

/** Creates the picker; `positions` returns the current network's node positions (null when none). */
export function createNodePicker(view: NetworkView, positions: () => Float32Array | null): NodePicker {
  const inverse = new Matrix();
  const toNetwork = () => view.root.computeWorldMatrix(true).invertToRef(inverse);
  return {
    root: view.root,
    pickRay(ray) {
      const p = positions();
      if (!p) return null;
      toNetwork();
      const origin = Vector3.TransformCoordinates(ray.origin, inverse);
      const dir = Vector3.TransformNormal(ray.direction, inverse);
      return pickNodeOnRay(p, view.nodeOfInstance(), view.nodeRadii(), origin.asArray(), dir.asArray());
    },
    nearest(point, reach) {
      const p = positions();
      if (!p) return null;
      toNetwork();
      const local = Vector3.TransformCoordinates(point, inverse);
      // The root scales uniformly: one world metre is 1/scale network units.
      const scale = view.root.absoluteScaling.x || 1;
      return nearestNode(p, view.nodeOfInstance(), view.nodeRadii(), local.asArray(), reach / scale);
    },
    worldPosition(node) {
      const p = positions()!;
      return Vector3.TransformCoordinates(new Vector3(p[node * 3], p[node * 3 + 1], p[node * 3 + 2]), view.root.computeWorldMatrix(true));
    },
  };
}
