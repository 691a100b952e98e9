/** One thin-instanced mesh drawn with one ShaderMaterial: one draw call for any number of instances. */
import { Constants } from '@babylonjs/core/Engines/constants';
import { ShaderMaterial } from '@babylonjs/core/Materials/shaderMaterial';
import { Vector3 } from '@babylonjs/core/Maths/math.vector';
import { BoundingInfo } from '@babylonjs/core/Culling/boundingInfo';
import type { Mesh } from '@babylonjs/core/Meshes/mesh';
import type { Scene } from '@babylonjs/core/scene';
import '@babylonjs/core/Meshes/thinInstanceMesh';
import '@babylonjs/core/Shaders/ShadersInclude/instancesDeclaration';
import '@babylonjs/core/Shaders/ShadersInclude/instancesVertex';

export interface InstancedLayerOptions {
  name: string;
  /** The base geometry; the layer takes ownership and disposes it. */
  mesh: Mesh;
  vertexSource: string;
  fragmentSource: string;
  /** Per-vertex attributes of the base geometry (e.g. position, normal). */
  vertexAttributes: string[];
  /** Per-instance attributes besides the matrix, each vec4. */
  instanceAttributes: string[];
  uniforms: string[];
  transparent: boolean;
  fillMode?: number;
}

export interface InstancedLayer {
  readonly mesh: Mesh;
  readonly material: ShaderMaterial;
  /** Replaces every instance. `bounds` is [min xyz, max xyz] of the content, so Babylon never walks instances for culling. */
  setInstances(count: number, matrices: Float32Array, attributes: Record<string, Float32Array>, bounds: Float32Array): void;
  dispose(): void;
}

/** Creates the mesh + material pair; call setInstances to fill it. */
export function createInstancedLayer(scene: Scene, o: InstancedLayerOptions): InstancedLayer {
  const material = new ShaderMaterial(o.name, scene, { vertexSource: o.vertexSource, fragmentSource: o.fragmentSource }, {
    attributes: [...o.vertexAttributes, ...o.instanceAttributes],
    uniforms: ['world', 'viewProjection', ...o.uniforms],
    needAlphaBlending: o.transparent,
  });
  if (o.transparent) {
    material.alphaMode = Constants.ALPHA_COMBINE;
    material.disableDepthWrite = true;
  }
  if (o.fillMode !== undefined) material.fillMode = o.fillMode;
  material.backFaceCulling = !o.transparent;
  const mesh = o.mesh;
  mesh.material = material;
  mesh.isPickable = false;
  mesh.doNotSyncBoundingInfo = true;
  mesh.alwaysSelectAsActiveMesh = true;
  let disposed = false;
  return {
    mesh,
    material,
    setInstances(count, matrices, attributes, bounds) {
      // Babylon derives the instance count from the matrix buffer; an empty layer is simply hidden.
      mesh.isVisible = count > 0;
      if (count === 0) return;
      mesh.thinInstanceSetBuffer('matrix', matrices.subarray(0, count * 16), 16, true);
      for (const name of o.instanceAttributes) mesh.thinInstanceSetBuffer(name, attributes[name].subarray(0, count * 4), 4, true);
      mesh.setBoundingInfo(new BoundingInfo(new Vector3(bounds[0], bounds[1], bounds[2]), new Vector3(bounds[3], bounds[4], bounds[5])));
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      // Mesh first (it references the material), then the material with its effect.
      mesh.dispose(false, false);
      material.dispose(true);
    },
  };
}
