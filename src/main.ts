/** nnwalk desktop entry: engine, scene, the default network, overlays and keys. */
import { Engine } from '@babylonjs/core/Engines/engine';
import { Color4 } from '@babylonjs/core/Maths/math.color';
import { Scene } from '@babylonjs/core/scene';
import type { ProcessedNetwork } from '../processing/format/processed-network';
import { chooseBackend } from './app/backend-choice';
import { createBundleCache } from './app/bundle-cache';
import { createBundlingClient, type BundlingClient } from './app/bundling-client';
import { createBundlingController, type NetworkOrigin } from './app/bundling-controller';
import { startupConfigs } from './app/configs';
import { kDefaultModelUrl, kHeldOutDigitsUrl, loadFiles, loadModelUrl, loadNetworkUrl } from './app/load-network';
import { embeddedModelUrl, kEmbeddedModels, resolveModelParam } from './app/embedded-models';
import { createStore, kDefaultMaps, kIdleBundling } from './app/store';
import { installAutomation } from './app/install-automation';
import { createCameraController } from './scene/camera-controller';
import { createNetworkView, kDefaultLook, type ViewLook } from './scene/network-view';
import { automaticSegmentBudget } from './scene/render-budget';
import { colorModes, networkTarget } from './scene/network-style';
import type { RenderingConfig } from '../processing/config/rendering-config';
import { validateConfig } from '../processing/config/schema';
import { renderingSchema } from '../processing/config/rendering-config';
import { createBundlingBar } from './ui/bundling-bar';
import { createLoadBar } from './ui/load-bar';
import { isCancelled } from './app/model-reading';
import { renameClasses } from './app/class-names';
import { bindFileDrop } from './ui/drop-files';
import { bindKeys } from './ui/keyboard';
import { createOverlays } from './ui/overlays';
import { createDocks } from './ui/docks';
import { downloadScreenshot } from './ui/screenshot';
import { appControls } from './ui/controls/app-controls';
import { createGuiPanel } from './ui/controls/gui-panel';
import { downloadBlob, stampedName } from './ui/download';
import { pickFiles } from './ui/pick-files';
import { encodeProcessedNetwork } from '../processing/format/codec';
import { randomNetwork } from './app/random-network';
import { randomCnnNetwork } from './app/random-cnn';
import { createNodeMover } from './app/node-mover';
import { createNodePicker } from './scene/node-picker';
import { createNodeHighlight } from './scene/node-highlight';
import { createOutputBars } from './scene/output-bars';
import { createPlaneLabels } from './scene/plane-labels';
import { Color3 } from '@babylonjs/core/Maths/math.color';
import { bindMouseDrag } from './ui/mouse-drag';
import { applyRenderPreset, kRenderPresets } from './ui/controls/app-controls';
import { createLiveInput } from './app/live-input';
import { createLivePanels } from './ui/live-panels';
import { createFeatureMaps } from './app/feature-maps';
import { exportFeatureMaps } from './ui/export-maps';
import { createImageInput, isImageFile } from './app/image-input';
import { bindTilePointer } from './ui/tile-pointer';
import { fitTilesInView } from './app/maps-camera';
import { loadXr } from './app/xr-loader';
import { createFeatures } from './app/features';

function fail(root: HTMLElement, message: string): void {
  const banner = document.createElement('div');
  banner.id = 'banner';
  banner.className = 'error';
  banner.textContent = message;
  root.appendChild(banner);
}

