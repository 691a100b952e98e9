/**
 * Training playback: the snapshots of a training run (a manifest `epochs.json` beside the model: `npm run
 * train-default` writes them for the embedded MLPs, `nnwalk snapshots` for any run) shown epoch by epoch.
 * Each epoch is read, given its importance and layout like any loaded model, and bundled through the app's
 * bundler (the bundle cache keeps every epoch once computed): a step to the next or previous epoch starts
 * from the picture on screen (warm start, processing/bundling/warm.ts), so nodes and strands move on
 * instead of being rearranged; a jump bundles from scratch. The picture then morphs from the old epoch to
 * the new one (processing/network/morph.ts); the camera stays put. Play steps on when an epoch is on screen.
 */
import type { ProcessedNetwork } from '../../processing/format/processed-network';
import { kSnapshotsFile, parseSnapshotManifest } from '../../processing/train/snapshots';
import { createMorph } from '../../processing/network/morph';
import { createPlaybackPanel, type PlaybackView } from '../ui/playback-panel';
import type { NetworkOrigin } from './bundling-controller';
import type { Feature, FeatureContext } from './feature-context';
import { loadModelUrl } from './load-network';
import { isCancelled } from './model-reading';

export interface PlaybackFeature extends Feature {
  toggle(): void;
  readonly open: boolean;
  /** Shows snapshot `index` of the manifest (resolves once it is on screen, bundled or straight). */
  setEpoch(index: number): Promise<void>;
  step(by: number): void;
  play(on: boolean): void;
  view(): Readonly<PlaybackView>;
  /** Reads the snapshots' manifest of the network on screen (the panel does it when it opens). */
  load(): Promise<void>;
  /** Warm-starts steps to the adjacent epoch from the picture on screen (default on). */
  setWarm(on: boolean): void;
}

/** What playback needs of the app besides the context. */
export interface PlaybackParts {
  /** Puts a loaded (bundled) epoch on screen as the current network, camera kept. */
  show(network: ProcessedNetwork, source: string, origin: NetworkOrigin): void;
  /**
   * Bundles an epoch without drawing it (cache, else a worker job), warm-started from `warmFrom` if given
   * (null: superseded or failed), or hands it back straight where the app shows networks straight.
   */
  prepare(straight: ProcessedNetwork, origin: NetworkOrigin, warmFrom?: ProcessedNetwork): Promise<ProcessedNetwork | null>;
  /** Draws one frame of the morph (not made the current network). */
  drawFrame(network: ProcessedNetwork): void;
  modelUrl(): string;
  /** `?epochs=` (a snapshot manifest URL), or null. */
  manifestParam: string | null;
}

/** Least time an epoch stays on screen while playing. */
const kDwellMs = 700;
/** How long the picture takes to morph from one epoch to the next. */
const kMorphMs = 900;

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
const ease = (t: number) => t * t * (3 - 2 * t);

/** The manifest URL for a model URL: `epochs/epochs.json` in its folder. */
export function manifestUrlOf(modelUrl: string): string {
  return new URL(`epochs/${kSnapshotsFile}`, new URL(modelUrl, location.href)).toString();
}

