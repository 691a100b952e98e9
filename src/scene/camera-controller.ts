/**
 * The desktop camera: mouse orbit (left drag), pan (right drag), zoom (wheel) from ArcRotateCamera;
 * nn_vis's numbered poses, W/A/S/D movement and auto-rotation on top. A network opens in the default
 * view: an oblique side view from the input side, input on the left, fitted into the area no panel
 * covers (and fitted again when that area changes, until the user moves the camera).
 */
import { ArcRotateCamera } from '@babylonjs/core/Cameras/arcRotateCamera';
import '@babylonjs/core/Cameras/Inputs/arcRotateCameraPointersInput';
import '@babylonjs/core/Cameras/Inputs/arcRotateCameraMouseWheelInput';
import { Vector3 } from '@babylonjs/core/Maths/math.vector';
import type { Observer } from '@babylonjs/core/Misc/observable';
import type { Scene } from '@babylonjs/core/scene';
import { fitView, obliqueDirection } from './view-fit';
import { nodeBounds } from './network-style';

/**
 * nn_vis's camera poses (definitions.py), as offsets from the target for a 1-unit-wide network, mirrored
 * in x: nn_vis's front (+x) showed the input on the right; here front looks from −x so every side view
 * reads input → output left to right, and the other poses keep their place relative to front.
 */
export const kCameraPresets: Record<string, { name: string; offset: [number, number, number] }> = {
  '0': { name: 'left (input side)', offset: [0, 0, -2.5] },
  '1': { name: 'front', offset: [-3.5, 0, 0] },
  '2': { name: 'right (output side)', offset: [0, 0, 2.5] },
  '3': { name: 'back right', offset: [2.5, 0, 2.5] },
  '4': { name: 'back right', offset: [2.5, 0, 2.5] },
  '5': { name: 'upper back left', offset: [2, 2, -2] },
  '6': { name: 'upper back right', offset: [2, 2, 2] },
  '7': { name: 'lower back right', offset: [2.75, -1, 1.25] },
  '8': { name: 'back', offset: [4, 0, 0] },
  '9': { name: 'left (input side)', offset: [0, 0, -2.5] },
};

/** nn_vis's offsets frame its 45° field of view; this camera's is narrower, so they stand back by the ratio. */
const kPresetDistance = Math.tan(Math.PI / 8) / Math.tan((12 * Math.PI) / 180);

/** The default view: 38° round from the front towards the input side, 6° above (input left, its image upright). */
export const kDefaultViewDirection = obliqueDirection((38 * Math.PI) / 180, (6 * Math.PI) / 180);

const kRotationDegPerSecond = 20;
const kMoveKeys = new Set(['w', 'a', 's', 'd']);

export interface CameraController {
  readonly camera: ArcRotateCamera;
  /**
   * Aims at a network and shows it in the default view: `target` is nn_vis's node mid (the numbered
   * poses look at it and scale with the largest side of the nodes' `positions`); the default view fits
   * the `drawn` nodes (centres and radii; all positions when none is drawn).
   */
  frame(target: [number, number, number], positions: Float32Array, drawn: { points: Float32Array; radii: Float32Array }): void;
  /** The default view of the framed network, fitted into the free area. */
  defaultView(): void;
  /** Fits the default view again if the camera still stands where the last fit put it (the free area changed). */
  refit(): void;
  /** Changes what the default view must show (feature-map tiles appeared or went) and refits as `refit` does. */
  reframe(drawn: { points: Float32Array; radii: Float32Array }): void;
  /** Points the default view must also show (a comparison's companion networks, world coordinates); null: none. Refits. */
  setCompanions(points: Float32Array | null): void;
  /** Stops refitting on free-area changes until the next default view (the user took hold of a node). */
  stopFollowing(): void;
  /** Jumps to preset '0'…'9'; returns false for other keys. */
  applyPreset(key: string): boolean;
  setAutoRotate(on: boolean): void;
  readonly autoRotate: boolean;
  /** W/A/S/D held state, fed by the keyboard handler. */
  setMoveKey(key: string, down: boolean): boolean;
  dispose(): void;
}

