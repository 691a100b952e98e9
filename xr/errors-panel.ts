/**
 * The headset's error view: the desktop analysis panel's chord diagram and per-class accuracy bars on a
 * panel standing past the output layer (under the network's root, so it moves and scales with it),
 * turned like the layer signs towards the user's start. The trigger on a ribbon picks it (its digits go on the shelf; the same
 * ribbon again puts the gallery back); on a class bar, colours by that class.
 */
import { DynamicTexture } from '@babylonjs/core/Materials/Textures/dynamicTexture';
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector';
import type { Ray } from '@babylonjs/core/Culling/ray';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode';
import type { Scene } from '@babylonjs/core/scene';
import { layerOffsets, type ProcessedNetwork } from '../processing/format/processed-network';
import { perClassAccuracy } from '../processing/analysis/confusion';
import { createFacingPlane } from '../src/scene/facing-plane';
import { nodeBounds } from '../src/scene/network-style';
import { cssColor } from '../src/scene/palette';
import type { AnalysisView } from '../src/ui/analysis/analysis-state';
import { drawChord, ribbonAt, ribbonPixel } from '../src/ui/analysis/chord-canvas';
import { kChordSize } from '../src/ui/analysis/errors-section';
import { kViewFromNetwork } from './network-pose';

const kTexW = 800;
const kTexH = 1200;
/** The chord's centre and scale on the texture (the layout is kChordSize pixels across). */
const kChordCentre: [number, number] = [kTexW / 2, 110 + 350];
const kChordScale = 700 / kChordSize;
/** The class bars: top, row height, left and width of the bar column. */
const kBars = { top: 860, row: 30, left: 110, width: 520 };

export interface XrErrorsPanel {
  /** Draws `view` beside `net`'s output layer (hidden without an evaluation or outside the headset). */
  render(view: Readonly<AnalysisView>, net: ProcessedNetwork | null, visible: boolean): void;
  /** A trigger with this ray: what it hit on the panel (null: not the panel's). */
  trigger(ray: Ray): { kind: 'ribbon'; t: number; p: number } | { kind: 'class'; k: number } | { kind: 'panel' } | null;
  /** World point of ribbon true → predicted (automation aims there), or null. */
  ribbonPoint(t: number, p: number): number[] | null;
  readonly visible: boolean;
  dispose(): void;
}

