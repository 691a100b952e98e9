/**
 * Screen-space level of detail for the impostor layers: an instance whose thinnest cross-section covers
 * less than kLodMinPixels on screen, or whose best opacity times its coverage cannot change a pixel's 8-bit
 * value, is not drawn. The vertex stage of the impostor material decides it on the GPU (the quad collapses,
 * so no fragment is shaded); the same rule on the CPU counts what was left out when the statistics ask.
 * At the default network's usual views only instances too faint to move a pixel qualify: its picture is
 * unchanged (rendering.test.ts compares it with the rule off).
 */
import type { Observer } from '@babylonjs/core/Misc/observable';
import type { Scene } from '@babylonjs/core/scene';
import type { ImpostorLayer } from './impostor-layer';
import { pixelsPerUnit } from './tiles/tile-layer';

/** Thinnest on-screen width (pixels) an instance needs to be drawn: thinner ones rarely cover a pixel centre. */
export const kLodMinPixels = 0.5;
/** Least best-opacity × coverage worth drawing: below it the instance cannot move a pixel by one 8-bit step. */
export const kLodMinShade = 1 / 255;

/** The opacity terms the rule needs (the material's importance and base opacity). */
export interface LodOpacity { importanceOpacity: number; baseOpacity: number; shaded: boolean }

/** Whether instance k (matrix column-major at k·16, importance alpha `alpha`) is drawn at `eye` with `ppu` pixels per unit at distance 1. */
export function lodKeeps(m: Float32Array, k: number, alpha: number, eye: ArrayLike<number>, ppu: number, o: LodOpacity): boolean {
  const b = k * 16;
  const axis = (c: number) => Math.hypot(m[b + c * 4], m[b + c * 4 + 1], m[b + c * 4 + 2]);
  const r = Math.min(axis(0), axis(1), axis(2));
  const dist = Math.max(Math.hypot(eye[0] - m[b + 12], eye[1] - m[b + 13], eye[2] - m[b + 14]), 1e-6);
  const px = (2 * r * ppu) / dist;
  if (px < kLodMinPixels) return false;
  if (o.shaded) return true;
  const best = ((1 - o.importanceOpacity) + o.importanceOpacity * alpha) * (1 - o.baseOpacity) + o.baseOpacity;
  return best * Math.min(px, 1) >= kLodMinShade;
}

/** Instances of `count` in the buffers the rule leaves out (matrices already in world space). */
export function lodHiddenCount(matrices: Float32Array, colors: Float32Array, count: number, eye: ArrayLike<number>, ppu: number, o: LodOpacity): number {
  let hidden = 0;
  for (let k = 0; k < count; k++) if (!lodKeeps(matrices, k, colors[k * 4 + 3], eye, ppu, o)) hidden++;
  return hidden;
}

export interface ScreenLod {
  /** Instances the rule leaves out at the last frame's camera: nodes and edge segments (counted when asked). */
  hidden(): { nodes: number; segments: number };
  /** Turns the rule on or off (off: every selected instance is drawn, as before). */
  setEnabled(on: boolean): void;
  dispose(): void;
}

/** Feeds the layers' materials the camera's pixels per unit each frame; counts hidden instances on demand (the statistics). */
export function createScreenLod(scene: Scene, layers: { nodes: ImpostorLayer; edges: ImpostorLayer }, opacity: () => { nodes: LodOpacity; edges: LodOpacity }): ScreenLod {
  let enabled = true;
  /** The last frame's camera: pixels per unit (0: off) and world position. */
  let frame = { ppu: 0, eye: [0, 0, 0] };
  let cache = { key: '', counted: { nodes: 0, segments: 0 } };
  const observer: Observer<Scene> | null = scene.onBeforeRenderObservable.add(() => {
    const camera = scene.activeCamera;
    const ppu = enabled && camera ? pixelsPerUnit(camera, scene) : 0;
    layers.nodes.material.setScreenLod(ppu);
    layers.edges.material.setScreenLod(ppu);
    frame = { ppu, eye: camera ? camera.globalPosition.asArray() : [0, 0, 0] };
  });
  // The layers' meshes sit under the network's root (moved and scaled uniformly by hand): bring the eye into
  // their space instead of every matrix out of it; a uniform scale cancels in width / distance.
  const localEye = (layer: ImpostorLayer, eye: number[]) => {
    const p = layer.mesh.getWorldMatrix().clone().invert().m;
    return [0, 1, 2].map((a) => p[a] * eye[0] + p[4 + a] * eye[1] + p[8 + a] * eye[2] + p[12 + a]);
  };
  const count = (layer: ImpostorLayer, op: LodOpacity) => {
    const b = layer.buffers();
    if (!b || !layer.mesh.isVisible) return 0;
    return lodHiddenCount(b.matrices, b.colors, layer.mesh.thinInstanceCount, localEye(layer, frame.eye), frame.ppu, op);
  };
  return {
    hidden() {
      if (!frame.ppu) return { nodes: 0, segments: 0 };
      const o = opacity();
      const key = JSON.stringify([frame, o, layers.nodes.commits, layers.edges.commits, layers.nodes.mesh.getWorldMatrix().m.join()]);
      if (key !== cache.key) cache = { key, counted: { nodes: count(layers.nodes, o.nodes), segments: count(layers.edges, o.edges) } };
      return cache.counted;
    },
    setEnabled(on) {
      enabled = on;
      if (!on) frame = { ...frame, ppu: 0 };
    },
    dispose() {
      observer?.remove();
      layers.nodes.material.setScreenLod(0);
      layers.edges.material.setScreenLod(0);
    },
  };
}
