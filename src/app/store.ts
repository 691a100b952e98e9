/** The one place app state lives; scene, overlays (and later XR) subscribe to it. */
import type { ProcessingConfig } from '../../processing/config/processing-config';
import type { RenderingConfig } from '../../processing/config/rendering-config';
import type { ProcessedNetwork } from '../../processing/format/processed-network';

export interface AppState {
  status: 'loading' | 'ready' | 'error';
  /** What is loading or what went wrong, for the status banner. */
  message: string;
  /** Where the current network came from (URL or file name). */
  source: string;
  network: ProcessedNetwork | null;
  configs: { processing: ProcessingConfig; rendering: RenderingConfig };
  /** What the scene currently draws. */
  view: { nodesShown: number; edgesShown: number; segmentsShown: number; edgesOverBudget: number; drawCalls: number } | null;
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
