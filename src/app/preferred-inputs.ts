/**
 * Preferred inputs (feature visualization, issue 19) in the app: the input that excites each unit or
 * channel most — of the selected node, of a chosen plane or of every plane — computed by regularised
 * gradient ascent in an analysis worker (progress, Cancel), cached in IndexedDB by the model's weights,
 * the plane, the units, the settings and the start image. The panel shows a plane's images with their
 * honesty against the held-out digits; the preferred-input view draws every computed image as its node's
 * tile. A click or a drag (from the panel, or a tile onto the input plane) feeds one through the network.
 * Owns its panel and worker.
 */
import { layerOffsets } from '../../processing/format/processed-network';
import { buildChannelGraph } from '../../processing/graph/channel-graph';
import type { LiveModel } from '../../processing/input/live-model';
import { graphOfChain } from '../../processing/model/dense-chain';
import { graphIdentity, type ModelGraph } from '../../processing/model/model-graph';
import type { PlaneVisuals } from '../../processing/tiles/preferred-atlas';
import { kAscentDefaults } from '../../processing/visualize/ascent';
import { planeTargets } from '../../processing/visualize/targets';
import { layerOfNode } from '../scene/node-picking';
import { createPreferredPanel, type PreferredView } from '../ui/preferred-panel';
import { bindTileCarry } from '../ui/tile-carry';
import type { Camera } from '@babylonjs/core/Cameras/camera';
import type { FeatureMaps } from './feature-maps';
import type { VisualizeResult } from '../workers/analysis-protocol';
import { createAnalysisClient } from './analysis-client';
import type { Feature, FeatureContext } from './feature-context';
import { bytesOf, createKeyedStore, sha256Hex } from './idb-store';
import { isCancelled } from './model-reading';
import { joinResults, mergeVisuals } from './preferred-visuals';
import { splitUnits } from '../../processing/visualize/visualize-units';
import { kEngineChoices, type EngineChoice } from '../workers/visualize-engine';

export type PreferredScope = 'plane' | 'all' | 'selected';

export interface PreferredFeature extends Feature {
  toggle(): void;
  readonly open: boolean;
  setPlane(name: string): void;
  setFromInput(on: boolean): void;
  /** The ascent route: the worker's choice (`auto`), the CPU, or tfjs on WebGL (`?visualize=` sets the first). */
  setEngine(choice: EngineChoice): void;
  /** Shows the computed images as the network's tiles (the preferred-input view), or the feature maps again. */
  setShowOnNetwork(on: boolean): void;
  /** Computes (or takes from the cache) the chosen plane's, every plane's, or the selected node's preferred inputs. */
  run(scope?: PreferredScope): Promise<void>;
  cancel(): void;
  /** Feeds unit `unit` of the chosen plane (or of plane index `plane`) through the network. */
  feed(unit: number, plane?: number): void;
  view(): Readonly<PreferredView>;
  /** Every plane's images computed so far (by plane name). */
  visuals(): ReadonlyMap<string, PlaneVisuals>;
  /** Page coordinates of a unit's image in the panel (automation), or null. */
  cellCentre(unit: number): { x: number; y: number } | null;
}

/** Plane results kept in the browser (an MLP plane is ~100 KB, a ResNet plane a few MB). */
const kMaxCached = 40;

function graphOf(model: LiveModel): ModelGraph {
  return model.kind === 'graph' ? model.graph : graphOfChain(model.chain);
}

/** The cache key: the model's weights, the plane, the units, the ascent settings and the start image. */
function resultKey(graph: ModelGraph, plane: string, units: number[] | null, start: Float32Array | null, engine: EngineChoice): Promise<string> {
  const parts: Uint8Array[] = [new TextEncoder().encode(JSON.stringify({ v: 3, plane, units, engine, settings: kAscentDefaults, start: start ? start.length : 0 }))];
  parts.push(...graphIdentity(graph));
  if (start) parts.push(bytesOf(start));
  return sha256Hex(parts);
}

/** What the feature needs of the main view: its tiles, its camera and node selection (for carrying tiles). */
export interface PreferredParts { maps: FeatureMaps; camera: () => Camera; select(node: number | null): void }

/** `?visualize=auto|cpu|gpu`: the ascent route (the worker decides for `auto`); an unknown value says so and takes `auto`. */
function engineParam(): { engine: EngineChoice; error: string } {
  const value = new URLSearchParams(location.search).get('visualize');
  if (value === null || (kEngineChoices as readonly string[]).includes(value)) return { engine: (value ?? 'auto') as EngineChoice, error: '' };
  return { engine: 'auto', error: `unknown visualize route '${value}' in the URL (use ?visualize=auto, cpu or gpu); choosing automatically` };
}

