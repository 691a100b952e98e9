/**
 * The desktop camera: mouse orbit (left drag), pan (right drag), zoom (wheel) from ArcRotateCamera;
 * nn_vis's numbered poses, W/A/S/D movement and auto-rotation on top.
 */
import { ArcRotateCamera } from '@babylonjs/core/Cameras/arcRotateCamera';
import '@babylonjs/core/Cameras/Inputs/arcRotateCameraPointersInput';
import '@babylonjs/core/Cameras/Inputs/arcRotateCameraMouseWheelInput';
import { Vector3 } from '@babylonjs/core/Maths/math.vector';
import type { Observer } from '@babylonjs/core/Misc/observable';
import type { Scene } from '@babylonjs/core/scene';

/** nn_vis's camera poses (definitions.py), as offsets from the target for a 1-unit-wide network. */
export const kCameraPresets: Record<string, { name: string; offset: [number, number, number] }> = {
  '0': { name: 'left (input side)', offset: [0, 0, -2.5] },
  '1': { name: 'front', offset: [3.5, 0, 0] },
  '2': { name: 'right (output side)', offset: [0, 0, 2.5] },
  '3': { name: 'back right', offset: [-2.5, 0, 2.5] },
  '4': { name: 'back right', offset: [-2.5, 0, 2.5] },
  '5': { name: 'upper back left', offset: [-2, 2, -2] },
  '6': { name: 'upper back right', offset: [-2, 2, 2] },
  '7': { name: 'lower back right', offset: [-2.75, -1, 1.25] },
  '8': { name: 'back', offset: [-4, 0, 0] },
  '9': { name: 'left (input side)', offset: [0, 0, -2.5] },
};

const kRotationDegPerSecond = 20;
const kMoveKeys = new Set(['w', 'a', 's', 'd']);

export interface CameraController {
  readonly camera: ArcRotateCamera;
  /** Re-aims at a network: `target` is nn_vis's node mid, `extent` its largest side (presets scale with it). */
  frame(target: [number, number, number], extent: number): void;
  /** Jumps to preset '0'…'9'; returns false for other keys. */
  applyPreset(key: string): boolean;
  setAutoRotate(on: boolean): void;
  readonly autoRotate: boolean;
  /** W/A/S/D held state, fed by the keyboard handler. */
  setMoveKey(key: string, down: boolean): boolean;
  dispose(): void;
}

/** Creates the camera, attached to the canvas, starting at nn_vis's default pose "left". */
export function createCameraController(scene: Scene, canvas: HTMLCanvasElement): CameraController {
  const camera = new ArcRotateCamera('camera', 0, Math.PI / 2, 2.5, Vector3.Zero(), scene);
  camera.fov = Math.PI / 4;
  camera.minZ = 0.01;
  camera.maxZ = 100;
  camera.wheelDeltaPercentage = 0.02;
  camera.panningSensibility = 800;
  camera.lowerRadiusLimit = 0.05;
  camera.attachControl(canvas, true);
  let scale = 1;
  let autoRotate = false;
  const held = new Set<string>();
  const forward = new Vector3();
  const right = new Vector3();
  const step = new Vector3();

  const observer: Observer<Scene> | null = scene.onBeforeRenderObservable.add(() => {
    const dt = Math.min(0.1, scene.getEngine().getDeltaTime() / 1000);
    if (autoRotate) camera.alpha += (kRotationDegPerSecond * Math.PI / 180) * dt;
    if (held.size === 0) return;
    // Move camera and target together, in the view's ground-relative frame, at ~1 network width per second.
    camera.getTarget().subtractToRef(camera.position, forward).normalize();
    Vector3.CrossToRef(camera.upVector, forward, right);
    right.normalize();
    step.setAll(0);
    const speed = scale * dt;
    if (held.has('w')) step.addInPlace(forward.scale(speed));
    if (held.has('s')) step.addInPlace(forward.scale(-speed));
    if (held.has('d')) step.addInPlace(right.scale(-speed));
    if (held.has('a')) step.addInPlace(right.scale(speed));
    camera.target.addInPlace(step);
    camera.position.addInPlace(step);
  });

  const controller: CameraController = {
    camera,
    get autoRotate() { return autoRotate; },
    frame(target, extent) {
      scale = Math.max(extent, 1e-3) / 1.2; // the default network is 1.2 deep: nn_vis's offsets fit it
      camera.target.set(...target);
      camera.upperRadiusLimit = 40 * scale;
      controller.applyPreset('0');
    },
    applyPreset(key) {
      const preset = kCameraPresets[key];
      if (!preset) return false;
      const [x, y, z] = preset.offset;
      camera.setPosition(camera.target.add(new Vector3(x, y, z).scale(scale)));
      return true;
    },
    setAutoRotate(on) { autoRotate = on; },
    setMoveKey(key, down) {
      const k = key.toLowerCase();
      if (!kMoveKeys.has(k)) return false;
      if (down) held.add(k); else held.delete(k);
      return true;
    },
    dispose() {
      scene.onBeforeRenderObservable.remove(observer);
      camera.detachControl();
      camera.dispose();
    },
  };
  return controller;
}
