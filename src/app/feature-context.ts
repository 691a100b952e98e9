/**
 * What a feature (a panel with its worker, an analysis view…) gets from the composition root: the
 * store, the scene, the docks to put panels in and the few app actions it may call. A feature returns
 * its own teardown, so main.ts only creates it and hands it this context.
 */
import type { Scene } from '@babylonjs/core/scene';
import type { ViewLook } from '../scene/network-view';
import type { Docks } from '../ui/docks';
import type { LiveInputControl } from './live-input';
import type { Store } from './store';

export interface FeatureContext {
  store: Store;
  scene: Scene;
  docks: Docks;
  live: LiveInputControl;
  /** Changes the look (colour mode, pruned picture, …) and restyles the view. */
  setLook(patch: Partial<ViewLook>): void;
  /** A failure handler that reports `what` failed in the status banner (a cancel is not a failure). */
  report(what: string): (err: unknown) => void;
  /** URL of the built-in held-out digits. */
  digitsUrl: string;
}

/** A feature's handle: at least its teardown. */
export interface Feature { dispose(): void }
