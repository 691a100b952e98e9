/**
 * Labels for networks with planes (CNNs): each plane's kind and shape ("conv 16" over "@ 14×14") above
 * its nodes, turned to the camera, under the network's root so they follow it into the headset. Networks
 * without planes (MLPs) keep their unlabelled look.
 */
import { Mesh } from '@babylonjs/core/Meshes/mesh';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode';
import type { Scene } from '@babylonjs/core/scene';
import { layerOffsets, type PlaneInfo, type ProcessedNetwork } from '../../processing/format/processed-network';
import { createTextPlane } from './facing-plane';

export interface PlaneLabels {
  /** Labels `net`'s planes (none for a network without planes). */
  show(net: ProcessedNetwork | null): void;
  /** The labels' texts, in plane order (automation, tests). */
  texts(): string[];
  setVisible(on: boolean): void;
  dispose(): void;
}

/** The two lines of a plane's label: "conv 16" over "@ 14×14", "dense" over "120", "input" over "28×28×1". */
export function planeLabelLines(p: PlaneInfo): string[] {
  const c = p.shape[p.shape.length - 1];
  if (p.kind === 'input') return ['input', (p.shape.length === 3 && c === 1 ? p.shape.slice(0, 2) : p.shape).join('×')];
  return p.shape.length === 3 ? [`${p.kind} ${c}`, `@ ${p.shape[0]}×${p.shape[1]}`] : [p.kind, String(c)];
}

/** A plane's caption on one line: "conv 16 @ 14×14", "dense 120", "input 28×28×1". */
export function planeCaption(p: PlaneInfo): string {
  return planeLabelLines(p).join(' ');
}

/** Creates the label layer under `root`. */
export function createPlaneLabels(scene: Scene, root: TransformNode): PlaneLabels {
  let meshes: Mesh[] = [];
  let texts: string[] = [];
  let visible = true;
  const clear = () => {
    for (const m of meshes) { m.material?.dispose(true, true); m.dispose(); }
    meshes = [];
    texts = [];
  };
  return {
    show(net) {
      clear();
      const planes = net?.planes;
      if (!net || !planes) return;
      const offsets = layerOffsets(net.layerSizes);
      const cfg = net.configs.processing;
      // Every other depth's label stands one row higher, so a label may be up to ~1.4 plane gaps wide without
      // touching its neighbours seen from the side; deep networks (many planes) get the wider labels.
      const width = Math.min(cfg.layer_width * 0.6, cfg.layer_distance * 1.3);
      planes.forEach((p, i) => {
        let x = 0, top = -Infinity, z = 0;
        const n = offsets[i + 1] - offsets[i];
        for (let k = offsets[i]; k < offsets[i + 1]; k++) {
          x += net.nodePositions[k * 3] / n;
          z += net.nodePositions[k * 3 + 2] / n;
          top = Math.max(top, net.nodePositions[k * 3 + 1]);
        }
        const lines = planeLabelLines(p);
        const label = createTextPlane(`plane label ${i}`, lines, width, scene, { pixelsPerMetre: 1600 / width, fontPx: 120, halo: '#ffffff', color: '#2a3142' });
        label.parent = root;
        const height = label.getBoundingInfo().boundingBox.extendSize.y * 2;
        // Rows: even and odd depths alternate; a branch beside another (lane > 0) takes a third row above both.
        const row = p.lane > 0 ? 2 : p.depth % 2;
        label.position.set(x, top + width * 0.3 + row * height * 1.1, z);
        label.billboardMode = Mesh.BILLBOARDMODE_ALL;
        // Clicking a label collapses or expands its plane's feature maps (src/ui/tile-pointer.ts).
        label.isPickable = p.shape.length === 3 && p.kind !== 'input';
        label.metadata = { planeLabel: i };
        label.isVisible = visible;
        meshes.push(label);
        texts.push(lines.join(' '));
      });
    },
    texts: () => texts.slice(),
    setVisible(on) {
      visible = on;
      for (const m of meshes) m.isVisible = on;
    },
    dispose: clear,
  };
}
