/**
 * What the two hands do in the headset, for controllers and tracked hands alike (both arrive as WebXR
 * input sources with select and squeeze events):
 * - squeeze (or a hand's pinch) on a node — reached (near) or aimed at (ray) — grabs it; on a layer handle
 *   grabs the layer (along the depth axis); on empty space with both hands scales, turns and moves the
 *   network about the hands' midpoint;
 * - trigger (or pinch) on a node selects it; the aimed node is ringed while nothing is held.
 */
import { Color3 } from '@babylonjs/core/Maths/math.color';
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector';
import { Ray } from '@babylonjs/core/Culling/ray';
import type { Scene } from '@babylonjs/core/scene';
import type { WebXRInputSource } from '@babylonjs/core/XR/webXRInputSource';
import type { NodeDrag, NodeMover } from '../src/app/node-mover';
import { createNodeHighlight, type NodeHighlight } from '../src/scene/node-highlight';
import type { NodePicker } from '../src/scene/node-picker';
import type { NetworkView } from '../src/scene/network-view';
import { layerOffsets } from '../processing/format/processed-network';
import type { LayerFixtures } from './layer-fixtures';
import { twoHandPose, type NetworkPose } from './network-pose';

/** How close (metres) a hand must be to a node's surface to grab it without aiming. */
const kReachMetres = 0.05;
/** Longest ray for aiming (metres). */
const kRayMetres = 30;

type Grab =
  | { kind: 'node'; node: number; drag: NodeDrag; start: Vector3 }
  | { kind: 'layer'; layer: number; drag: NodeDrag; start: Vector3 }
  | { kind: 'space'; start: Vector3 }
  | { kind: 'tile'; release: () => void };

interface Hand { source: WebXRInputSource; grab: Grab | null; hover: NodeHighlight }

export interface HandsLink {
  view: NetworkView;
  picker: NodePicker;
  mover: NodeMover;
  fixtures: LayerFixtures;
  positions(): Float32Array | null;
  layerSizes(): ArrayLike<number>;
  select(node: number): void;
  /** The network's pose and default scale; setPose moves it. */
  pose(): NetworkPose;
  defaultScale(): number;
  setPose(pose: NetworkPose): void;
  /** Whether a world ray from this source hits the menu or the drawing pad (selects there are theirs). */
  onMenu(ray: Ray): boolean;
  /** A gallery tile reached or aimed at by a ray from `at`, and grabbing it (returns what releasing does). */
  tileAt(ray: Ray, at: Vector3): unknown;
  grabTile(tile: unknown, hand: WebXRInputSource): () => void;
  /** A trigger aimed by this ray, from this hand: true when something other than nodes took it (a feature map). */
  onTrigger?(ray: Ray, source: WebXRInputSource): boolean;
}

export interface XrHands {
  /** What each hand holds, for automation: 'node:12', 'layer:1', 'space' or ''. */
  holding(): Record<string, string>;
  /** Per-frame update (call from the render loop while in XR). */
  update(): void;
  /** Starts following a new input source (hover rings, events). */
  track(source: WebXRInputSource): void;
  /** Input events of the session (wired by the experience on session start). */
  onEvent(type: 'selectstart' | 'selectend' | 'squeezestart' | 'squeezeend', source: WebXRInputSource): void;
  remove(source: WebXRInputSource): void;
  dispose(): void;
}

