/**
 * One companion network of a comparison: loaded from a model URL, drawn by its own network view under
 * the main view's root (so it moves and scales with it, also in the headset), offset along y, bundled
 * with the same settings (cache, else its own bundling job), with a selection ring and a label.
 */
import { Color3 } from '@babylonjs/core/Maths/math.color';
import type { Mesh } from '@babylonjs/core/Meshes/mesh';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode';
import type { Scene } from '@babylonjs/core/scene';
import type { ProcessedNetwork } from '../../processing/format/processed-network';
import type { LiveModel } from '../../processing/input/live-model';
import type { NetworkOrigin } from './bundling-controller';
import type { QualityMetrics } from '../../processing/metrics/quality';
import { createTextPlane } from '../scene/facing-plane';
import { createNetworkView, type NetworkView, type ViewLook } from '../scene/network-view';
import { createNodeHighlight, type NodeHighlight } from '../scene/node-highlight';
import { createNodePicker, type NodePicker } from '../scene/node-picker';
import type { RenderingConfig } from '../../processing/config/rendering-config';
import { Mesh as MeshClass } from '@babylonjs/core/Meshes/mesh';

/** What the comparison shows of each network (the one on screen included). */
export interface CopySummary {
  name: string;
  /** Held-out accuracy (null until evaluated). */
  accuracy: number | null;
  metrics: QualityMetrics | null;
  state: 'loading' | 'bundling' | 'measuring' | 'done' | 'failed';
  message: string;
}

export interface CompareCopy extends CopySummary {
  readonly model: LiveModel;
  /** Lays the copy out again (new processing settings). */
  readonly origin: NetworkOrigin;
  /** Straight network as laid out from the model (the processing settings it was laid out with). */
  straight: ProcessedNetwork;
  /** Bundled network (null while bundling). */
  network: ProcessedNetwork | null;
  readonly view: NetworkView;
  /** Picks the copy's drawn nodes (clicking a companion's node selects it everywhere). */
  readonly picker: NodePicker;
  /** Draws the copy's current network with the main look (its own activations, no trace or pruning). */
  draw(rendering: RenderingConfig, look: ViewLook, activations: Float32Array | null): void;
  /** Rings `node` (−1: none). */
  ring(node: number): void;
  /** The node ringed now (−1: none). */
  readonly ringed: number;
  /** Where the copy stands above (+) or below (−) the main network (on the desktop). */
  readonly offset: number;
  /** Stands the copy above / below the main network (false), or beside it on the floor (true: the headset). */
  place(row: boolean): void;
  dispose(): void;
}

/** Places a label `text` above a network drawn under `root` (replacing `old`). */
export function copyLabel(scene: Scene, root: TransformNode, net: ProcessedNetwork, text: string, old: Mesh | null): Mesh {
  old?.material?.dispose(true, true);
  old?.dispose();
  const p = net.nodePositions;
  let top = -Infinity, x = 0, z0 = Infinity, z1 = -Infinity;
  const n = p.length / 3;
  for (let i = 0; i < n; i++) {
    top = Math.max(top, p[i * 3 + 1]);
    x += p[i * 3] / n;
    z0 = Math.min(z0, p[i * 3 + 2]);
    z1 = Math.max(z1, p[i * 3 + 2]);
  }
  // Longer names get a wider label, so every label's letters are about the same size.
  const width = Math.max(0.8, (z1 - z0) * 0.8) * Math.max(1, text.length / 16);
  const label = createTextPlane(`compare label ${text}`, [text], width, scene, { pixelsPerMetre: 1600 / width, fontPx: 140, halo: '#ffffff', color: '#1d2433' });
  label.parent = root;
  label.position.set(x, top + width * 0.08, (z0 + z1) / 2);
  label.billboardMode = MeshClass.BILLBOARDMODE_ALL;
  label.isPickable = false;
  return label;
}

/** Creates the copy's view under `parent` at height `offset`; `budget` is the main view's draw limit. */
/** `offset`: the copy's height above the main network on the desktop, its distance beside it (along x) in the headset. */
export function createCompareCopy(scene: Scene, parent: TransformNode, name: string, origin: NetworkOrigin, straight: ProcessedNetwork, offset: number, budget: number): CompareCopy {
  const model = origin.model!;
  const view = createNetworkView(scene, budget);
  view.root.parent = parent;
  view.root.position.set(0, offset, 0);
  const highlight: NodeHighlight = createNodeHighlight(scene, view.root, `compare selection ${name}`, new Color3(1, 0.45, 0));
  let label: Mesh | null = null;
  let labelText = '';
  const copy: CompareCopy = {
    get ringed() { return highlight.node; },
    offset,
    name, model, origin, straight, network: null, view, accuracy: null,
    picker: createNodePicker(view, () => (copy.network ?? copy.straight).nodePositions), metrics: null, state: 'loading', message: '',
    draw(rendering, look, activations) {
      const net = copy.network ?? copy.straight;
      view.show(net, rendering, { ...look, activations, trace: null, pruned: null, signal: activations ? look.signal : 'importance' });
      const text = `${name}${copy.accuracy === null ? '' : ` · ${(copy.accuracy * 100).toFixed(1)} %`}`;
      if (text !== labelText) {
        labelText = text;
        label = copyLabel(scene, view.root, net, text, label);
      }
    },
    place(row) {
      view.root.position.set(row ? offset : 0, row ? 0 : offset, 0);
    },
    ring(node) {
      const net = copy.network ?? copy.straight;
      // Ringed like the main selection, drawn or not (an undrawn node gets the smallest ring).
      const k = node < 0 ? -1 : view.nodeOfInstance().indexOf(node);
      highlight.show(node < net.nodePositions.length / 3 ? node : -1, net.nodePositions, k >= 0 ? view.nodeRadii()[k] : 0);
    },
    dispose() {
      label?.material?.dispose(true, true);
      label?.dispose();
      highlight.dispose();
      view.dispose();
    },
  };
  return copy;
}
