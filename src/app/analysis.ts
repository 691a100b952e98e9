/**
 * The analysis feature: evaluates the loaded model on the held-out digits in a worker (confusion matrix,
 * per-class accuracy, the chord diagram of its errors), lists a ribbon's digits and feeds a picked one
 * through the network, colours by a clicked class, and prunes the shown network live with the held-out
 * accuracy at the slider's fraction and the pruning curves. Owns its panel, worker and automation handle.
 */
import { samplesOf, errorRows } from '../../processing/analysis/confusion';
import { prunedPicture, prunePlan, type PrunePlan } from '../../processing/analysis/app-pruning';
import { fractionsUpTo } from '../../processing/evaluate/pruning-curves';
import { liveInputSize, type LiveModel } from '../../processing/input/live-model';
import { classPalette } from '../scene/palette';
import { createAnalysisPanel } from '../ui/analysis/analysis-panel';
import type { AnalysisTab, AnalysisView } from '../ui/analysis/analysis-state';
import { chordLayout } from '../ui/analysis/chord-layout';
import { kChordSize } from '../ui/analysis/errors-section';
import type { AnalysisJob, AnalysisResult, AnalysisSetup } from '../workers/analysis-protocol';
import { createAnalysisClient } from './analysis-client';
import type { Feature, FeatureContext } from './feature-context';
import { isCancelled } from './model-reading';
import type { AppState } from './store';

export interface AnalysisFeature extends Feature {
  toggle(): void;
  readonly open: boolean;
  /** Stops the running job (Esc). */
  cancel(): void;
  evaluate(): Promise<void>;
  pickRibbon(t: number, p: number): void;
  /** Class k colouring on (off again when it already is). */
  colourClass(k: number): void;
  /** Calls `fn` whenever what the panel shows changes (the headset's panel follows); returns the unsubscribe. */
  subscribe(fn: (view: Readonly<AnalysisView>) => void): () => void;
  setFraction(fraction: number): void;
  computeCurves(): Promise<void>;
  view(): Readonly<AnalysisView>;
  /** Page coordinates of a point on the ribbon true → predicted in the panel's diagram (automation), or null. */
  ribbonPoint(t: number, p: number): { x: number; y: number } | null;
}

/** Held-out digits behind a graph's curves and slider (a forward pass per point: `nnwalk evaluate` uses 500 too). */
const kGraphSamples = 500;

/** Why `s`'s network cannot be evaluated on the built-in digits ('' when it can). */
function unavailable(s: Readonly<AppState>): string {
  if (!s.network) return 'No network is loaded.';
  if (!s.model) return 'Evaluation needs the model\'s weights: load a model, not a random network or a .nnwalk file.';
  const n = liveInputSize(s.model);
  const C = s.model.kind === 'chain' ? s.model.chain.classCount : s.model.graph.classCount;
  if (n !== 784 || C !== 10) return `The built-in held-out digits are 28 × 28 with 10 classes; this model takes ${n} values and has ${C} classes.`;
  return '';
}

