/**
 * Preferred inputs (feature visualization, issue 19) in the app: the input that excites each unit or
 * channel of a chosen plane most, computed by regularised gradient ascent in an analysis worker (progress,
 * Cancel), cached in IndexedDB by the model's weights, the plane, the settings and the start image. The
 * panel shows them with their honesty against the held-out digits; a click or a drag onto the network
 * feeds one through it. Owns its panel and worker.
 */
import { buildChannelGraph } from '../../processing/graph/channel-graph';
import type { LiveModel } from '../../processing/input/live-model';
import { graphOfChain } from '../../processing/model/dense-chain';
import { graphIdentity, type ModelGraph } from '../../processing/model/model-graph';
import { kAscentDefaults } from '../../processing/visualize/ascent';
import { planeTargets } from '../../processing/visualize/targets';
import { createPreferredPanel, type PreferredView } from '../ui/preferred-panel';
import type { VisualizeResult } from '../workers/analysis-protocol';
import { createAnalysisClient } from './analysis-client';
import type { Feature, FeatureContext } from './feature-context';
import { bytesOf, createKeyedStore, sha256Hex } from './idb-store';
import { isCancelled } from './model-reading';

export interface PreferredFeature extends Feature {
  toggle(): void;
  readonly open: boolean;
  setPlane(name: string): void;
  setFromInput(on: boolean): void;
  /** Computes (or takes from the cache) the chosen plane's preferred inputs. */
  run(): Promise<void>;
  cancel(): void;
  /** Feeds unit `unit`'s preferred input through the network. */
  feed(unit: number): void;
  view(): Readonly<PreferredView>;
  /** Page coordinates of a unit's image in the panel (automation), or null. */
  cellCentre(unit: number): { x: number; y: number } | null;
}

/** Plane results kept in the browser (an MLP plane is ~100 KB, a ResNet plane a few MB). */
const kMaxCached = 40;

function graphOf(model: LiveModel): ModelGraph {
  return model.kind === 'graph' ? model.graph : graphOfChain(model.chain);
}

/** The cache key: the model's weights, the plane, the ascent settings and the start image. */
function resultKey(graph: ModelGraph, plane: string, start: Float32Array | null): Promise<string> {
  const parts: Uint8Array[] = [new TextEncoder().encode(JSON.stringify({ v: 1, plane, settings: kAscentDefaults, start: start ? start.length : 0 }))];
  parts.push(...graphIdentity(graph));
  if (start) parts.push(bytesOf(start));
  return sha256Hex(parts);
}

/** Creates the feature (panel hidden until toggled). */
export function createPreferredInputs(ctx: FeatureContext): PreferredFeature {
  const { store } = ctx;
  const client = createAnalysisClient();
  const cache = createKeyedStore<VisualizeResult>('visualized', kMaxCached, 'preferred-input cache');
  const view: PreferredView = { open: false, planes: [], plane: '', fromInput: false, hasInput: false, job: null, unavailable: '', message: '', result: null, cached: false };
  let model: LiveModel | null = null;
  let graph: ModelGraph | null = null;
  const render = () => panel.render(view);

  const feature: PreferredFeature = {
    get open() { return view.open; },
    toggle() {
      view.open = !view.open;
      render();
    },
    setPlane(name) {
      view.plane = name;
      view.result = null;
      render();
    },
    setFromInput(on) {
      view.fromInput = on && view.hasInput;
      view.result = null;
      render();
    },
    async run() {
      const s = store.get();
      if (view.unavailable || !model || !graph || !s.network) return;
      const forModel = model;
      const start = view.fromInput && s.input ? Float32Array.from(s.input.pixels) : null;
      view.message = '';
      view.job = { done: 0, total: 0 };
      render();
      try {
        const key = await resultKey(graph, view.plane, start);
        const hit = await cache.get(key);
        if (forModel !== model) return;
        if (hit) {
          Object.assign(view, { result: hit, cached: true });
          return;
        }
        const setup = { model: forModel, nodeImportance: s.network.nodeImportance, digitsUrl: new URL(ctx.digitsUrl, location.href).toString() };
        const r = await client.run(setup, { kind: 'visualize', plane: view.plane, start }, (done, total) => {
          view.job = { done, total };
          render();
        });
        if (forModel !== model || r.kind !== 'visualize') return;
        Object.assign(view, { result: r, cached: false });
        void cache.put(key, r);
      } catch (err) {
        if (!isCancelled(err) && forModel === model) view.message = `Preferred inputs failed: ${(err as Error).message}`;
      } finally {
        if (forModel === model) view.job = null;
        render();
      }
    },
    cancel() {
      if (!client.pending()) return;
      client.cancel();
      view.job = null;
      render();
    },
    feed(unit) {
      const r = view.result;
      if (!r || unit < 0 || unit >= r.reached.length) return;
      const n = r.shape.h * r.shape.w * r.shape.c;
      ctx.live.fromValues(r.images.slice(unit * n, (unit + 1) * n), `preferred input of ${r.plane} · ${unit}`);
    },
    view: () => view,
    cellCentre: (unit) => panel.cellCentre(unit),
    dispose() {
      unsubscribe();
      client.dispose();
      panel.dispose();
    },
  };
  const panel = createPreferredPanel(ctx.docks.right, {
    setPlane: (name) => feature.setPlane(name),
    setFromInput: (on) => feature.setFromInput(on),
    run: () => { void feature.run(); },
    cancel: () => feature.cancel(),
    feed: (u) => feature.feed(u),
    // Let go over the scene (the network), the image goes into the network; anywhere else, nowhere.
    dropAt: (u, x, y) => { if (document.elementFromPoint(x, y) === ctx.scene.getEngine().getRenderingCanvas()) feature.feed(u); },
    close: () => feature.toggle(),
  });
  const unsubscribe = store.subscribe((s) => {
    if (s.model !== model) {
      if (client.pending()) client.cancel();
      model = s.model;
      graph = model ? graphOf(model) : null;
      let targets: ReturnType<typeof planeTargets> = [];
      try {
        targets = graph ? planeTargets(graph, model!.kind === 'graph' ? model!.channels : buildChannelGraph(graph)) : [];
      } catch {
        targets = [];
      }
      view.planes = targets.map((t) => ({ name: t.name, units: t.units, spatial: t.spatial }));
      view.plane = view.planes.at(-1)?.name ?? '';
      Object.assign(view, { job: null, message: '', result: null, cached: false });
    }
    view.hasInput = Boolean(s.input);
    if (!view.hasInput) view.fromInput = false;
    view.unavailable = !s.model ? 'Preferred inputs need the model\'s weights: load a model, not a random network or a .nnwalk file.' : !view.planes.length ? 'This model has no plane to visualize.' : '';
    if (view.open) render();
  });
  return feature;
}
