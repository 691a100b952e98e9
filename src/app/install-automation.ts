/** Builds `window.nnwalk` (automation.ts describes it) from the app's parts: the composition root only hands them over. */
import type { Engine } from '@babylonjs/core/Engines/engine';
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector';
import type { Scene } from '@babylonjs/core/scene';
import type { MovedNodes } from '../../processing/bundling/local';
import type { RenderingConfig } from '../../processing/config/rendering-config';
import type { CameraController } from '../scene/camera-controller';
import type { NetworkView } from '../scene/network-view';
import type { NodePicker } from '../scene/node-picker';
import type { OutputBars } from '../scene/output-bars';
import type { PlaneLabels } from '../scene/plane-labels';
import type { GuiPanel } from '../ui/controls/gui-panel';
import type { LivePanels } from '../ui/live-panels';
import type { NnwalkHandle } from './automation';
import type { BundleCache } from './bundle-cache';
import type { BundlingClient } from './bundling-client';
import type { BundlingController } from './bundling-controller';
import type { LiveInputControl } from './live-input';
import type { FeatureMaps } from './feature-maps';
import { tileTexelWorld } from '../scene/tiles/tile-texel-world';
import { exportFeatureMaps } from '../ui/export-maps';
import { parseInWorker, readUrl } from './model-reading';
import type { NodeMover } from './node-mover';
import type { AnalysisFeature } from './analysis';
import type { CompareFeature } from './compare';
import type { PlaybackFeature } from './playback';
import type { PreferredFeature } from './preferred-inputs';
import type { Store } from './store';

/** What the handle reads and drives. */
export interface AutomationParts {
  store: Store;
  scene: Scene;
  engine: Engine;
  camera: CameraController;
  view: NetworkView;
  gui: GuiPanel;
  bundler: BundlingController;
  client: BundlingClient;
  cache: BundleCache;
  picker: NodePicker;
  mover: NodeMover;
  outputBars: OutputBars;
  planeLabels: PlaneLabels;
  panels: LivePanels;
  live: LiveInputControl;
  maps: FeatureMaps;
  analysis: AnalysisFeature;
  compare: CompareFeature;
  playback: PlaybackFeature;
  preferred: PreferredFeature;
  /** The render loop's frame function, and the frames rendered so far. */
  loop: () => void;
  frames: () => number;
  setLook: NnwalkHandle['setLook'];
  setRendering: (patch: Partial<RenderingConfig>) => void;
  select: (node: number | null) => void;
  xrStatus: () => string;
}

/** Installs `window.nnwalk`. */
export function installAutomation(p: AutomationParts): NnwalkHandle {
  const { store, scene, engine, camera, view, gui, bundler, picker, live, panels } = p;
  const handle: NnwalkHandle = {
    state: () => store.get(),
    camera: () => ({ position: camera.camera.position.asArray(), target: camera.camera.target.asArray() }),
    project: (point) => {
      const v = Vector3.Project(Vector3.FromArray(point), Matrix.IdentityReadOnly, scene.getTransformMatrix(), camera.camera.viewport);
      return [v.x, v.y];
    },
    frames: p.frames,
    stopRenderLoop: () => engine.stopRenderLoop(),
    startRenderLoop: () => { engine.stopRenderLoop(); engine.runRenderLoop(p.loop); },
    bundling: () => store.get().bundling,
    rebundle: (patch, options) => bundler.applyProcessing({ ...store.get().configs.processing, ...patch }, options),
    moveNodes: (nodes, positions) => bundler.moveNodes({ nodes: Uint32Array.from(nodes), positions: Float32Array.from(positions) } satisfies MovedNodes),
    cancelBundling: () => bundler.cancel(),
    setLook: (patch) => p.setLook(patch),
    setRendering: p.setRendering,
    showControls: (visible) => gui.hide(!visible),
    openPanel: (section) => { if (section) gui.openSection(section); else gui.setOpen(true); },
    locateControl: (id, option) => gui.locate(id, option),
    panelText: (id) => { gui.refresh(); return gui.text(id); },
    optionOn: (id, option) => { gui.refresh(); return gui.optionOn(id, option); },
    controlPanelRects: () => gui.rects(),
    defaultView: () => camera.defaultView(),
    reverseEdgeOrder: () => view.reverseEdges(),
    screenLod: (on) => {
      if (on !== undefined) view.setScreenLod(on);
      return view.screenLodHidden();
    },
    renderInfo: () => ({ edgeAllocations: view.edges.allocations, edgeCommits: view.edges.commits, signalUpdates: view.signalUpdates, outputBars: p.outputBars.lengths(), planeLabels: p.planeLabels.texts() }),
    select: p.select,
    drawnNodes: () => Array.from(view.nodeOfInstance()),
    nodeAt: (x, y) => picker.pickRay(scene.createPickingRay(x, y, Matrix.Identity(), camera.camera))?.node ?? null,
    projectNode: (node) => handle.project(picker.worldPosition(node).asArray()),
    lastSettleMs: () => p.mover.lastSettleMs,
    xrStatus: p.xrStatus,
    toggleInputPanel: () => panels.toggleInput(),
    padBox: () => panels.input.padBox(),
    trace: (on) => panels.trace(on),
    feedDigit: (i) => live.fromDigit(i),
    feedValues: (values) => live.fromValues(Float32Array.from(values), 'values'),
    feedDrawing: (pixels, w, h) => live.fromDrawing(Float32Array.from(pixels), w, h),
    setSignal: (signal) => live.setSignal(signal),
    crashBundlingWorker: () => p.client.crashWorker(),
    clearBundleCache: () => p.cache.clear(),
    maps: () => ({ tiles: p.maps.instances().map((t) => ({ plane: t.plane, channel: t.channel, node: t.node })), visible: p.maps.visible(), pixelsPerUnit: p.maps.pixelsPerUnit(), field: p.maps.layer.receptiveField, uploads: p.maps.layer.uploads, uploadedTexels: p.maps.layer.uploadedTexels }),
    toggleCollapse: (plane) => p.maps.toggleCollapse(plane),
    setTileLod: (low, high) => p.maps.layer.setLod(low, high),
    exportMaps: (what) => exportFeatureMaps(store.get(), what),
    async readModel(url) {
      const signal = new AbortController().signal;
      const absolute = new URL(url, location.href).toString();
      const t0 = performance.now();
      const file = await readUrl(absolute, signal, () => {});
      const t1 = performance.now();
      const bytes = file.bytes.byteLength;
      const graph = await parseInWorker([file], absolute, 5_000_000, signal);
      return { bytes, readMs: t1 - t0, parseMs: performance.now() - t1, ops: graph.ops.length };
    },
    tileTexel: (k, row, column) => {
      const world = tileTexelWorld(p.maps, k, row, column, camera.camera.globalPosition);
      return world ? handle.project(world) : null;
    },
    analysis: p.analysis,
    compare: p.compare,
    playback: p.playback,
    preferred: p.preferred,
    setMaps: ({ collapsed, ...rest }) => p.maps.update({ ...rest, ...(collapsed ? { collapsed: new Set(collapsed) } : {}) }),
  };
  window.nnwalk = handle;
  return handle;
}
