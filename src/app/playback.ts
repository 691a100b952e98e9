/**
 * Training playback: the snapshots of a training run (a manifest `epochs.json` beside the model: `npm run
 * train-default` writes them for the embedded MLPs, `nnwalk snapshots` for any run) shown epoch by epoch.
 * Each epoch is read, given its importance and layout like any loaded model, and bundled through the app's
 * bundler (the bundle cache keeps every epoch once computed); the camera stays put. Play steps on when an
 * epoch's bundles are on screen.
 */
import type { ProcessedNetwork } from '../../processing/format/processed-network';
import { kSnapshotsFile, parseSnapshotManifest } from '../../processing/train/snapshots';
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
}

/** Least time an epoch stays on screen while playing. */
const kDwellMs = 700;

/** The manifest URL for a model URL: `epochs/epochs.json` in its folder. */
export function manifestUrlOf(modelUrl: string): string {
  return new URL(`epochs/${kSnapshotsFile}`, new URL(modelUrl, location.href)).toString();
}

/** Creates the (closed) feature; `show` puts a loaded epoch on screen as the current network (camera kept). */
export function createPlayback(ctx: FeatureContext, show: (network: ProcessedNetwork, source: string, origin: NetworkOrigin) => void, modelUrl: () => string, manifestParam: string | null): PlaybackFeature {
  const { store } = ctx;
  const view: PlaybackView = { open: false, epochs: [], at: 0, playing: false, status: '', message: '' };
  let manifestUrl = '';
  let job = 0;
  let timer = 0;
  const render = () => panel.render(view);

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
      view.status = `reading epoch ${e.epoch}…`;
      render();
      try {
        const url = new URL(e.model, manifestUrl).toString();
        const loaded = await loadModelUrl(url, store.get().configs, new AbortController().signal, () => undefined);
        if (mine !== job) return;
        view.status = `epoch ${e.epoch}: bundling…`;
        render();
        show(loaded.network, url.split('/').slice(-3).join('/'), loaded.origin);
        await new Promise<void>((resolve) => {
          const settled = () => store.get().bundling.state !== 'running';
          if (settled()) { resolve(); return; }
          const off = store.subscribe(() => { if (settled()) { off(); resolve(); } });
        });
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
    dispose() {
      feature.play(false);
      panel.dispose();
    },
  };
  const panel = createPlaybackPanel(ctx.docks.right, {
    setEpoch: (i) => { feature.play(false); void feature.setEpoch(i); },
    step: (by) => { feature.play(false); feature.step(by); },
    play: (on) => feature.play(on),
    close: () => feature.toggle(),
  });
  return feature;
}
