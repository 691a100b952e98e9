/**
 * Class probabilities as a 3D bar chart beside the output layer (under the network's root, so it is
 * there in the headset too): one bar per class in its class colour, length ∝ probability, the predicted
 * class at full opacity and thicker. Hidden while there is no live input.
 */
import { Color3 } from '@babylonjs/core/Maths/math.color';
import { CreateBox } from '@babylonjs/core/Meshes/Builders/boxBuilder';
import type { Mesh } from '@babylonjs/core/Meshes/mesh';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode';
import type { Scene } from '@babylonjs/core/scene';
import type { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial';
import { layerOffsets, type ProcessedNetwork } from '../../processing/format/processed-network';
import { flatMaterial } from './flat-material';
import { nodeBounds } from './network-style';
import { classPalette } from './palette';

export interface OutputBars {
  /** Shows `probabilities` (one per class, the prediction `predicted`) beside `net`'s output layer; null hides. */
  show(net: ProcessedNetwork | null, probabilities: Float32Array | null, predicted: number): void;
  /** The bars' current lengths (network units), for automation. */
  lengths(): number[];
  dispose(): void;
}

/** Creates the (hidden) chart under `root`. */
export function createOutputBars(scene: Scene, root: TransformNode): OutputBars {
  let bars: { mesh: Mesh; material: StandardMaterial }[] = [];
  let lengths: number[] = [];
  const clear = () => {
    for (const b of bars) { b.mesh.dispose(); b.material.dispose(); }
    bars = [];
  };
  return {
    show(net, probabilities, predicted) {
      if (!net || !probabilities) {
        for (const b of bars) b.mesh.isVisible = false;
        lengths = [];
        return;
      }
      const C = probabilities.length;
      if (bars.length !== C) {
        clear();
        const palette = classPalette(C);
        for (let c = 0; c < C; c++) {
          const material = flatMaterial(`output bar ${c}`, scene, new Color3(palette[c * 3], palette[c * 3 + 1], palette[c * 3 + 2]));
          const mesh = CreateBox(`output bar ${c}`, { size: 1 }, scene);
          mesh.material = material;
          mesh.parent = root;
          mesh.isPickable = false;
          bars.push({ mesh, material });
        }
      }
      // Beside the output layer: a column of bars growing along −x, which reads left to right from the input
      // side (pose 0, the headset's start) and from the default view.
      const offsets = layerOffsets(net.layerSizes);
      const last = net.layerSizes.length - 1;
      const out = nodeBounds(net.nodePositions.subarray(offsets[last] * 3, offsets[last + 1] * 3));
      const all = nodeBounds(net.nodePositions);
      const span = Math.max(all[4] - all[1], 1e-3) * 0.6;
      const full = Math.max(all[3] - all[0], 1e-3) * 0.5;
      const step = span / C;
      const z = (out[2] + out[5]) / 2;
      lengths = [];
      bars.forEach(({ mesh, material }, c) => {
        const p = Math.min(1, Math.max(0, probabilities[c]));
        const length = Math.max(1e-4, p * full);
        const thick = step * (c === predicted ? 0.8 : 0.55);
        mesh.isVisible = true;
        mesh.scaling.set(length, thick, thick);
        mesh.position.set(out[0] - step - length / 2, (all[1] + all[4]) / 2 + span / 2 - (c + 0.5) * step, z);
        material.alpha = c === predicted ? 1 : 0.55;
        lengths.push(length);
      });
    },
    lengths: () => lengths.slice(),
    dispose: clear,
  };
}