/** Creates the feature (panel hidden until toggled). */
export function createAnalysis(ctx: FeatureContext): AnalysisFeature {
  const { store } = ctx;
  const client = createAnalysisClient();
  const view: AnalysisView = {
    open: false, tab: 'errors', unavailable: '', job: null, message: '', classNames: [], palette: new Float32Array(0),
    errors: null, ribbon: null, colourClass: null, pruning: { fraction: 0, accuracy: null, curves: null },
  };
  let model: LiveModel | null = null;
  let setup: AnalysisSetup | null = null;
  let plan: PrunePlan | null = null;
  const listeners = new Set<(v: Readonly<AnalysisView>) => void>();
  const render = () => {
    panel.render(view);
    for (const fn of listeners) fn(view);
  };
  const setupFor = (): AnalysisSetup => {
    const s = store.get();
    if (view.unavailable) throw new Error(view.unavailable);
    setup ??= { model: s.model!, nodeImportance: s.network!.nodeImportance, digitsUrl: new URL(ctx.digitsUrl, location.href).toString() };
    return setup;
  };
  const planFor = (): PrunePlan => {
    plan ??= prunePlan(setupFor().model, setupFor().nodeImportance);
    return plan;
  };
  /** Runs a job with the progress line; a cancel or a newer model ends it quietly. */
  const runJob = async (job: AnalysisJob, what: string): Promise<AnalysisResult | null> => {
    const forModel = model;
    view.job = { what, done: 0, total: 0 };
    view.message = '';
    render();
    try {
      const result = await client.run(setupFor(), job, (done, total) => {
        if (view.job) view.job = { what, done, total };
        render();
      });
      return forModel === model ? result : null;
    } catch (err) {
      if (!isCancelled(err) && forModel === model) view.message = `${what} failed: ${(err as Error).message}`;
      return null;
    } finally {
      if (forModel === model) view.job = null;
      render();
    }
  };
  // The slider asks often; only the newest fraction waiting is computed next.
  let accuracyBusy = false;
  let accuracyWanted: number | null = null;
  const nextAccuracy = () => {
    if (accuracyBusy || accuracyWanted === null || view.unavailable) return;
    const fraction = accuracyWanted;
    accuracyWanted = null;
    accuracyBusy = true;
    const forModel = model;
    client.run(setupFor(), { kind: 'accuracy', fraction, samples: samplesFor() }).then((r) => {
      if (forModel === model && r.kind === 'accuracy') view.pruning.accuracy = r;
    }, (err: unknown) => {
      if (!isCancelled(err) && forModel === model) view.message = `Pruned accuracy failed: ${(err as Error).message}`;
    }).finally(() => {
      accuracyBusy = false;
      render();
      nextAccuracy();
    });
  };
  const samplesFor = () => (model?.kind === 'graph' ? kGraphSamples : Infinity);
  const showPruned = () => {
    const net = store.get().network;
    const on = view.open && view.pruning.fraction > 0 && net && !view.unavailable;
    ctx.setLook({ pruned: on ? prunedPicture(net, model!, planFor(), view.pruning.fraction) : null });
  };
  const feature: AnalysisFeature = {
    get open() { return view.open; },
    toggle() {
      view.open = !view.open;
      render();
      if (view.pruning.fraction > 0) showPruned();
    },
    cancel() {
      if (!client.pending()) return;
      client.cancel();
      accuracyBusy = false;
      view.job = null;
      render();
    },
    async evaluate() {
      const r = await runJob({ kind: 'errors' }, 'Evaluating');
      if (r?.kind !== 'errors') return;
      view.errors = { result: r, chord: chordLayout(errorRows(r.confusion), kChordSize / 2 - 4) };
      view.ribbon = null;
      render();
    },
    pickRibbon(t, p) {
      const e = view.errors?.result;
      if (!e) return;
      view.ribbon = view.ribbon?.t === t && view.ribbon.p === p ? null : { t, p, samples: samplesOf(e.labels, e.predicted, t, p) };
      render();
    },
    colourClass(k) {
      const on = store.get().look.colorMode;
      ctx.setLook({ colorMode: on.kind === 'class' && on.k === k ? { kind: 'all' } : { kind: 'class', k } });
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    setFraction(fraction) {
      view.pruning.fraction = Math.min(Math.max(fraction, 0), 0.95);
      render();
      try {
        showPruned();
        accuracyWanted = view.pruning.fraction;
        nextAccuracy();
      } catch (err) {
        view.message = `Pruning failed: ${(err as Error).message}`;
        render();
      }
    },
    async computeCurves() {
      const graph = model?.kind === 'graph';
      const job: AnalysisJob = { kind: 'curves', fractions: fractionsUpTo(0.95, graph ? 0.1 : 0.05), seeds: graph ? 3 : 5, samples: samplesFor() };
      const r = await runJob(job, 'Pruning curves');
      if (r?.kind === 'curves') view.pruning.curves = r;
      render();
    },
    view: () => view,
    ribbonPoint(t, p) {
      const at = panel.errors.ribbonPoint(t, p);
      const canvas = panel.errors.element.querySelector('canvas');
      if (!at || !canvas) return null;
      const r = canvas.getBoundingClientRect();
      return { x: r.left + at.x * (r.width / canvas.width), y: r.top + at.y * (r.height / canvas.height) };
    },
    dispose() {
      unsubscribe();
      client.dispose();
      panel.dispose();
    },
  };
  const panel = createAnalysisPanel(ctx.docks.right, {
    evaluate: () => { void feature.evaluate(); },
    cancel: () => feature.cancel(),
    close: () => feature.toggle(),
    setTab: (tab: AnalysisTab) => { view.tab = tab; render(); },
    pickRibbon: (t, p) => feature.pickRibbon(t, p),
    feedDigit: (i) => ctx.live.fromDigit(i),
    colourClass: (k) => feature.colourClass(k),
    setFraction: (f) => feature.setFraction(f),
    computeCurves: () => { void feature.computeCurves(); },
    digits: () => ctx.live.digits(),
  });
  let edgesFor: unknown = null;
  const unsubscribe = store.subscribe((s) => {
    if (s.model !== model) {
      // Another model: its results, plan and worker copy are gone.
      if (client.pending()) client.cancel();
      accuracyBusy = false;
      accuracyWanted = null;
      model = s.model;
      setup = null;
      plan = null;
      Object.assign(view, { job: null, message: '', errors: null, ribbon: null, pruning: { fraction: 0, accuracy: null, curves: null } });
    }
    view.unavailable = unavailable(s);
    view.classNames = s.network?.classNames ?? [];
    if (view.palette.length !== (s.network?.classCount ?? 0) * 3) view.palette = classPalette(s.network?.classCount ?? 0);
    const mode = s.look.colorMode;
    view.colourClass = mode.kind === 'class' ? mode.k : null;
    // New polylines of the same model (bundling): the pruned picture follows them.
    if (s.network?.edgeSource !== edgesFor) {
      edgesFor = s.network?.edgeSource;
      if (view.pruning.fraction > 0 && s.look.pruned) queueMicrotask(showPruned);
    }
    if (view.open || listeners.size) render();
  });
  return feature;
}
