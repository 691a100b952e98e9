/**
 * Compare side by side: companions of the network on screen (same layer sizes) drawn above and below it
 * with the same layout, settings and look, each bundled, labelled with its held-out accuracy; selection
 * and live input follow the main network in every copy; a panel lists each copy's accuracy and the
 * bundles' quality metrics (mean distortion, voxel ink ratio, class separation) — the quantities behind
 * nn_vis's "the closer the edges, the better the generalisation". Owns its views, jobs and panel.
 */
import type { Ray } from '@babylonjs/core/Culling/ray';
import type { NodeHit } from '../scene/node-picking';
import type { Scene } from '@babylonjs/core/scene';
import type { Mesh } from '@babylonjs/core/Meshes/mesh';
import type { ProcessedNetwork } from '../../processing/format/processed-network';
import { runLive } from '../../processing/input/live-model';
import type { CameraController } from '../scene/camera-controller';
import type { NetworkView } from '../scene/network-view';
import { createComparePanel } from '../ui/compare-panel';
import { createAnalysisClient } from './analysis-client';
import type { BundleCache } from './bundle-cache';
import type { BundlingClient } from './bundling-client';
import { copyLabel, createCompareCopy, type CompareCopy, type CopySummary } from './compare-copy';
import { embeddedModelUrl, kEmbeddedModels } from './embedded-models';
import type { Feature, FeatureContext } from './feature-context';
import { loadFiles, loadModelUrl, type LoadedModel } from './load-network';
import { groupModelFiles } from './compare-files';
import { isCancelled } from './model-reading';
import type { AppState } from './store';

export interface CompareFeature extends Feature {
  /** The embedded trio: untrained above, the trained default in the middle (opened first if needed), L1 below. */
  trio(): Promise<void>;
  /** Adds companions (`name` labels each; `load` reads and lays it out); they must have the main network's layer sizes. */
  add(models: { name: string; load(): Promise<LoadedModel> }[]): Promise<void>;
  /** Adds companions from picked model files (grouped per model: compare-files.ts). */
  addFiles(files: File[]): Promise<void>;
  /** Ends the comparison (the companions go). */
  clear(): void;
  /** One row per network, top to bottom as drawn (the main network among them). */
  summary(): CopySummary[];
  /** The nearest companion node along a world ray (null: none; the main network is picked apart). */
  pickRay(ray: Ray): NodeHit | null;
  /** Where node `node` of companion `copy` (in `rings()` order) is in the world. */
  nodeWorldPosition(copy: number, node: number): number[];
  /** The node each companion rings (the main network's selection, mirrored). */
  rings(): number[];
  readonly active: boolean;
  /** The headset stands the copies beside the network on the floor (true), the desktop above and below it. */
  arrange(row: boolean): void;
  /** Each companion's name and node positions under the main view's root (the headset's platforms). */
  placedCopies(): { name: string; positions: Float32Array }[];
  /** Calls `fn` after every change of the comparison; returns the unsubscribe. */
  subscribe(fn: () => void): () => void;
}

/** What else the comparison needs from the app. */
export interface CompareParts {
  view: NetworkView;
  camera: CameraController;
  bundling: BundlingClient;
  cache: BundleCache;
  /** Opens an embedded network as the main one (the trio's trained middle). */
  openEmbedded(id: string): void;
  /** The main view's automatic draw limit (each copy gets the same). */
  budget: number;
}

/** Vertical distance between copies, in layer widths (their grids are one layer width tall). */
const kCopyGap = 0.6;

