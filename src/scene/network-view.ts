/**
 * Draws a ProcessedNetwork as two impostor layers (edges, then nodes: two draw calls at any size) and
 * keeps them current: new polylines rewrite the records in place, a colour mode or class visibility
 * change rewrites colours only, opacity parameters and thresholds are uniforms.
 */
import { Vector3, TmpVectors } from '@babylonjs/core/Maths/math.vector';
import { TransformNode } from '@babylonjs/core/Meshes/transformNode';
import type { Observer } from '@babylonjs/core/Misc/observable';
import type { Scene } from '@babylonjs/core/scene';
import type { RenderingConfig } from '../../processing/config/rendering-config';
import type { ProcessedNetwork } from '../../processing/format/processed-network';
import { contentBounds, givenEdges, selectEdges, selectNodes, writeEdgeRecords, writeNodeRecords, type EdgeSelection } from './impostor-records';
import { kGpuSegmentBudget } from '../../processing/config/rendering-config';
import { createScreenLod } from './screen-lod';
import { createImpostorLayer, type ImpostorLayer } from './impostor-layer';
import type { Look } from './materials/impostor-material';
import { paintNodes, signalPaint, type ColorMode, type NodePaint, type Signal } from './network-style';
import { classPalette } from './palette';

export interface ViewCounts {
  nodesShown: number; edgesShown: number; segmentsShown: number; drawCalls: number;
  /** Edges left out by the draw limit (level of detail), the segments all would take, and the limit. */
  edgesOverBudget: number; segmentsWanted: number; segmentBudget: number;
}

/** How the network looks: background/shading, colour mode, hidden classes, and what drives it. */
export interface ViewLook {
  look: Look;
  colorMode: ColorMode;
  hidden: ReadonlySet<number>;
  /** Importance, the live input's activations, or a blend (activation views need `activations`). */
  signal: Signal;
  /** The live input's activation per node, normalised per layer (null: no input yet). */
  activations: Float32Array | null;
  /** Edges of a traced node's strongest paths: only these are drawn, whatever the threshold (null: no trace). */
  trace: Uint32Array | null;
  /** What pruning removed from the picture (1 = left out): edges and, for channel pruning, nodes (null: nothing). */
  pruned: { edges: Uint8Array; nodes: Uint8Array | null } | null;
}

const kViewLight = new Vector3(1, 1, 1);

export const kDefaultLook: ViewLook = { look: 'light', colorMode: { kind: 'all' }, hidden: new Set(), signal: 'importance', activations: null, trace: null, pruned: null };


export interface NetworkView {
  /** Draws `net` (new or with new polylines / positions) with `cfg` and `look`; returns what is on screen. */
  show(net: ProcessedNetwork, cfg: RenderingConfig, look: ViewLook): ViewCounts;
  /** Test hook: reverses the order of the edge instances in their buffers (order-independence check). */
  reverseEdges(): void;
  /** Re-applies settings to the network on screen (colours, sizes, opacity, look) without new geometry. */
  restyle(cfg: RenderingConfig, look: ViewLook): ViewCounts | null;
  /** Draws the nodes at `positions` (a moved copy of the network's), leaving the edges as they are (drags). */
  showNodes(positions: Float32Array): void;
  readonly nodes: ImpostorLayer;
  readonly edges: ImpostorLayer;
  /** Parent of both layers: its transform places the network in the world (XR scales and moves it). */
  readonly root: TransformNode;
  /** The network node drawn by each node instance. */
  nodeOfInstance(): Uint32Array;
  /** Drawn radius (network units) of each node instance. */
  nodeRadii(): Float32Array;
  /** Centres (xyz) and radii of the drawn nodes: what a camera fit must show. */
  drawnNodes(): { points: Float32Array; radii: Float32Array };
  /** Half side of each network node's feature-map tile (null: none): such nodes fade out where their tile shows. */
  setNodeTiles(tileHalf: Float32Array | null): void;
  /** Live-input updates that rewrote only the edges' colours and thresholds (no matrices) so far. */
  readonly signalUpdates: number;
  /** Nodes and edge segments the screen-space level of detail left out at its last count (screen-lod.ts). */
  screenLodHidden(): { nodes: number; segments: number };
  /** Turns the screen-space level of detail on or off (test hook and comparison). */
  setScreenLod(on: boolean): void;
  dispose(): void;
}

