/**
 * The app's pluggable features — analysis (errors, pruning), compare side by side, training playback,
 * preferred inputs —
 * built from one context, so the composition root hands its parts over once. Each feature owns its
 * panel, workers and teardown.
 */
import type { CameraController } from '../scene/camera-controller';
import type { FeatureMaps } from './feature-maps';
import type { NetworkView } from '../scene/network-view';
import { createAnalysis, type AnalysisFeature } from './analysis';
import type { BundleCache } from './bundle-cache';
import { createBundlingClient } from './bundling-client';
import { createCompare, type CompareFeature } from './compare';
import type { Feature, FeatureContext } from './feature-context';
import { createPlayback, type PlaybackFeature, type PlaybackParts } from './playback';
import { createPreferredInputs, type PreferredFeature } from './preferred-inputs';

export interface AppFeatures extends Feature {
  analysis: AnalysisFeature;
  compare: CompareFeature;
  playback: PlaybackFeature;
  preferred: PreferredFeature;
  /** The model URL opened last ('' for picked files): playback finds its snapshots beside it. */
  setModelUrl(url: string): void;
}

/** What the features need beyond the context: the main view and camera, bundling, the app's loaders. */
export interface FeatureParts {
  view: NetworkView;
  camera: CameraController;
  /** The tiles (the preferred-input view draws through them). */
  maps: FeatureMaps;
  /** Selects a node (as a click on it does). */
  select(node: number | null): void;
  cache: BundleCache;
  /** The main view's automatic draw limit. */
  budget: number;
  backend: Parameters<typeof createBundlingClient>[0];
  openEmbedded(id: string): void;
  /** Training playback's hooks into the main view and bundler (see PlaybackParts). */
  playback: Omit<PlaybackParts, 'modelUrl'>;
}

/** Creates every feature (all closed until asked for). */
export function createFeatures(ctx: FeatureContext, parts: FeatureParts): AppFeatures {
  let modelUrl = '';
  const analysis = createAnalysis(ctx);
  const compare = createCompare(ctx, {
    view: parts.view, camera: parts.camera, cache: parts.cache, budget: parts.budget, openEmbedded: parts.openEmbedded,
    bundling: createBundlingClient(parts.backend, (message) => ctx.store.set({ status: 'error', message: `Comparison: ${message}` })),
  }, ctx.scene);
  const playback = createPlayback(ctx, { ...parts.playback, modelUrl: () => modelUrl });
  const preferred = createPreferredInputs(ctx, { maps: parts.maps, camera: () => parts.camera.camera, select: parts.select });
  return {
    analysis, compare, playback, preferred,
    setModelUrl: (url) => { modelUrl = url; },
    dispose() {
      preferred.dispose();
      playback.dispose();
      compare.dispose();
      analysis.dispose();
    },
  };
}