/** Creates the feature (panel hidden until toggled). */
export function createPreferredInputs(ctx: FeatureContext, parts: PreferredParts): PreferredFeature {
  const { store } = ctx;
  // Workers that climb a plane's units side by side: one per core but one, which the page keeps for drawing
  // (measured on this project's 2-core machine with software rendering: a second worker there made LeNet's
  // planes no faster), at most 3 (each holds the model and the held-out digits).
  const clients = Array.from({ length: Math.max(1, Math.min(3, (navigator.hardwareConcurrency || 2) - 1)) }, () => createAnalysisClient());
  const cache = createKeyedStore<VisualizeResult>('visualized', kMaxCached, 'preferred-input cache');
  const view: PreferredView = { engine: 'auto', open: false, planes: [], plane: '', fromInput: false, hasInput: false, selectedUnit: null, showOnNetwork: true, job: null, unavailable: '', message: '', visuals: null, cached: false };
  const visuals = new Map<string, PlaneVisuals>();
  const param = engineParam();
  view.engine = param.engine;
  let model: LiveModel | null = null;
  let graph: ModelGraph | null = null;
  const render = () => panel.render(view);
  const publish = () => {
    view.visuals = visuals.get(view.plane) ?? null;
    const on = view.showOnNetwork && visuals.size > 0;
    const current = store.get().preferredTiles;
    if (on || current) store.set({ preferredTiles: on ? { planes: [...visuals.values()] } : null });
    render();
  };

  /**
   * One plane's `units` (null: all) from the cache, or from the workers side by side (each climbs a chunk;
   * a chunk's images show as soon as it lands); merges them. False when the model changed meanwhile.
   */
  const computeOne = async (plane: string, units: number[] | null, start: Float32Array | null, label: string): Promise<boolean> => {
    const s = store.get();
    const forModel = model!;
    const engine = view.engine as EngineChoice;
    const key = await resultKey(graph!, plane, units, start, engine);
    const hit = await cache.get(key);
    if (forModel !== model) return false;
    if (hit) {
      view.cached = true;
      visuals.set(plane, mergeVisuals(visuals.get(plane) ?? null, hit));
      publish();
      return true;
    }
    const count = view.planes.find((p) => p.name === plane)?.units ?? 0;
    const chunks = splitUnits(units ?? Array.from({ length: count }, (_, u) => u), clients.length);
    const setup = { model: forModel, nodeImportance: s.network!.nodeImportance, digitsUrl: new URL(ctx.digitsUrl, location.href).toString() };
    const done = chunks.map(() => 0);
    const total = chunks.map(() => 0);
    view.cached = false;
    try {
      const parts = await Promise.all(chunks.map(async (chunk, k) => {
        const r = await clients[k].run(setup, { kind: 'visualize', plane, start, units: chunk, engine }, (d, t) => {
          done[k] = d;
          total[k] = t;
          view.job = { done: done.reduce((a, b) => a + b, 0), total: total.reduce((a, b) => a + b, 0), label };
          render();
        });
        if (forModel !== model || r.kind !== 'visualize') throw new DOMException('the model changed', 'AbortError');
        visuals.set(plane, mergeVisuals(visuals.get(plane) ?? null, r));
        publish();
        return r;
      }));
      const whole = joinResults(parts);
      visuals.set(plane, mergeVisuals(visuals.get(plane) ?? null, whole));
      publish();
      void cache.put(key, whole);
      return true;
    } catch (err) {
      // One chunk failed or was cancelled: the others stop too.
      for (const c of clients) if (c.pending()) c.cancel();
      if (forModel !== model) return false;
      throw err;
    }
  };

  const feature: PreferredFeature = {
    get open() { return view.open; },
    toggle() {
      view.open = !view.open;
      render();
    },
    setPlane(name) {
      view.plane = name;
      view.visuals = visuals.get(name) ?? null;
      render();
    },
    setFromInput(on) {
      view.fromInput = on && view.hasInput;
      render();
    },
    setEngine(choice) {
      if (!(kEngineChoices as readonly string[]).includes(choice)) throw new Error(`no visualization route '${choice}' (use ${kEngineChoices.join(', ')})`);
      view.engine = choice;
      render();
    },
    setShowOnNetwork(on) {
      view.showOnNetwork = on;
      publish();
    },
    async run(scope = 'plane') {
      const s = store.get();
      if (view.unavailable || !model || !graph || !s.network || view.job) return;
      const forModel = model;
      const start = view.fromInput && s.input ? Float32Array.from(s.input.pixels) : null;
      const selected = view.selectedUnit;
      if (scope === 'selected' && !selected) return;
      const jobs: { plane: string; units: number[] | null }[] = scope === 'all' ? view.planes.map((p) => ({ plane: p.name, units: null }))
        : scope === 'selected' ? [{ plane: selected!.plane, units: [selected!.unit] }] : [{ plane: view.plane, units: null }];
      if (scope === 'selected') view.plane = selected!.plane;
      view.message = param.error;
      view.job = { done: 0, total: 0, label: '' };
      render();
      try {
        for (const [k, j] of jobs.entries()) {
          const label = jobs.length > 1 ? `${j.plane} (${k + 1} of ${jobs.length})` : j.plane;
          if (!(await computeOne(j.plane, j.units, start, label))) return;
        }
      } catch (err) {
        if (!isCancelled(err) && forModel === model) view.message = `Preferred inputs failed: ${(err as Error).message}`;
      } finally {
        if (forModel === model) view.job = null;
        render();
      }
    },
    cancel() {
      if (!clients.some((c) => c.pending())) return;
      for (const c of clients) c.cancel();
      view.job = null;
      render();
    },
    feed(unit, plane) {
      const v = plane === undefined ? visuals.get(view.plane) : [...visuals.values()].find((x) => x.plane === plane);
      if (!v || !(unit >= 0 && unit < v.unitCount) || !v.have[unit]) return;
      const n = v.shape.h * v.shape.w * v.shape.c;
      ctx.live.fromValues(v.images.slice(unit * n, (unit + 1) * n), `preferred input of ${v.name} · ${unit}`);
    },
    view: () => view,
    visuals: () => visuals,
    cellCentre: (unit) => panel.cellCentre(unit),
    dispose() {
      unsubscribe();
      unbindCarry();
      for (const c of clients) c.dispose();
      panel.dispose();
    },
  };
  const panel = createPreferredPanel(ctx.docks.right, {
    setPlane: (name) => feature.setPlane(name),
    setFromInput: (on) => feature.setFromInput(on),
    setShowOnNetwork: (on) => feature.setShowOnNetwork(on),
    setEngine: (choice) => feature.setEngine(choice as EngineChoice),
    run: (scope) => { void feature.run(scope); },
    cancel: () => feature.cancel(),
    feed: (u) => feature.feed(u),
    // Let go over the scene (the network), the image goes into the network; anywhere else, nowhere.
    dropAt: (u, x, y) => { if (document.elementFromPoint(x, y) === ctx.scene.getEngine().getRenderingCanvas()) feature.feed(u); },
    close: () => feature.toggle(),
  });
  const unbindCarry = bindTileCarry(ctx.scene, parts.camera, parts.maps, {
    visualsOf: (plane) => [...visuals.values()].find((v) => v.plane === plane),
    feed: (plane, unit) => feature.feed(unit, plane),
    select: (node) => parts.select(node),
  });
  const unsubscribe = store.subscribe((s) => {
    if (s.model !== model) {
      for (const c of clients) if (c.pending()) c.cancel();
      model = s.model;
      graph = model ? graphOf(model) : null;
      let targets: ReturnType<typeof planeTargets> = [];
      try {
        targets = graph ? planeTargets(graph, model!.kind === 'graph' ? model!.channels : buildChannelGraph(graph)) : [];
      } catch {
        targets = [];
      }
      view.planes = targets.map((t) => ({ name: t.name, index: t.plane, units: t.units, spatial: t.spatial }));
      view.plane = view.planes.at(-1)?.name ?? '';
      visuals.clear();
      Object.assign(view, { job: null, message: '', visuals: null, cached: false });
      if (s.preferredTiles) store.set({ preferredTiles: null });
    }
    view.hasInput = Boolean(s.input);
    if (!view.hasInput) view.fromInput = false;
    view.selectedUnit = selectedUnit(s.selected, s.network?.layerSizes ?? null, view.planes);
    view.unavailable = !s.model ? 'Preferred inputs need the model\'s weights: load a model, not a random network or a .nnwalk file.' : !view.planes.length ? 'This model has no plane to visualize.' : '';
    if (view.open) render();
  });
  return feature;
}

/** The selected node as a plane name and unit, when it lies on a plane that can be visualized. */
function selectedUnit(node: number | null, sizes: Uint32Array | null, planes: PreferredView['planes']): PreferredView['selectedUnit'] {
  if (node === null || !sizes) return null;
  const offsets = layerOffsets(sizes);
  const layer = layerOfNode(offsets, node);
  const plane = planes.find((p) => p.index === layer);
  return plane && sizes[layer] === plane.units ? { plane: plane.name, unit: node - offsets[layer] } : null;
}
