/** The one place app state lives; scene, overlays (and later XR) subscribe to it. */
import type { ProcessingConfig } from '../../processing/config/processing-config';
import type { RenderingConfig } from '../../processing/config/rendering-config';
import type { ProcessedNetwork } from '../../processing/format/processed-network';
import type { ViewCounts, ViewLook } from '../scene/network-view';
import type { LiveModel } from '../../processing/input/live-model';
import type { LiveActivations } from '../../processing/input/live-activations';
import type { RangeMode } from '../../processing/tiles/tile-atlas';
import type { Aggregate } from '../scene/tiles/tile-records';
import type { PlaneVisuals } from '../../processing/tiles/preferred-atlas';

/** The input the network is looking at (a drawing or a gallery digit) and what it does to every layer. */
export interface LiveInput {
  /** The 28 × 28 (inputSize) values fed to the model. */
  pixels: Float32Array;
  live: LiveActivations;
  /** "drawing", or the gallery digit's label and index, or the image file's name. */
  label: string;
  /** The preprocessing preset the values were made with (processing/input/image-convert.ts; 'unit' for digits). */
  preset: string;
  /** Input → activations on screen, in ms (preparation, inference, restyle). */
  elapsedMs: number;
  /** performance.now() when the input arrived (stroke end, click, drop decoded). */
  startedAt: number;
}

/** Where bundling stands (shown by the progress bar and the statistics). */
export interface BundlingState {
  state: 'idle' | 'running' | 'done' | 'cancelled' | 'failed';
  /** Backend asked for ("cpu", "webgpu") and, once a job finished, the one that ran it. */
  requested: string;
  used: string;
  stage: 'nodes' | 'edges' | 'local' | '';
  iteration: number;
  iterations: number;
  elapsedMs: number;
  /** Failure or fallback explanation. */
  message: string;
  /** The shown result came from the IndexedDB cache. */
  cached: boolean;
  /** Jobs finished since start (automation waits on it). */
  finished: number;
  /** The last job's times in ms (worker side: nodesMs, edgesMs, totalMs, and backend stages). */
  timings: Record<string, number>;
}

export const kIdleBundling: BundlingState = { state: 'idle', requested: '', used: '', stage: '', iteration: 0, iterations: 0, elapsedMs: 0, message: '', cached: false, finished: 0, timings: {} };

export interface AppState {
  status: 'loading' | 'ready' | 'error';
  /** What is loading or what went wrong, for the status banner. */
  message: string;
  /** Where the current network came from (URL or file name). */
  source: string;
  network: ProcessedNetwork | null;
  configs: { processing: ProcessingConfig; rendering: RenderingConfig };
  bundling: BundlingState;
  /** Background and shading, colour mode and hidden classes. */
  look: ViewLook;
  /** The model behind the network when it has weights (live input needs them), else null. */
  model: LiveModel | null;
  input: LiveInput | null;
  /** The node the user selected (click, trigger or pinch), or null. */
  selected: number | null;
  /** What the scene currently draws. */
  view: ViewCounts | null;
  maps: MapSettings;
  /** Feature-map tiles on screen (null: none). */
  tiles: TileStats | null;
  /** The preferred-input view: the visualized planes the tiles show instead of feature maps (null or absent: off). */
  preferredTiles?: { planes: readonly PlaneVisuals[] } | null;
}

/** How feature-map tiles are shown: colour range mode, aggregate of collapsed planes, which planes are collapsed. */
export interface MapSettings {
  range: RangeMode;
  aggregate: Aggregate;
  collapsed: ReadonlySet<number>;
}

export const kDefaultMaps: MapSettings = { range: 'plane', aggregate: 'mean', collapsed: new Set() };

/** What the tiles draw (the statistics): tiles, draw calls, atlas size, the last input's texture update. */
export interface TileStats {
  tiles: number;
  drawCalls: number;
  atlas: string;
  /** Input → every changed plane written and uploaded, in ms; rows and planes uploaded. */
  updateMs: number;
  /** From the input's arrival to every tile in GPU memory (preparation, inference, restyle, atlas, records). */
  inputToTilesMs: number;
  /** Of which: writing values and aggregates into the atlas's CPU copy, and the texture uploads. */
  writeMs: number;
  uploadMs: number;
  planesUploaded: number;
  /** Largest |value| over all maps (the global range) — the legend's numbers. */
  global: number;
  /** Smallest and largest per-plane range. */
  planeRange: [number, number];
}

export interface Store {
  get(): Readonly<AppState>;
  set(patch: Partial<AppState>): void;
  /** Calls `fn` after every change; returns the unsubscribe function. */
  subscribe(fn: (state: Readonly<AppState>) => void): () => void;
}

/** Creates a store with the given initial state. */
export function createStore(initial: AppState): Store {
  let state = initial;
  const listeners = new Set<(s: Readonly<AppState>) => void>();
  return {
    get: () => state,
    set(patch) {
      state = { ...state, ...patch };
      for (const fn of listeners) fn(state);
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