async function start(): Promise<void> {
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
  const docks = createDocks(root);
  const camera = createCameraController(scene, canvas, () => docks.freeRect());
  docks.onFreeRectChange(() => camera.refit());
  const view = createNetworkView(scene, automaticSegmentBudget(engine).budget);
  const overlays = createOverlays(docks, (c) => toggleClass(c), () => openDefault());
  const store = createStore({ status: 'loading', message: 'Loading the default network…', source: '', network: null, configs, view: null, bundling: kIdleBundling, look: kDefaultLook, selected: null, model: null, input: null, maps: kDefaultMaps, tiles: null });
  const params = new URLSearchParams(location.search);
  const decision = await chooseBackend(params.get('backend'));
  console.info(`nnwalk: bundling backend ${decision.backend} (${decision.reason})`);
  store.set({ bundling: { ...kIdleBundling, requested: decision.backend } });
  const client: BundlingClient = createBundlingClient(decision.backend, (message) => {
    store.set({ status: 'error', message: `${message} — a new worker starts with the next job (press P, Apply)` });
  });
  // ?bundle=0 shows networks straight (Apply in the processing panel bundles them).
  const bundleOnLoad = params.get('bundle') !== '0';
  const cache = createBundleCache();
  const draw = (network: ProcessedNetwork) => {
    store.set({ view: view.show(network, store.get().configs.rendering, store.get().look) });
    mover.afterDraw();
  };
  const applyBackground = (look: ViewLook) => {
    const v = look.look === 'dark' ? 0 : 1;
    scene.clearColor = new Color4(v, v, v, 1);
  };
  /** Restyles what is on screen after a look or rendering change. */
  const restyle = () => {
    const s = store.get();
    applyBackground(s.look);
    const counts = view.restyle(s.configs.rendering, s.look);
    if (counts) store.set({ view: counts });
  };
  const setLook = (patch: Partial<ViewLook> & { hidden?: number[] | ReadonlySet<number> }): ViewLook => {
    const look: ViewLook = { ...store.get().look, ...patch, hidden: new Set(patch.hidden ?? store.get().look.hidden) };
    store.set({ look });
    restyle();
    return look;
  };
  const cycleColorMode = () => {
    const net = store.get().network;
    const modes = colorModes(net?.classCount ?? 0);
    const at = modes.findIndex((m) => JSON.stringify(m) === JSON.stringify(store.get().look.colorMode));
    setLook({ colorMode: modes[(at + 1) % modes.length] });
  };
  const cycleLook = () => {
    const order = ['light', 'dark', 'shaded'] as const;
    setLook({ look: order[(order.indexOf(store.get().look.look) + 1) % order.length] });
  };
  const setRendering = (patch: Partial<RenderingConfig>) => {
    const rendering = validateConfig(renderingSchema, { ...store.get().configs.rendering, ...patch }, 'rendering settings');
    store.set({ configs: { ...store.get().configs, rendering } });
    restyle();
  };
  const toggleClass = (c: number) => {
    const hidden = new Set(store.get().look.hidden);
    if (!hidden.delete(c)) hidden.add(c);
    setLook({ hidden });
  };
  const bundler = createBundlingController(store, client, cache, draw);
  const mover = createNodeMover(store, (moved) => bundler.moveNodes(moved), (p) => view.showNodes(p));
  const picker = createNodePicker(view, () => store.get().network?.nodePositions ?? null);
  const selection = createNodeHighlight(scene, view.root, 'selection', new Color3(1, 0.45, 0));
  const outputBars = createOutputBars(scene, view.root);
  const planeLabels = createPlaneLabels(scene, view.root);
  const maps = createFeatureMaps(store, scene, view);
  fitTilesInView(store, camera, view, maps);
  const select = (node: number | null) => {
    if (node === store.get().selected) return;
    // A trace belongs to the node it was traced from.
    if (store.get().look.trace) setLook({ trace: null });
    store.set({ selected: node });
  };
  const showSelection = () => {
    const s = store.get();
    const k = s.selected === null ? -1 : view.nodeOfInstance().indexOf(s.selected);
    selection.show(s.selected ?? -1, s.network?.nodePositions ?? null, k >= 0 ? view.nodeRadii()[k] : 0);
  };
  const live = createLiveInput(store, (patch) => { setLook(patch); }, kHeldOutDigitsUrl, () => select(null));
  const images = createImageInput(store, live);
  /** Images go to the live input (the input panel opens to show them); anything else is a model or network file. */
  const feedImages = (files: File[]) => {
    for (const f of files) {
      images.feedFile(f).then(() => { if (!panels.input.open) panels.toggleInput(); }, report(`Feeding ${f.name}`));
    }
  };
  const panels = createLivePanels(docks, store, live, (patch) => { setLook(patch); }, (node) => select(node), (what) => report(what), {
    onField: (box) => maps.layer.setReceptiveField(box), images, pickImage: () => { void pickFiles('image/png,image/jpeg,image/webp', false).then(feedImages); },
  });
  const openEmbedded = (id: string) => {
    const m = kEmbeddedModels.find((e) => e.id === id);
    if (!m) throw new Error(`no embedded network '${id}'`);
    history.replaceState(null, '', `${location.pathname}?model=${m.id}`);
    openModel(embeddedModelUrl(m));
  };
  // Analysis, compare and playback plug in through one context; each owns its panel, workers and teardown.
  const { analysis, compare, playback, preferred, setModelUrl } = createFeatures(
    { store, scene, docks, live, setLook: (patch) => { setLook(patch); }, report: (what) => report(what), digitsUrl: kHeldOutDigitsUrl },
    { view, camera, maps, select, cache, budget: automaticSegmentBudget(engine).budget, backend: decision.backend, openEmbedded, playback: {
      show: (network, source, origin) => show(network, source, origin, { keepCamera: true, prepared: true }),
      // Under ?bundle=0 epochs stay straight until Apply has bundled the network on screen.
      prepare: (straight, origin, warmFrom) => (bundleOnLoad || store.get().network?.stats.bundled ? bundler.prepare(straight, origin, warmFrom) : Promise.resolve(straight)),
      drawFrame: (network) => { view.show(network, store.get().configs.rendering, { ...store.get().look, trace: null, pruned: null }); },
      manifestParam: params.get('epochs'),
    } },
  );
  let presetIndex = 0;
  const cyclePreset = () => {
    presetIndex = (presetIndex + 1) % kRenderPresets.length;
    applyRenderPreset(kRenderPresets[presetIndex].id, { setRendering, setLook, state: () => store.get() });
  };
  const bar = createBundlingBar(docks.free, () => bundler.cancel());
  const loadBar = createLoadBar(docks.free);
  let fps = 0;
  const loadPicked = (files: File[]) => {
    if (!files.length) return;
    setModelUrl('');
    store.set({ status: 'loading', message: `Loading ${files.map((f) => f.name).join(', ')}…` });
    loadBar.run((signal, onProgress) => loadFiles(files, store.get().configs, signal, onProgress)).then(({ network, source, origin }) => show(network, source, origin), report('Loading the files'));
  };
  const screenshot = () => {
    downloadScreenshot(scene, `nnwalk-${store.get().network ? 'network' : 'empty'}`, { before: () => gui.hide(true), after: () => gui.hide(false) })
      .catch(report('Screenshot'));
  };
  const controls = appControls({
    state: () => store.get(),
    fps: () => fps,
    screenLod: () => view.screenLodHidden(),
    setLook: (patch) => { setLook(patch); },
    toggleClass,
    setRendering: (patch) => { setRendering(patch); },
    applyProcessing: (cfg) => { void bundler.applyProcessing(cfg); },
    pickModelFiles: () => { void pickFiles('.onnx,.data,.keras,.h5,.hdf5,.json,.bin', true).then(loadPicked); },
    pickNetworkFile: () => { void pickFiles('.nnwalk', false).then(loadPicked); },
    saveNetwork: () => {
      const net = store.get().network;
      if (!net) throw new Error('no network to save yet');
      downloadBlob(new Blob([encodeProcessedNetwork(net) as BlobPart], { type: 'application/octet-stream' }), stampedName(store.get().source.split('/').pop()?.replace(/\.(json|nnwalk)$/, '') || 'network', 'nnwalk'));
    },
    renameClasses: (names) => renameClasses(store, names),
    openEmbedded,
    generateRandom: (sizes) => {
      const { network, origin, name } = randomNetwork(sizes, store.get().configs);
      show(network, name, origin);
    },
    screenshot,
    toggleAnalysis: () => analysis.toggle(),
    togglePlayback: () => playback.toggle(),
    togglePreferred: () => preferred.toggle(),
    compareTrio: () => { void compare.trio(); },
    pickCompareFiles: () => { void pickFiles('.onnx,.data,.keras,.h5,.hdf5,.json,.bin', true).then((files) => (files.length ? compare.addFiles(files) : undefined)); },
    maps: {
      update: (patch) => maps.update(patch),
      collapseAll: (on) => maps.collapseAll(on),
      export: (what) => exportFeatureMaps(store.get(), what),
    },
  });
  const gui = createGuiPanel(scene, controls.sections, (open, width) => docks.reserveLeft(open ? width : 0));
  let refreshQueued = false;
  // Store changes arrive in bursts while bundling: redraw the panel at most once per frame.
  const refreshPanel = () => {
    if (refreshQueued) return;
    refreshQueued = true;
    requestAnimationFrame(() => { refreshQueued = false; gui.refresh(); });
  };
  let barsFor: unknown = null;
  let labelsFor: unknown = null;
  store.subscribe((s) => {
    showSelection();
    if (labelsFor !== s.network) {
      labelsFor = s.network;
      planeLabels.show(s.network);
    }
    // The probability bars belong to a live view: the importance view has none.
    const shown = s.look.signal === 'importance' ? null : s.input;
    if (barsFor !== shown) {
      barsFor = shown;
      outputBars.show(s.network, shown?.live.output ?? null, shown?.live.predicted ?? -1);
    }
    panels.render(s);
    overlays.render(s);
    bar.render(s.bundling);
    refreshPanel();
  });
  overlays.render(store.get());
  if (decision.error) store.set({ status: 'error', message: decision.error });

  /** Puts a loaded network on screen, framed; a straight one is then bundled (cache or workers). */
  const show = (network: ProcessedNetwork, source: string, origin: NetworkOrigin | null, o: { keepCamera?: boolean; prepared?: boolean } = {}) => {
    // A new network: the last input's activations belong to the old one.
    store.set({ look: { ...store.get().look, activations: null, signal: 'importance', trace: null, pruned: null }, input: null, model: origin?.model ?? null });
    const counts = view.show(network, store.get().configs.rendering, store.get().look);
    // Playback's epochs share one layout: the camera stays where the user put it.
    if (!o.keepCamera) camera.frame(networkTarget(network.nodePositions), network.nodePositions, view.drawnNodes());
    store.set({ status: decision.error ? 'error' : 'ready', message: decision.error ?? '', network, source, view: counts, selected: null, configs: { ...store.get().configs, processing: network.configs.processing } });
    controls.resetPending();
    // A processed file that holds bundled polylines is shown as it is (a prepared one: the bundler's state stays).
    if (network.stats.bundled) {
      bundler.adopt(network, origin);
      if (o.prepared) return;
      client.cancel();
      store.set({ bundling: { ...store.get().bundling, state: 'done', used: String(network.stats.backend ?? 'file'), cached: false, message: '' } });
      return;
    }
    if (bundleOnLoad) void bundler.bundle(network, origin);
    else bundler.adopt(network, origin);
  };
  // A failed load reports and keeps whatever network was on screen.
  const report = (what: string) => (err: unknown) => {
    if (isCancelled(err)) {
      const net = store.get().network;
      store.set(net ? { status: 'ready', message: '' } : { status: 'error', message: `${what} was cancelled` });
      return;
    }
    console.warn(`nnwalk: ${what} failed:`, err);
    store.set({ status: 'error', message: `${what} failed: ${(err as Error).message}` });
  };

  const openModel = (url: string) => {
    setModelUrl(url);
    store.set({ status: 'loading', message: `Loading ${url}…` });
    loadBar.run((signal, onProgress) => loadModelUrl(url, configs, signal, onProgress)).then((m) => show(m.network, url.split('/').slice(-2).join('/'), m.origin), report(`Loading ${url}`));
  };
  /** The failed-load banner's way out: the embedded default network (and a URL that says so). */
  const openDefault = () => {
    history.replaceState(null, '', location.pathname);
    openModel(kDefaultModelUrl);
  };
  const networkUrl = params.get('network');
  const modelUrl = resolveModelParam(params.get('model') ?? kDefaultModelUrl);
  const randomSizes = params.get('random');
  if (randomSizes !== null) {
    try {
      const { network, origin, name } = randomSizes.startsWith('cnn') ? randomCnnNetwork(randomSizes, configs) : randomNetwork(randomSizes, configs);
      show(network, name, origin);
    } catch (err) {
      report('Generating the random network')(err);
    }
  } else if (networkUrl) loadNetworkUrl(networkUrl).then((net) => show(net, networkUrl.split('/').pop() ?? networkUrl, null), report(`Loading ${networkUrl}`));
  else openModel(modelUrl);

  // ?compare=trio opens the untrained, trained and L1 networks side by side.
  if (params.get('compare') === 'trio') void compare.trio();
  bindFileDrop(root, (files) => {
    feedImages(files.filter(isImageFile));
    loadPicked(files.filter((f) => !isImageFile(f)));
  });
  bindMouseDrag(scene, () => camera.camera, picker, mover, select, () => camera.stopFollowing(), (ray) => compare.pickRay(ray));
  bindKeys(window, camera, {
    screenshot,
    toggleHelp: () => overlays.toggleHelp(),
    toggleProcessing: () => { if (gui.isOpen()) gui.setOpen(false); else gui.openSection('processing'); },
    togglePanel: () => gui.setOpen(!gui.isOpen()),
    isTyping: () => gui.hasFocus(),
    cycleColorMode,
    cycleLook,
    toggleInput: () => panels.toggleInput(),
    cycleSignal: () => panels.cycleSignal(),
    cancelBundling: () => { bundler.cancel(); analysis.cancel(); preferred.cancel(); },
    toggleAnalysis: () => analysis.toggle(),
    togglePlayback: () => playback.toggle(),
    stepEpoch: (by) => { playback.play(false); playback.step(by); },
    togglePreferred: () => preferred.toggle(),
    defaultView: () => camera.defaultView(),
    toggleMaps: () => maps.toggleSelectedPlane(),
    cycleRange: () => maps.cycleRange(),
  });
  bindTilePointer(scene, () => camera.camera, store, maps, root);

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
      fps = (windowFrames * 1000) / (now - windowStart);
      refreshPanel();
      windowStart = now;
      windowFrames = 0;
    }
  };
  engine.runRenderLoop(loop);
  window.addEventListener('resize', () => engine.resize());
  installAutomation({
    store, scene, engine, camera, view, gui, bundler, client, cache, picker, mover, outputBars, planeLabels, panels, live, loop, maps, analysis, compare, playback, preferred,
    frames: () => frames, setLook, setRendering, select, xrStatus: () => xr.status(),
  });
  const xr = loadXr(scene, {
    store, view, picker, mover, maps, select, cycleColorMode, cyclePreset,
    rebundle: () => { void bundler.rebundle(); },
    resetLayout: () => { void bundler.applyProcessing(store.get().configs.processing); },
    drawn: (pixels, w, h) => live.fromDrawing(pixels, w, h),
    pickDigit: (i) => live.fromDigit(i),
    digits: () => live.digits(),
    trace: (on) => panels.trace(on),
    setSignal: (signal) => live.setSignal(signal),
    setLook: (patch) => { setLook(patch); },
    analysis, compare, playback, preferred,
    // The desktop's panel and plane labels: in the headset the menu and the platforms' signs take their place.
    showDesktopGui: (visible) => { gui.hide(!visible); planeLabels.setVisible(visible); },
  }, controls.sections.flatMap((s) => s.controls));
}

void start();