/** Creates the camera, attached to the canvas; `freeRect` is the canvas area (CSS pixels) that no panel covers. */
export function createCameraController(scene: Scene, canvas: HTMLCanvasElement, freeRect: () => { x: number; y: number; width: number; height: number }): CameraController {
  const camera = new ArcRotateCamera('camera', 0, Math.PI / 2, 2.5, Vector3.Zero(), scene);
  // 24°: less perspective than nn_vis's 45°, so a side view's near layer does not dwarf the far ones.
  camera.fov = (24 * Math.PI) / 180;
  camera.minZ = 0.01;
  camera.maxZ = 100;
  camera.wheelDeltaPercentage = 0.02;
  camera.panningSensibility = 800;
  camera.lowerRadiusLimit = 0.05;
  camera.attachControl(canvas, true);
  let scale = 1;
  let framed: { points: Float32Array; radii: Float32Array } | null = null;
  let fitted = '';
  const pose = () => [camera.alpha, camera.beta, camera.radius, ...camera.target.asArray()].map((v) => v.toFixed(5)).join();
  let autoRotate = false;
  const held = new Set<string>();
  const presetTarget = new Vector3();
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

  let companions: Float32Array | null = null;
  const controller: CameraController = {
    camera,
    get autoRotate() { return autoRotate; },
    frame(target, positions, drawn) {
      const b = nodeBounds(positions);
      const extent = Math.max(b[3] - b[0], b[4] - b[1], b[5] - b[2]);
      scale = Math.max(extent, 1e-3) / 1.2; // the default network is 1.2 deep: nn_vis's offsets fit it
      presetTarget.set(...target);
      framed = drawn.points.length ? drawn : { points: positions, radii: new Float32Array(0) };
      camera.upperRadiusLimit = 40 * scale;
      controller.defaultView();
    },
    defaultView() {
      if (!framed) return;
      const engine = scene.getEngine();
      const canvasSize = { width: engine.getRenderWidth(), height: engine.getRenderHeight() };
      // The free area comes in CSS pixels; the render size may differ (device pixel ratio).
      const css = canvas.getBoundingClientRect();
      const k = css.width > 0 ? canvasSize.width / css.width : 1;
      const f = freeRect();
      const free = f.width > 1 && f.height > 1 ? { x: f.x * k, y: f.y * k, width: f.width * k, height: f.height * k } : { x: 0, y: 0, ...canvasSize };
      const shown = companions ? withCompanions(framed, companions) : framed;
      const fit = fitView({ ...shown, direction: kDefaultViewDirection, fovY: camera.fov, canvas: canvasSize, free });
      camera.target.set(...fit.target);
      camera.setPosition(new Vector3(...fit.position));
      fitted = pose();
    },
    refit() {
      if (fitted && fitted === pose()) controller.defaultView();
    },
    reframe(drawn) {
      if (!drawn.points.length) return;
      framed = drawn;
      controller.refit();
    },
    stopFollowing() {
      fitted = '';
    },
    setCompanions(points) {
      companions = points && points.length ? points : null;
      controller.defaultView();
    },
    applyPreset(key) {
      const preset = kCameraPresets[key];
      if (!preset) return false;
      const [x, y, z] = preset.offset;
      camera.target.copyFrom(presetTarget);
      camera.setPosition(presetTarget.add(new Vector3(x, y, z).scale(scale * kPresetDistance)));
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

/** The framed nodes plus companion points (radius 0). */
function withCompanions(framed: { points: Float32Array; radii: Float32Array }, extra: Float32Array): { points: Float32Array; radii: Float32Array } {
  const points = new Float32Array(framed.points.length + extra.length);
  points.set(framed.points);
  points.set(extra, framed.points.length);
  const radii = new Float32Array(points.length / 3);
  radii.set(framed.radii.subarray(0, Math.min(framed.radii.length, framed.points.length / 3)));
  return { points, radii };
}