/** Creates the (empty) edge and node layers in `scene`; `automaticBudget` is the draw limit `max_segments` 0 stands for. */
export function createNetworkView(scene: Scene, automaticBudget: number = kGpuSegmentBudget): NetworkView {
  const edges = createImpostorLayer(scene, 'edges');
  const nodes = createImpostorLayer(scene, 'nodes');
  const root = new TransformNode('network', scene);
  edges.mesh.parent = root;
  nodes.mesh.parent = root;
  // nn_vis draws edges, then nodes; with the depth test on (shaded) the order no longer matters.
  edges.mesh.alphaIndex = 0;
  nodes.mesh.alphaIndex = 1;
  let current: ProcessedNetwork | null = null;
  let lodOpacity = { nodes: { importanceOpacity: 1, baseOpacity: 0, shaded: false }, edges: { importanceOpacity: 1, baseOpacity: 0, shaded: false } };
  const lod = createScreenLod(scene, { nodes, edges }, () => lodOpacity);
  let bounds: Float32Array = new Float32Array(6);
  const corner = new Vector3();

  // d (relative depth) spans the whole network's extent from the current camera (nn_vis spans one gap).
  const observer: Observer<Scene> | null = scene.onBeforeRenderObservable.add(() => {
    const camera = scene.activeCamera;
    if (!camera || !current) return;
    const world = nodes.mesh.getWorldMatrix();
    const eye = camera.globalPosition;
    const forward = Vector3.TransformNormalToRef(new Vector3(0, 0, scene.useRightHandedSystem ? -1 : 1), camera.getWorldMatrix(), TmpVectors.Vector3[0]).normalize();
    let near = Infinity;
    let far = -Infinity;
    for (let c = 0; c < 8; c++) {
      corner.set(bounds[c & 1 ? 3 : 0], bounds[c & 2 ? 4 : 1], bounds[c & 4 ? 5 : 2]);
      Vector3.TransformCoordinatesToRef(corner, world, corner);
      const depth = Vector3.Dot(corner.subtractInPlace(eye), forward);
      near = Math.min(near, depth);
      far = Math.max(far, depth);
    }
    near = Math.max(near, 0);
    // nn_vis lights from (1, 1, 1) in view space: upper right, behind the viewer.
    const light = Vector3.TransformNormalToRef(kViewLight, camera.getWorldMatrix(), TmpVectors.Vector3[1]).normalize();
    for (const layer of [edges, nodes]) layer.material.setView(near, far, light);
    // The live views' edges pulse from source to target; nodes and the importance view stay still.
    edges.material.setFlow(flowing ? 0.6 : 0, performance.now() / 1000);
  });

  let lastCounts: ViewCounts | null = null;
  let flowing = false;
  let nodeIndex: Uint32Array = new Uint32Array(0);
  let radii: Float32Array = new Float32Array(0);
  let nodeTiles: Float32Array | null = null;
  let styled: { paint: NodePaint; cfg: RenderingConfig; shaded: boolean } | null = null;
  const writeNodes = (net: ProcessedNetwork): number => {
    const { paint, cfg, shaded } = styled!;
    const out = nodes.reserve(nodeIndex.length);
    const tiles = nodeTiles && nodeTiles.length * 3 === net.nodePositions.length ? nodeTiles : null;
    const count = writeNodeRecords(net, paint, cfg, shaded, nodeIndex, out, tiles);
    radii = new Float32Array(count);
    for (let k = 0; k < count; k++) radii[k] = out.matrices[k * 16];
    return count;
  };
  // What the edge instances were last chosen and sized for: a new live input with the same settings only
  // rewrites their colours and thresholds (per-edge scalars), never their matrices (the polylines).
  let chosen: EdgeSelection = { edges: new Uint32Array(0), segments: 0, overBudget: 0, segmentsWanted: 0 };
  let edgeKey = '';
  let drawn = 0;
  let signalUpdates = 0;
  let lastPruned: ViewLook['pruned'] = null;
  let prunedVersion = 0;
  const draw = (net: ProcessedNetwork, cfg: RenderingConfig, look: ViewLook, geometry: boolean): ViewCounts => {
    const importance = paintNodes(net, classPalette(net.classCount), look.colorMode, look.hidden);
    const live = look.signal !== 'importance' && look.activations?.length === importance.l2.length ? look.activations : null;
    const paint = live ? signalPaint(importance, live, look.signal === 'blend' ? 0.5 : 1) : importance;
    const shaded = look.look === 'shaded';
    flowing = !!live && !shaded;
    styled = { paint, cfg, shaded };
    const pruned = look.pruned && look.pruned.edges.length === net.edgeSource.length ? look.pruned : null;
    nodeIndex = selectNodes(paint, cfg, shaded, net.classCount, pruned?.nodes?.length === importance.l2.length ? pruned.nodes : null);
    const nodeCount = writeNodes(net);
    // Edges are chosen and sized by importance in every view (the live views recolour the same tubes; their
    // thresholds, |w|·a of the source, hide on the GPU what the input leaves silent).
    if (pruned !== lastPruned) prunedVersion++;
    lastPruned = pruned;
    const key = JSON.stringify([cfg, look.look, look.colorMode, [...look.hidden], !!live, look.trace?.length ?? -1, prunedVersion]);
    const scalarsOnly = !geometry && !!live && key === edgeKey && !look.trace;
    edgeKey = key;
    const budget = cfg.max_segments || automaticBudget;
    if (!scalarsOnly) chosen = look.trace ? givenEdges(net, look.trace) : selectEdges(net, importance, cfg, shaded, budget, pruned?.edges ?? null);
    const records = edges.reserve(chosen.segments);
    drawn = writeEdgeRecords(net, paint, cfg, chosen.edges, records, { geometry: importance, matrices: !scalarsOnly });
    if (look.trace) {
      // A trace shows its paths whatever the threshold, and clearly: full threshold value, alpha at least 0.7.
      records.importance.fill(1, 0, drawn);
      for (let k = 0; k < drawn; k++) records.colors[k * 4 + 3] = Math.max(0.7, records.colors[k * 4 + 3]);
    }
    if (geometry) {
      const maxImportance = Math.max(0, ...importance.l2);
      bounds = contentBounds(net, Math.max(cfg.node_object_radius, cfg.edge_object_radius * 2.5) * maxImportance);
    }
    nodes.commit(nodeCount, bounds);
    edges.commit(drawn, bounds, { matrices: !scalarsOnly, colors: true, importance: true });
    if (scalarsOnly) signalUpdates++;
    const opacityOf = (part: 'node' | 'edge') => ({ importanceOpacity: cfg[`${part}_importance_opacity`], baseOpacity: cfg[`${part}_base_opacity`], shaded });
    lodOpacity = { nodes: opacityOf('node'), edges: opacityOf('edge') };
    for (const [layer, part] of [[nodes, 'node'], [edges, 'edge']] as const) {
      layer.material.setLook(look.look);
      layer.material.setOpacity({
        baseOpacity: cfg[`${part}_base_opacity`], importanceOpacity: cfg[`${part}_importance_opacity`], depthOpacity: cfg[`${part}_depth_opacity`],
        opacityExponent: cfg[`${part}_opacity_exponent`], importanceThreshold: cfg[`${part}_importance_threshold`],
      });
    }
    lastCounts = {
      nodesShown: nodeCount, edgesShown: chosen.edges.length, segmentsShown: drawn, drawCalls: (nodeCount > 0 ? 1 : 0) + (drawn > 0 ? 1 : 0),
      edgesOverBudget: chosen.overBudget, segmentsWanted: chosen.segmentsWanted, segmentBudget: budget,
    };
    return lastCounts;
  };

  return {
    nodes,
    edges,
    root,
    get signalUpdates() { return signalUpdates; },
    screenLodHidden: () => lod.hidden(),
    setScreenLod: (on) => lod.setEnabled(on),
    nodeOfInstance: () => nodeIndex,
    nodeRadii: () => radii,
    drawnNodes() {
      const p = current?.nodePositions;
      const points = new Float32Array(nodeIndex.length * 3);
      if (p) nodeIndex.forEach((i, k) => points.set(p.subarray(i * 3, i * 3 + 3), k * 3));
      return { points, radii };
    },
    setNodeTiles(tileHalf) {
      if (nodeTiles === tileHalf) return;
      nodeTiles = tileHalf && tileHalf.length === (current?.nodePositions.length ?? 0) / 3 ? tileHalf : null;
      if (!current || !styled) return;
      nodes.commit(writeNodes(current), bounds, { matrices: true });
    },
    showNodes(positions) {
      if (!current || !styled) return;
      // Bounds stay those of the full draw: a dragged node may leave them by a little (culling is off anyway).
      nodes.commit(writeNodes({ ...current, nodePositions: positions }), bounds, { matrices: true });
    },
    show(net, cfg, look) {
      current = net;
      return draw(net, cfg, look, true);
    },
    reverseEdges() {
      const count = lastCounts?.segmentsShown ?? 0;
      const b = edges.reserve(count);
      const swap = (a: Float32Array, stride: number) => {
        for (let i = 0, j = count - 1; i < j; i++, j--) {
          for (let k = 0; k < stride; k++) {
            const t = a[i * stride + k];
            a[i * stride + k] = a[j * stride + k];
            a[j * stride + k] = t;
          }
        }
      };
      swap(b.matrices, 16);
      swap(b.colors, 4);
      swap(b.importance, 1);
      swap(b.flow, 1);
      edges.commit(count, bounds);
    },
    restyle(cfg, look) {
      return current ? draw(current, cfg, look, false) : lastCounts;
    },
    dispose() {
      observer?.remove();
      lod.dispose();
      edges.dispose();
      nodes.dispose();
      root.dispose();
    },
  };
}