/** Creates the hand logic (sources register themselves through their first event or update). */
export function createXrHands(scene: Scene, link: HandsLink): XrHands {
  const hands = new Map<string, Hand>();
  const inverse = new Matrix();
  let twoHand: { start: NetworkPose; l0: Vector3; r0: Vector3 } | null = null;

  const handOf = (source: WebXRInputSource): Hand => {
    let h = hands.get(source.uniqueId);
    if (!h) {
      h = { source, grab: null, hover: createNodeHighlight(scene, link.view.root, `hover ${source.uniqueId}`, new Color3(0.1, 0.75, 0.9)) };
      hands.set(source.uniqueId, h);
    }
    return h;
  };
  const position = (s: WebXRInputSource): Vector3 => (s.grip ?? s.pointer).absolutePosition.clone();
  const rayOf = (s: WebXRInputSource): Ray => {
    const ray = new Ray(Vector3.Zero(), Vector3.Forward(), kRayMetres);
    s.getWorldPointerRayToRef(ray);
    return ray;
  };
  const toNetwork = (worldDelta: Vector3): number[] => {
    link.view.root.computeWorldMatrix(true).invertToRef(inverse);
    return Vector3.TransformNormal(worldDelta, inverse).asArray();
  };
  const worldScale = () => link.view.root.absoluteScaling.x || 1;

  /** What a hand would take: a reached node, else the nearest aimed node or handle. */
  const target = (s: WebXRInputSource): { node: number } | { layer: number } | null => {
    const near = link.picker.nearest(position(s), kReachMetres);
    if (near) return { node: near.node };
    const ray = rayOf(s);
    const node = link.picker.pickRay(ray);
    const handle = scene.pickWithRay(ray, (m) => link.fixtures.layerOfHandle(m) >= 0);
    const nodeMetres = node ? node.distance * worldScale() : Infinity;
    if (handle?.hit && handle.distance < nodeMetres) return { layer: link.fixtures.layerOfHandle(handle.pickedMesh) };
    return node ? { node: node.node } : null;
  };

  const grab = (h: Hand) => {
    if (h.grab) return;
    const tile = link.tileAt(rayOf(h.source), position(h.source));
    if (tile) {
      h.grab = { kind: 'tile', release: link.grabTile(tile, h.source) };
      void h.source.motionController?.pulse(0.4, 50);
      return;
    }
    const t = target(h.source);
    const start = position(h.source);
    if (t && 'node' in t) {
      h.grab = { kind: 'node', node: t.node, drag: link.mover.begin([t.node]), start };
      link.select(t.node);
    } else if (t) {
      const offsets = layerOffsets(link.layerSizes());
      const nodes = Array.from({ length: offsets[t.layer + 1] - offsets[t.layer] }, (_, k) => offsets[t.layer] + k);
      // A whole layer re-bundles every edge of two gaps: once, on release.
      h.grab = { kind: 'layer', layer: t.layer, drag: link.mover.begin(nodes, { rebundleWhileHolding: false }), start };
    } else {
      h.grab = { kind: 'space', start };
    }
    h.hover.show(-1, null, 0);
    void h.source.motionController?.pulse(0.4, 50);
  };

  const release = (h: Hand) => {
    const g = h.grab;
    h.grab = null;
    twoHand = null;
    if (g?.kind === 'tile') g.release();
    else if (g && g.kind !== 'space') void g.drag.end();
  };

  return {
    holding() {
      const out: Record<string, string> = {};
      for (const h of hands.values()) {
        const g = h.grab;
        out[h.source.inputSource.handedness] = !g ? '' : g.kind === 'node' ? `node:${g.node}` : g.kind === 'layer' ? `layer:${g.layer}` : g.kind;
      }
      return out;
    },
    track(source) { handOf(source); },
    onEvent(type, source) {
      const h = handOf(source);
      const isHand = !!source.inputSource.hand;
      if (type === 'squeezestart') grab(h);
      else if (type === 'squeezeend') release(h);
      else if (type === 'selectstart') {
        if (link.onMenu(rayOf(source))) return;
        if (link.onTrigger?.(rayOf(source), source)) return;
        const t = target(source);
        if (t && 'node' in t) link.select(t.node);
        // A tracked hand has no squeeze button: its pinch also grabs.
        if (isHand) grab(h);
      } else if (type === 'selectend' && isHand) release(h);
    },
    update() {
      const spaces: Hand[] = [];
      for (const h of hands.values()) {
        const g = h.grab;
        if (!g) {
          const hit = link.picker.nearest(position(h.source), kReachMetres) ?? link.picker.pickRay(rayOf(h.source));
          const k = hit ? link.view.nodeOfInstance().indexOf(hit.node) : -1;
          h.hover.show(hit?.node ?? -1, link.positions(), k >= 0 ? link.view.nodeRadii()[k] : 0);
          continue;
        }
        if (g.kind === 'space') {
          spaces.push(h);
          continue;
        }
        if (g.kind === 'tile') continue; // parented to the hand: it follows by itself
        const delta = toNetwork(position(h.source).subtract(g.start));
        // A layer moves along the depth axis only: its nodes keep their places in the layer.
        g.drag.moveBy(g.kind === 'layer' ? [0, 0, delta[2]] : delta);
      }
      if (spaces.length !== 2) return;
      const [a, b] = spaces[0].source.inputSource.handedness === 'left' ? spaces : [spaces[1], spaces[0]];
      const l = position(a.source);
      const r = position(b.source);
      // The gesture starts when the second hand closes: the hands' positions then are its reference.
      if (!twoHand) twoHand = { start: link.pose(), l0: l, r0: r };
      link.setPose(twoHandPose(twoHand.start, link.defaultScale(), twoHand.l0.asArray(), twoHand.r0.asArray(), l.asArray(), r.asArray()));
    },
    remove(source) {
      const h = hands.get(source.uniqueId);
      if (!h) return;
      release(h);
      h.hover.dispose();
      hands.delete(source.uniqueId);
    },
    dispose() {
      for (const h of hands.values()) h.hover.dispose();
      hands.clear();
    },
  };
}