/** Creates the (inactive) comparison. */
export function createCompare(ctx: FeatureContext, parts: CompareParts, scene: Scene): CompareFeature {
  const { store } = ctx;
  const analysis = createAnalysisClient();
  let copies: CompareCopy[] = [];
  let main: CopySummary = { name: '', accuracy: null, metrics: null, state: 'done', message: '' };
  let mainFor: ProcessedNetwork | null = null;
  let mainLabel: Mesh | null = null;
  let mainSource = '';
  let builtWith = '';
  let message = '';
  let generation = 0;
  const digitsUrl = () => new URL(ctx.digitsUrl, location.href).toString();
  /** Rows top to bottom as drawn: copies above the main network, the main one, copies below. */
  const rows = (): CopySummary[] => [...copies.filter((c) => c.offset > 0), main, ...copies.filter((c) => c.offset < 0)].sort((a, b) => offsetOf(b) - offsetOf(a));
  const offsetOf = (r: CopySummary) => (r === main ? 0 : (r as CompareCopy).offset);
  const listeners = new Set<() => void>();
  let row = false;
  const render = () => {
    panel.render({ rows: rows(), message, active: copies.length > 0 });
    for (const fn of listeners) fn();
  };

  const drawCopies = (s: Readonly<AppState>) => {
    for (const c of copies) {
      const activations = s.input && s.look.signal !== 'importance' ? runLive(c.model, s.input.pixels).normalised : null;
      c.draw(s.configs.rendering, s.look, activations);
      c.ring(s.selected ?? -1);
    }
  };
  /** Each copy's node positions moved to where its root stands. */
  const placed = () => copies.map((c) => {
    const p = (c.network ?? c.straight).nodePositions.slice();
    const at = c.view.root.position;
    for (let i = 0; i < p.length; i += 3) { p[i] += at.x; p[i + 1] += at.y; p[i + 2] += at.z; }
    return { name: c.name, positions: p };
  });
  /** Makes the default view show every copy as well as the main network (and goes there). */
  const frameAll = () => {
    const parts3: Float32Array[] = [];
    for (const c of placed()) parts3.push(c.positions);
    const points = new Float32Array(parts3.reduce((a, p) => a + p.length, 0));
    let at = 0;
    for (const p of parts3) { points.set(p, at); at += p.length; }
    parts.camera.setCompanions(points.length ? points : null);
  };
  /** Held-out accuracy and bundle metrics of one network (a companion, or the main one). */
  const measure = async (row: CopySummary, model: CompareCopy['model'] | null, network: ProcessedNetwork, gen: number) => {
    row.state = 'measuring';
    render();
    try {
      if (model) {
        const e = await analysis.run({ model, nodeImportance: network.nodeImportance, digitsUrl: digitsUrl() }, { kind: 'errors' });
        if (e.kind === 'errors' && gen === generation) row.accuracy = e.confusion.overall;
      }
      const q = await analysis.run(null, { kind: 'quality', network });
      if (q.kind === 'quality' && gen === generation) row.metrics = q.metrics;
      if (gen === generation) row.state = 'done';
    } catch (err) {
      if (gen !== generation || isCancelled(err)) return;
      row.state = 'failed';
      row.message = (err as Error).message;
    }
    if (gen === generation) {
      drawCopies(store.get());
      labelMain();
      render();
    }
  };
  const labelMain = () => {
    const net = store.get().network;
    if (!net || !copies.length) return;
    mainLabel = copyLabel(scene, parts.view.root, net, `${main.name}${main.accuracy === null ? '' : ` · ${(main.accuracy * 100).toFixed(1)} %`}`, mainLabel);
  };
  const bundleCopy = async (c: CompareCopy, gen: number) => {
    c.state = 'bundling';
    render();
    const key = await parts.cache.keyOf(c.straight);
    let net = await parts.cache.get(key);
    if (!net) {
      net = (await parts.bundling.bundle(c.straight, { withPolylines: false })).network;
      void parts.cache.put(key, net);
    }
    if (gen !== generation) return;
    c.network = net;
    drawCopies(store.get());
    await measure(c, c.model, net, gen);
  };

  const feature: CompareFeature = {
    get active() { return copies.length > 0; },
    summary: () => rows().map((r) => ({ name: r.name, accuracy: r.accuracy, metrics: r.metrics, state: r.state, message: r.message })),
    rings: () => copies.map((c) => c.ringed),
    nodeWorldPosition: (copy, node) => copies[copy].picker.worldPosition(node).asArray(),
    pickRay(ray) {
      let best: NodeHit | null = null;
      for (const c of copies) {
        const hit = c.picker.pickRay(ray);
        if (hit && (!best || hit.distance < best.distance)) best = hit;
      }
      return best;
    },
    arrange(on) {
      row = on;
      for (const c of copies) c.place(on);
      frameAll();
      render();
    },
    placedCopies: placed,
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    async trio() {
      // Pressed again: the trio anew, not a second pair of companions.
      if (copies.length) feature.clear();
      // A network still loading (the page just opened) is waited for before deciding what to open.
      if (store.get().status === 'loading') {
        await new Promise<void>((resolve) => {
          const off = store.subscribe((s) => { if (s.status !== 'loading') { off(); resolve(); } });
        });
      }
      const source = store.get().source;
      if (!source.includes('mnist-mlp/')) {
        parts.openEmbedded('mlp');
        await new Promise<void>((resolve) => {
          const off = store.subscribe((s) => {
            if (s.network && s.source.includes('mnist-mlp/') && s.bundling.state !== 'running') { off(); resolve(); }
          });
        });
      }
      const embedded = (name: string, id: string) => ({ name, load: () => loadModelUrl(embeddedModelUrl(kEmbeddedModels.find((m) => m.id === id)!), store.get().configs, new AbortController().signal, () => undefined) });
      await feature.add([embedded('untrained', 'mlp-untrained'), embedded('L1-regularised', 'mlp-l1')]);
    },
    async add(models) {
      const net = store.get().network;
      if (!net || !store.get().model) {
        message = 'Comparing needs a model on screen (with its weights) to compare with.';
        render();
        return;
      }
      const gen = ++generation;
      mainSource = store.get().source;
      builtWith = JSON.stringify(store.get().configs.processing);
      message = '';
      main = { name: store.get().source.split('/').slice(-2, -1)[0] || store.get().source, accuracy: null, metrics: null, state: 'loading', message: '' };
      if (main.name === 'mnist-mlp') main.name = 'trained';
      const height = net.configs.processing.layer_width * (1 + kCopyGap);
      try {
        for (const m of models) {
          const loaded = await m.load();
          if (gen !== generation) return;
          const sizes = Array.from(loaded.network.layerSizes).join('-');
          const want = Array.from(net.layerSizes).join('-');
          if (sizes !== want || loaded.network.classCount !== net.classCount) throw new Error(`${m.name} has layers ${sizes}; the network on screen has ${want}: only networks of the same architecture can be compared`);
          // Above the main network first, then below it, alternating.
          const slot = copies.length;
          const offset = (slot % 2 === 0 ? 1 : -1) * Math.ceil((slot + 1) / 2) * height;
          if (!loaded.origin.model) throw new Error(`${m.name} has no weights to compare`);
          const copy = createCompareCopy(scene, parts.view.root, m.name, loaded.origin, loaded.network, offset, parts.budget);
          copy.place(row);
          copies.push(copy);
          drawCopies(store.get());
          frameAll();
          render();
        }
        mainFor = net;
        labelMain();
        void measure(main, store.get().model, net, gen);
        for (const c of copies) await bundleCopy(c, gen);
        frameAll();
      } catch (err) {
        if (gen !== generation) return;
        message = (err as Error).message;
        render();
      }
    },
    async addFiles(files) {
      let groups: ReturnType<typeof groupModelFiles<File>>;
      try {
        groups = groupModelFiles(files);
      } catch (err) {
        message = (err as Error).message;
        render();
        return;
      }
      await feature.add(groups.map((g) => ({
        name: g.name,
        load: async () => {
          const r = await loadFiles(g.files, store.get().configs, new AbortController().signal, () => undefined);
          if (!r.origin) throw new Error(`${g.name} is a processed network without weights: compare models (ONNX, Keras, tfjs)`);
          return { network: r.network, origin: r.origin };
        },
      })));
    },
    clear() {
      generation++;
      for (const c of copies) c.dispose();
      copies = [];
      mainLabel?.material?.dispose(true, true);
      mainLabel?.dispose();
      mainLabel = null;
      message = '';
      if (analysis.pending()) analysis.cancel();
      render();
      parts.camera.setCompanions(null);
    },
    dispose() {
      feature.clear();
      unsubscribe();
      analysis.dispose();
      panel.dispose();
    },
  };
  const panel = createComparePanel(ctx.docks.right, { close: () => feature.clear() });
  let lookFor: unknown = null;
  let selectedFor: unknown = null;
  const unsubscribe = store.subscribe((s) => {
    if (!copies.length) return;
    // Another network on screen ends the comparison; a new bundling of the same one is measured again.
    if (s.source !== mainSource) { feature.clear(); return; }
    if (JSON.stringify(s.configs.processing) !== builtWith) {
      // The main network was laid out again (Apply): the copies follow with the same settings.
      builtWith = JSON.stringify(s.configs.processing);
      const gen = ++generation;
      void (async () => {
        for (const c of copies) {
          c.straight = c.origin.rebuild(s.configs);
          c.network = null;
          c.metrics = null;
          drawCopies(store.get());
        }
        frameAll();
        for (const c of copies) await bundleCopy(c, gen).catch((err: Error) => { c.state = 'failed'; c.message = err.message; render(); });
      })();
    }
    if (s.network !== mainFor && s.network && s.bundling.state === 'done') {
      mainFor = s.network;
      labelMain();
      void measure(main, s.model, s.network, generation);
    }
    const key = [s.look, s.configs.rendering, s.input];
    if (key.some((v, i) => v !== (lookFor as unknown[] | null)?.[i])) {
      lookFor = key;
      selectedFor = s.selected;
      drawCopies(s);
    } else if (s.selected !== selectedFor) {
      selectedFor = s.selected;
      for (const c of copies) c.ring(s.selected ?? -1);
    }
  });
  return feature;
}