/** Creates the (hidden) panel under `root`. */
export function createXrErrorsPanel(scene: Scene, root: TransformNode): XrErrorsPanel {
  const texture = new DynamicTexture('xr errors panel', { width: kTexW, height: kTexH }, scene, false);
  const ctx = texture.getContext() as CanvasRenderingContext2D;
  // Unit size: scaled to the network's height when placed.
  const mesh = createFacingPlane('xr errors panel', 1, kTexH / kTexW, scene, texture);
  mesh.parent = root;
  mesh.isVisible = false;
  mesh.isPickable = false;
  let shown: Readonly<AnalysisView> | null = null;
  let drawnKey = '';
  const inverse = new Matrix();

  const draw = (view: Readonly<AnalysisView>) => {
    const errors = view.errors!;
    const { confusion } = errors.result;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, kTexW, kTexH);
    ctx.fillStyle = '#1d2433';
    ctx.font = '600 36px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.fillText(`${(confusion.overall * 100).toFixed(1)} % of ${errors.result.samples} held-out digits right`, kTexW / 2, 52);
    ctx.font = '26px system-ui, sans-serif';
    const rb = view.ribbon;
    const name = (c: number) => view.classNames[c] ?? String(c);
    ctx.fillText(rb ? `${rb.samples.length} × true ${name(rb.t)} read as ${name(rb.p)}: on the shelf` : 'trigger a ribbon (true → predicted): its digits go on the shelf', kTexW / 2, 92, kTexW - 40);
    drawChord(ctx, errors.chord, { palette: view.palette, names: view.classNames, selected: rb ? [rb.t, rb.p] : null, scale: kChordScale, font: '12px system-ui, sans-serif', centre: kChordCentre });
    const acc = perClassAccuracy(confusion);
    ctx.textAlign = 'left';
    ctx.font = '24px system-ui, sans-serif';
    acc.forEach((a, c) => {
      const y = kBars.top + c * kBars.row;
      ctx.fillStyle = '#1d2433';
      ctx.fillText(name(c), kBars.left - 50, y + 22);
      ctx.fillStyle = cssColor(view.palette, c);
      ctx.fillRect(kBars.left, y + 6, Math.max(2, a * kBars.width), kBars.row - 10);
      ctx.fillStyle = view.colourClass === c ? '#000000' : '#1d2433';
      ctx.fillText(`${(a * 100).toFixed(1)} %${view.colourClass === c ? ' ◀' : ''}`, kBars.left + kBars.width + 12, y + 22);
    });
    texture.update();
  };
  /** Texture pixel under a ray, or null. */
  const pixelOf = (ray: Ray): [number, number] | null => {
    if (!mesh.isVisible) return null;
    const hit = ray.intersectsMesh(mesh);
    if (!hit.hit || !hit.pickedPoint) return null;
    mesh.computeWorldMatrix(true).invertToRef(inverse);
    const local = Vector3.TransformCoordinates(hit.pickedPoint, inverse);
    return [(local.x + 0.5) * kTexW, (0.5 - local.y / (kTexH / kTexW)) * kTexH];
  };
  return {
    get visible() { return mesh.isVisible; },
    render(view, net, visible) {
      const on = visible && !!view.errors && !!net;
      mesh.isVisible = on;
      mesh.isPickable = on;
      if (!on) return;
      shown = view;
      // One step past the output layer along the layer axis, as tall as the network, turned like the
      // layer signs towards the user's start (they read it from there and from the output platform).
      const offsets = layerOffsets(net.layerSizes);
      const last = net.layerSizes.length - 1;
      const first = nodeBounds(net.nodePositions.subarray(0, offsets[1] * 3));
      const out = nodeBounds(net.nodePositions.subarray(offsets[last] * 3, offsets[last + 1] * 3));
      const all = nodeBounds(net.nodePositions);
      const side = Math.max(all[3] - all[0], all[4] - all[1], 1e-3);
      const height = Math.max(all[4] - all[1], side * 0.5) * 0.95;
      const along = (out[2] + out[5]) / 2 >= (first[2] + first[5]) / 2 ? 1 : -1;
      mesh.scaling.setAll(height * (kTexW / kTexH));
      mesh.position.set((all[0] + all[3]) / 2, (all[1] + all[4]) / 2, (along > 0 ? out[5] : out[2]) + along * side * 0.45);
      mesh.rotation.y = Math.atan2(kViewFromNetwork[0], kViewFromNetwork[1]);
      const key = [view.errors!.result.ms, view.ribbon?.t, view.ribbon?.p, view.colourClass, view.classNames.join()].join();
      if (key !== drawnKey) {
        drawnKey = key;
        draw(view);
      }
    },
    trigger(ray) {
      const at = pixelOf(ray);
      if (!at || !shown?.errors) return null;
      const hit = ribbonAt(ctx, shown.errors.chord, kChordScale, at[0], at[1], kChordCentre);
      if (hit) return { kind: 'ribbon', t: hit.source, p: hit.target };
      const row = Math.floor((at[1] - kBars.top) / kBars.row);
      if (row >= 0 && row < shown.classNames.length && at[0] >= kBars.left - 60 && at[0] <= kBars.left + kBars.width + 120) return { kind: 'class', k: row };
      // The panel takes the trigger even where it has nothing to pick.
      return { kind: 'panel' };
    },
    ribbonPoint(t, p) {
      if (!shown?.errors || !mesh.isVisible) return null;
      const px = ribbonPixel(ctx, shown.errors.chord, kChordScale, t, p, kChordCentre);
      if (!px) return null;
      const local = new Vector3(px[0] / kTexW - 0.5, (0.5 - px[1] / kTexH) * (kTexH / kTexW), 0);
      return Vector3.TransformCoordinates(local, mesh.computeWorldMatrix(true)).asArray();
    },
    dispose() {
      texture.dispose();
      mesh.dispose();
    },
  };
}
