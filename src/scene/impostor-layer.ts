/**
 * One impostor layer: a unit cube thin-instanced once per object, drawn with the impostor node material
 * in one draw call. Its instance buffers have a capacity: new records are written in place and uploaded
 * for the live instances only; the GPU buffers are re-created only when the capacity grows.
 */
import { BoundingInfo } from '@babylonjs/core/Culling/boundingInfo';
import { Vector3 } from '@babylonjs/core/Maths/math.vector';
import { Mesh } from '@babylonjs/core/Meshes/mesh';
import { VertexData } from '@babylonjs/core/Meshes/mesh.vertexData';
import type { Scene } from '@babylonjs/core/scene';
import '@babylonjs/core/Meshes/thinInstanceMesh';
import { ensureCapacity, type ImpostorBuffers } from './impostor-records';
import { createImpostorMaterial, kColorAttribute, kFlowAttribute, kImportanceAttribute, type ImpostorMaterial } from './materials/impostor-material';

export interface ImpostorLayer {
  readonly mesh: Mesh;
  readonly material: ImpostorMaterial;
  /** Buffers able to hold `count` records (the current ones when they are large enough). */
  reserve(count: number): ImpostorBuffers;
  /** Uploads the first `count` records of the reserved buffers; `bounds` is [min xyz, max xyz] of the content. */
  commit(count: number, bounds: Float32Array, parts?: { matrices?: boolean; colors?: boolean; importance?: boolean }): void;
  /** The reserved buffers (null before the first reserve): their first thinInstanceCount records are drawn. */
  buffers(): ImpostorBuffers | null;
  /** GPU buffer re-creations so far (capacity growth); tests check updates stay in place. */
  readonly allocations: number;
  /** Commits (uploads) so far. */
  readonly commits: number;
  dispose(): void;
}

/** The unit cube [-1, 1]³ as 8 corners and 12 triangles. */
function unitCube(name: string, scene: Scene): Mesh {
  const mesh = new Mesh(name, scene);
  const data = new VertexData();
  data.positions = [-1, -1, -1, 1, -1, -1, 1, 1, -1, -1, 1, -1, -1, -1, 1, 1, -1, 1, 1, 1, 1, -1, 1, 1];
  data.indices = [0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4, 3, 7, 6, 3, 6, 2, 0, 4, 7, 0, 7, 3, 1, 2, 6, 1, 6, 5];
  data.applyToMesh(mesh);
  return mesh;
}

/** Creates an empty layer. */
export function createImpostorLayer(scene: Scene, name: string): ImpostorLayer {
  const mesh = unitCube(name, scene);
  const material = createImpostorMaterial(`${name} impostors`, scene);
  mesh.material = material.material;
  mesh.isPickable = false;
  mesh.doNotSyncBoundingInfo = true;
  mesh.alwaysSelectAsActiveMesh = true;
  mesh.isVisible = false;
  let buffers: ImpostorBuffers | null = null;
  let uploaded: ImpostorBuffers | null = null;
  let allocations = 0;
  let commits = 0;
  let disposed = false;
  return {
    mesh,
    material,
    get allocations() {
      return allocations;
    },
    get commits() {
      return commits;
    },
    buffers: () => buffers,
    reserve(count) {
      buffers = ensureCapacity(buffers, count);
      return buffers;
    },
    commit(count, bounds, parts = { matrices: true, colors: true, importance: true }) {
      mesh.isVisible = count > 0;
      if (!buffers || count === 0) return;
      commits++;
      if (uploaded !== buffers) {
        // New capacity: (re)create the GPU buffers once, dynamic so later commits update them in place.
        mesh.thinInstanceSetBuffer('matrix', buffers.matrices, 16, false);
        mesh.thinInstanceSetBuffer(kColorAttribute, buffers.colors, 4, false);
        mesh.thinInstanceSetBuffer(kImportanceAttribute, buffers.importance, 1, false);
        mesh.thinInstanceSetBuffer(kFlowAttribute, buffers.flow, 1, false);
        uploaded = buffers;
        allocations++;
      } else {
        if (parts.matrices) {
          mesh.thinInstancePartialBufferUpdate('matrix', count, 0);
          mesh.thinInstancePartialBufferUpdate(kFlowAttribute, count, 0);
        }
        if (parts.colors) mesh.thinInstancePartialBufferUpdate(kColorAttribute, count, 0);
        if (parts.importance) mesh.thinInstancePartialBufferUpdate(kImportanceAttribute, count, 0);
      }
      mesh.thinInstanceCount = count;
      mesh.setBoundingInfo(new BoundingInfo(new Vector3(bounds[0], bounds[1], bounds[2]), new Vector3(bounds[3], bounds[4], bounds[5])));
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      mesh.dispose(false, false);
      material.dispose();
    },
  };
}
