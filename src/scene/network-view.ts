/** Draws a ProcessedNetwork as two thin-instanced layers: node spheres and edge polyline segments. */
import { Material } from '@babylonjs/core/Materials/material';
import { Vector3 } from '@babylonjs/core/Maths/math.vector';
import { Mesh } from '@babylonjs/core/Meshes/mesh';
import { VertexData } from '@babylonjs/core/Meshes/mesh.vertexData';
import { CreateIcoSphere } from '@babylonjs/core/Meshes/Builders/icoSphereBuilder';
import type { Scene } from '@babylonjs/core/scene';
import type { RenderingConfig } from '../../processing/config/rendering-config';
import type { ProcessedNetwork } from '../../processing/format/processed-network';
import edgeFragment from '../../shaders/render/straight-edge.fragment.glsl?raw';
import edgeVertex from '../../shaders/render/straight-edge.vertex.glsl?raw';
import nodeFragment from '../../shaders/render/node-sphere.fragment.glsl?raw';
import nodeVertex from '../../shaders/render/node-sphere.vertex.glsl?raw';
import { createInstancedLayer, type InstancedLayer } from './instanced-layer';
import { classPalette } from './palette';
import { edgeInstances, nodeBounds, nodeInstances } from './network-style';

export interface ViewCounts { nodesShown: number; edgesShown: number; segmentsShown: number; edgesOverBudget: number; drawCalls: number }

export interface NetworkView {
  /** Replaces what is drawn by `net` styled with `cfg`; returns what is on screen. */
  show(net: ProcessedNetwork, cfg: RenderingConfig): ViewCounts;
  dispose(): void;
}

function unitSegment(scene: Scene): Mesh {
  const mesh = new Mesh('edge-segment', scene);
  const data = new VertexData();
  data.positions = [0, 0, 0, 0, 0, 1];
  data.indices = [0, 1];
  data.applyToMesh(mesh);
  return mesh;
}

/** Creates the (empty) node and edge layers in `scene`. */
export function createNetworkView(scene: Scene): NetworkView {
  const nodes: InstancedLayer = createInstancedLayer(scene, {
    name: 'nodes',
    mesh: CreateIcoSphere('node-sphere', { radius: 1, subdivisions: 2 }, scene),
    vertexSource: nodeVertex,
    fragmentSource: nodeFragment,
    vertexAttributes: ['position', 'normal'],
    instanceAttributes: ['nodeColor'],
    uniforms: ['lightDirection'],
    transparent: false,
  });
  nodes.material.setVector3('lightDirection', new Vector3(1, 1, 1).normalize());
  const edges: InstancedLayer = createInstancedLayer(scene, {
    name: 'edges',
    mesh: unitSegment(scene),
    vertexSource: edgeVertex,
    fragmentSource: edgeFragment,
    vertexAttributes: ['position'],
    instanceAttributes: ['edgeStartColor', 'edgeEndColor'],
    uniforms: [],
    transparent: true,
    fillMode: Material.LineListDrawMode,
  });
  return {
    show(net, cfg) {
      const palette = classPalette(net.classCount);
      // Bundled polylines may bulge beyond the nodes: bound both.
      const bounds = nodeBounds(net.polylinePoints.length > 0 ? net.polylinePoints : net.nodePositions);
      const nb = nodeBounds(net.nodePositions);
      for (let a = 0; a < 3; a++) {
        bounds[a] = Math.min(bounds[a], nb[a]);
        bounds[a + 3] = Math.max(bounds[a + 3], nb[a + 3]);
      }
      const pad = cfg.node_object_radius * Math.sqrt(net.classCount);
      const padded = bounds.map((v, i) => (i < 3 ? v - pad : v + pad));
      const n = nodeInstances(net, palette, cfg);
      nodes.setInstances(n.count, n.matrices, { nodeColor: n.colors }, padded);
      const e = edgeInstances(net, palette, cfg);
      edges.setInstances(e.count, e.matrices, { edgeStartColor: e.startColors, edgeEndColor: e.endColors }, padded);
      return { nodesShown: n.count, edgesShown: e.edges, segmentsShown: e.count, edgesOverBudget: e.overBudget, drawCalls: (n.count > 0 ? 1 : 0) + (e.count > 0 ? 1 : 0) };
    },
    dispose() {
      edges.dispose();
      nodes.dispose();
    },
  };
}
