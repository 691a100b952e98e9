/** nnwalk desktop entry: engine, scene, the default network, overlays and keys. */
import { Engine } from '@babylonjs/core/Engines/engine';
import { Color4 } from '@babylonjs/core/Maths/math.color';
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector';
import { Scene } from '@babylonjs/core/scene';
import type { ProcessedNetwork } from '../processing/format/processed-network';
import { startupConfigs } from './app/configs';
import { kDefaultModelUrl, loadFiles, loadModelUrl, loadNetworkUrl } from './app/load-network';
import { createStore, type AppState } from './app/store';
import { createCameraController } from './scene/camera-controller';
import { createNetworkView } from './scene/network-view';
import { networkTarget, nodeBounds } from './scene/network-style';
import { bindFileDrop } from './ui/drop-files';
import { bindKeys } from './ui/keyboard';
import { createOverlays } from './ui/overlays';
import { downloadScreenshot } from './ui/screenshot';

/** What automation (the e2e tests) and the console can read and drive: `window.nnwalk`. */
export interface NnwalkHandle {
  state(): Readonly<AppState>;
  /** Camera position and target, [x, y, z] each. */
  camera(): { position: number[]; target: number[] };
  /** Normalised canvas coordinates ([0, 1]², y down) of a world point under the current camera. */
  project(point: number[]): number[];
  /** Frames rendered since start. */
  frames(): number;
  stopRenderLoop(): void;
  startRenderLoop(): void;
}

declare global {
  interface Window { nnwalk?: NnwalkHandle }
}

function fail(root: HTMLElement, message: string): void {
  const banner = document.createElement('div');
  banner.id = 'banner';
  banner.className = 'error';
  banner.textContent = message;
  root.appendChild(banner);
}

function start(): void {
  const root = document.getElementById('app') as HTMLElement;
  const canvas = document.getElementById('scene') as HTMLCanvasElement;
  let configs: ReturnType<typeof startupConfigs>;
  let engine: Engine;
  try {
    configs = startupConfigs();
    // preserveDrawingBuffer: screenshots read the canvas after the frame was presented.
    engine = new Engine(canvas, true, { preserveDrawingBuffer: true, stencil: false, xrCompatible: true });
  } catch (err) {
    fail(root, `nnwalk cannot start: ${(err as Error).message}`);
    return;
  }
  const scene = new Scene(engine);
  // nn_vis's coordinates are OpenGL's (right-handed); keep them so pictures are not mirrored.
  scene.useRightHandedSystem = true;
  scene.clearColor = new Color4(1, 1, 1, 1);
  const camera = createCameraController(scene, canvas);
  const view = createNetworkView(scene);
  const overlays = createOverlays(root);
  const store = createStore({ status: 'loading', message: 'Loading the default network…', source: '', network: null, configs, view: null });
  store.subscribe((s) => overlays.render(s));
  overlays.render(store.get());

  const show = (network: ProcessedNetwork, source: string) => {
    const counts = view.show(network, store.get().configs.rendering);
    const b = nodeBounds(network.nodePositions);
    camera.frame(networkTarget(network.nodePositions), Math.max(b[3] - b[0], b[4] - b[1], b[5] - b[2]));
    store.set({ status: 'ready', message: '', network, source, view: counts });
  };
  // A failed load reports and keeps whatever network was on screen.
  const report = (what: string) => (err: unknown) => {
    console.warn(`nnwalk: ${what} failed:`, err);
    store.set({ status: 'error', message: `${what} failed: ${(err as Error).message}` });
  };

  const params = new URLSearchParams(location.search);
  const networkUrl = params.get('network');
  const modelUrl = params.get('model') ?? kDefaultModelUrl;
  if (networkUrl) loadNetworkUrl(networkUrl).then((net) => show(net, networkUrl.split('/').pop() ?? networkUrl), report(`Loading ${networkUrl}`));
  else loadModelUrl(modelUrl, configs).then((net) => show(net, modelUrl.split('/').slice(-2).join('/')), report(`Loading ${modelUrl}`));

  bindFileDrop(root, (files) => {
    store.set({ status: 'loading', message: `Loading ${files.map((f) => f.name).join(', ')}…` });
    loadFiles(files, store.get().configs).then(({ network, source }) => show(network, source), report('Loading the dropped files'));
  });
  bindKeys(window, camera, {
    screenshot: () => { downloadScreenshot(scene, `nnwalk-${store.get().network ? 'network' : 'empty'}`).catch(report('Screenshot')); },
    toggleHelp: () => overlays.toggleHelp(),
  });

  let frames = 0;
  let windowStart = performance.now();
  let windowFrames = 0;
  const loop = () => {
    scene.render();
    frames++;
    windowFrames++;
    const now = performance.now();
    // Counted by hand: engine.getFps() is unreliable in the first seconds at low frame rates.
    if (now - windowStart >= 1000) {
      overlays.setFps((windowFrames * 1000) / (now - windowStart));
      windowStart = now;
      windowFrames = 0;
    }
  };
  engine.runRenderLoop(loop);
  window.addEventListener('resize', () => engine.resize());
  window.nnwalk = {
    state: () => store.get(),
    camera: () => ({ position: camera.camera.position.asArray(), target: camera.camera.target.asArray() }),
    project: (point) => {
      const p = Vector3.Project(Vector3.FromArray(point), Matrix.IdentityReadOnly, scene.getTransformMatrix(), camera.camera.viewport);
      return [p.x, p.y];
    },
    frames: () => frames,
    stopRenderLoop: () => engine.stopRenderLoop(),
    startRenderLoop: () => { engine.stopRenderLoop(); engine.runRenderLoop(loop); },
  };
}

start();