/** Creates the (closed) feature; `show` puts a loaded epoch on screen as the current network (camera kept). */
export function createPlayback(ctx: FeatureContext, parts: PlaybackParts): PlaybackFeature {
  const { store } = ctx;
  const { manifestParam, modelUrl } = parts;
  const view: PlaybackView = { open: false, epochs: [], at: 0, playing: false, status: '', message: '', warm: true, morphFrames: 0, morphFrameMs: 0 };
  let manifestUrl = '';
  let job = 0;
  let timer = 0;
  // The epoch whose picture is on screen, and that picture (another load replaces the store's network).
  let shown: { at: number; network: ProcessedNetwork } | null = null;
  const render = () => panel.render(view);

  /** Morphs the screen from `from` to `to`; false when a newer request took over. */
  const morph = async (from: ProcessedNetwork, to: ProcessedNetwork, mine: number): Promise<boolean> => {
    let m;
    try {
      m = createMorph(from, to);
    } catch {
      return true; // another architecture on screen: the new picture simply replaces it
    }
    view.morphFrames = 0;
    view.morphFrameMs = 0;
    const t0 = performance.now();
    for (;;) {
      await nextFrame();
      if (mine !== job) return false;
      let t = (performance.now() - t0) / kMorphMs;
      // A machine too slow to draw within the morph still shows the picture half-way, once.
      if (t >= 1 && view.morphFrames === 0) t = 0.5;
      else if (t >= 1) return true;
      const t1 = performance.now();
      parts.drawFrame(m.frame(ease(t)));
      view.morphFrameMs += (performance.now() - t1 - view.morphFrameMs) / ++view.morphFrames;
    }
  };

  const loadManifest = async () => {
    const url = manifestParam ? new URL(manifestParam, location.href).toString() : manifestUrlOf(modelUrl());
    if (url === manifestUrl && view.epochs.length) return;
    view.message = '';
    view.status = 'reading the snapshots…';
    render();
    try {
      const r = await fetch(url);
      if (r.status === 404 || (r.headers.get('content-type') ?? '').includes('text/html')) throw new Error(`this network has no training snapshots (${url.split('/').slice(-3).join('/')}): write them with \`npm run train-default\` (embedded MLPs) or \`nnwalk snapshots\``);
      if (!r.ok) throw new Error(`could not fetch ${url}: the server answered ${r.status}`);
      const manifest = parseSnapshotManifest(await r.text(), url.split('/').pop() ?? url);
      manifestUrl = url;
      view.epochs = manifest.epochs;
      view.at = view.epochs.length - 1;
      view.status = '';
      // Opened on the model whose last snapshot this is: its picture counts as that epoch's.
      const net = store.get().network;
      shown = net ? { at: view.at, network: net } : null;
    } catch (err) {
      view.epochs = [];
      view.status = '';
      view.message = (err as Error).message;
    }
    render();
  };

  const feature: PlaybackFeature = {
    get open() { return view.open; },
    toggle() {
      view.open = !view.open;
      if (!view.open) feature.play(false);
      render();
      if (view.open) void loadManifest();
    },
    async setEpoch(index) {
      if (!view.epochs.length) return;
      const at = Math.min(Math.max(Math.round(index), 0), view.epochs.length - 1);
      const mine = ++job;
      view.at = at;
      const e = view.epochs[at];
      view.message = '';
      view.status = `reading epoch ${e.epoch}…`;
      render();
      try {
        const url = new URL(e.model, manifestUrl).toString();
        const loaded = await loadModelUrl(url, store.get().configs, new AbortController().signal, () => undefined);
        if (mine !== job) return;
        const before = shown && store.get().network === shown.network ? shown : null;
        const warmFrom = view.warm && before?.network.stats.bundled && Math.abs(before.at - at) === 1 ? before.network : undefined;
        view.status = `epoch ${e.epoch}: bundling${warmFrom ? ` from epoch ${view.epochs[before!.at].epoch}'s picture` : ''}…`;
        render();
        const bundled = await parts.prepare(loaded.network, loaded.origin, warmFrom);
        if (mine !== job) return;
        if (!bundled) throw new Error('bundling did not finish (see the status line)');
        const current = store.get().network;
        if (current && current.polylineOffsets.length === current.edgeSource.length + 1 && !(await morph(current, bundled, mine))) return;
        parts.show(bundled, url.split('/').slice(-3).join('/'), loaded.origin);
        shown = { at, network: bundled };
        if (mine === job) view.status = '';
      } catch (err) {
        if (mine === job && !isCancelled(err)) { view.status = ''; view.message = `Epoch ${e.epoch}: ${(err as Error).message}`; feature.play(false); }
      }
      render();
    },
    step(by) {
      void feature.setEpoch(view.at + by);
    },
    play(on) {
      view.playing = on && view.epochs.length > 1;
      window.clearTimeout(timer);
      render();
      if (!view.playing) return;
      // From the end, play starts over at the first epoch.
      const next = async (index: number) => {
        const t0 = performance.now();
        await feature.setEpoch(index);
        if (!view.playing) return;
        if (index >= view.epochs.length - 1) { feature.play(false); return; }
        timer = window.setTimeout(() => { void next(index + 1); }, Math.max(0, kDwellMs - (performance.now() - t0)));
      };
      void next(view.at >= view.epochs.length - 1 ? 0 : view.at + 1);
    },
    view: () => view,
    load: loadManifest,
    setWarm(on) {
      view.warm = on;
      render();
    },
    dispose() {
      feature.play(false);
      panel.dispose();
    },
  };
  const panel = createPlaybackPanel(ctx.docks.right, {
    setEpoch: (i) => { feature.play(false); void feature.setEpoch(i); },
    step: (by) => { feature.play(false); feature.step(by); },
    play: (on) => feature.play(on),
    warm: (on) => feature.setWarm(on),
    close: () => feature.toggle(),
  });
  return feature;
}
