/**
 * Live input in the app: a drawing or a held-out digit goes through the model (processing/input), the
 * result lands in the store, and the view switches to the activation paint (only per-node and per-edge
 * scalars change: colours, sizes and thresholds; the polylines stay). Needs the model's weights, so it
 * works for loaded models, not for random networks or processed files.
 */
import { decodeDigitSet, digitAsFloats, type DigitSet } from '../../processing/format/digits';
import { liveInputSize, runLive } from '../../processing/input/live-model';
import { prepareDrawing } from '../../processing/input/prepare-drawing';
import type { Signal } from '../scene/network-style';
import type { ViewLook } from '../scene/network-view';
import type { Store } from './store';

export interface LiveInputControl {
  /** Feeds a drawing (0..1 ink, row-major), prepared the MNIST way. */
  fromDrawing(pixels: Float32Array, width: number, height: number): void;
  /** Feeds held-out digit `index` of the gallery set. */
  fromDigit(index: number): void;
  /** Feeds raw model input values (inputSize of them), made with preprocessing preset `preset`. */
  fromValues(values: Float32Array, label: string, preset?: string): void;
  setSignal(signal: Signal): void;
  /** Why live input is unavailable for the current network ('' when it is available). */
  unavailable(): string;
  /** The held-out digits (loaded once). */
  digits(): Promise<DigitSet>;
}

/**
 * Creates the control over the app's store; `setLook` restyles the view, `onLeave` runs when the view
 * returns to importance from a live view (the selected node's details belong to the live view).
 */
export function createLiveInput(store: Store, setLook: (patch: Partial<ViewLook>) => void, digitsUrl: string, onLeave: () => void = () => undefined): LiveInputControl {
  let digits: Promise<DigitSet> | null = null;
  const unavailable = (): string => {
    const s = store.get();
    if (!s.network) return 'no network is loaded';
    if (!s.model) return 'live input needs the model\'s weights: load a model (model.json), not a random network or a .nnwalk file';
    const size = liveInputSize(s.model);
    if (size !== 784) return `live input draws 28 × 28 digits; this model takes ${size} inputs`;
    return '';
  };
  const fromValues = (values: Float32Array, label: string, t0 = performance.now(), preset = 'unit') => {
    const s = store.get();
    // Images and raw values only need the sizes to agree; drawings need a 28 × 28 model (unavailable()).
    const why = !s.network || !s.model ? unavailable() : values.length !== liveInputSize(s.model) ? `the input has ${values.length} values; this model takes ${liveInputSize(s.model)}` : '';
    if (why) {
      store.set({ status: 'error', message: `Live input: ${why}` });
      return;
    }
    const live = runLive(store.get().model!, values);
    const signal = store.get().look.signal === 'importance' ? 'activation' : store.get().look.signal;
    setLook({ activations: live.normalised, signal });
    store.set({ input: { pixels: values, live, label, preset, elapsedMs: performance.now() - t0, startedAt: t0 } });
  };
  const loadDigits = () => {
    digits ??= fetch(digitsUrl).then(async (r) => {
      if (!r.ok) throw new Error(`could not fetch the held-out digits ${digitsUrl}: the server answered ${r.status}`);
      return decodeDigitSet(new Uint8Array(await r.arrayBuffer()));
    });
    return digits;
  };
  return {
    fromDrawing(pixels, width, height) {
      const t0 = performance.now();
      const why = unavailable();
      if (why) {
        store.set({ status: 'error', message: `Live input: ${why}` });
        return;
      }
      fromValues(prepareDrawing(pixels, width, height), 'drawing', t0);
    },
    fromDigit(index) {
      void loadDigits().then((set) => {
        if (!(index >= 0 && index < set.count)) throw new Error(`no held-out digit ${index} (there are ${set.count})`);
        fromValues(digitAsFloats(set, index), `digit ${set.labels[index]} (held-out #${index})`);
      }).catch((err: Error) => store.set({ status: 'error', message: `Live input: ${err.message}` }));
    },
    fromValues: (values, label, preset) => fromValues(values, label, performance.now(), preset),
    setSignal(signal) {
      const leaving = signal === 'importance' && store.get().look.signal !== 'importance';
      setLook({ signal });
      if (leaving) onLeave();
    },
    unavailable,
    digits: loadDigits,
  };
}
