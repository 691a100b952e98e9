/**
 * The desktop's live-input panels wired to the app: the input panel (pad, gallery, bars, view switch)
 * feeds the live input; the details panel shows the selected node and traces its strongest paths
 * (activations for a live input, mean class importance otherwise).
 */
import { tracePicture, type TraceNetwork } from '../../processing/input/trace';
import { normalisedEdgeWeights } from '../../processing/graph/channel-importance';
import type { LiveInputControl } from '../app/live-input';
import type { AppState, Store } from '../app/store';
import { kSignals } from '../scene/network-style';
import type { ViewLook } from '../scene/network-view';
import { createDetailsPanel, type FieldBox } from './details-panel';
import { createImageRow } from './image-row';
import type { ImageInput } from '../app/image-input';
import { createInputPanel, type InputPanel } from './input-panel';
import type { Docks } from './docks';

export interface LivePanels {
  readonly input: InputPanel;
  toggleInput(): void;
  cycleSignal(): void;
  /** Shows (or clears) the selected node's strongest paths. */
  trace(on: boolean): void;
  render(state: Readonly<AppState>): void;
}

/** Mean class importance per node (the trace's node values without a live input). */
function meanImportance(s: Readonly<AppState>): Float32Array {
  const net = s.network!;
  const C = net.classCount;
  const out = new Float32Array(net.nodeImportance.length / C);
  for (let i = 0; i < out.length; i++) {
    let sum = 0;
    for (let c = 0; c < C; c++) sum += net.nodeImportance[i * C + c];
    out[i] = sum / C;
  }
  return out;
}

/** Creates both panels inside `root`. */
export function createLivePanels(docks: Pick<Docks, 'left' | 'right'>, store: Store, live: LiveInputControl, setLook: (patch: Partial<ViewLook>) => void, select: (node: number | null) => void, report: (what: string) => (err: unknown) => void, extras: { onField?: (box: FieldBox) => void; images?: ImageInput; pickImage?: () => void } = {}): LivePanels {
  const input = createInputPanel(docks.right, {
    drawn: (pixels, w, h) => live.fromDrawing(pixels, w, h),
    pickDigit: (i) => live.fromDigit(i),
    setSignal: (signal) => live.setSignal(signal),
    close: () => toggleInput(),
  });
  // A CNN's every channel link (the picture may keep only the strongest): traced through, drawn where shown.
  let linksFor: unknown = null;
  let links: TraceNetwork | null = null;
  const fullLinks = (model: AppState['model']): TraceNetwork | null => {
    if (model?.kind !== 'graph') return null;
    if (linksFor !== model) {
      linksFor = model;
      const cg = model.channels;
      links = { layerSizes: cg.sizes, edgeSource: cg.edgeSource, edgeTarget: cg.edgeTarget, edgeImportance: normalisedEdgeWeights(cg) };
    }
    return links;
  };
  const trace = (on: boolean) => {
    const s = store.get();
    if (!on || s.selected === null || !s.network) {
      setLook({ trace: null });
      return;
    }
    setLook({ trace: tracePicture(s.network, fullLinks(s.model), s.selected, s.input?.live.normalised ?? meanImportance(s)) });
  };
  const details = createDetailsPanel(docks.left, { trace, close: () => select(null), receptiveField: (box) => extras.onField?.(box) });
  const images = extras.images;
  const imageRow = images ? createImageRow(images, () => extras.pickImage?.()) : null;
  if (imageRow) input.append(imageRow.element);
  let rowFor: unknown = null;
  let galleryFilled = false;
  /** Opening the panel returns to the last input's activations; closing it leaves live input (importance view). */
  const toggleInput = () => {
    input.toggle();
    const s = store.get();
    if (!input.open) {
      if (s.look.signal !== 'importance') live.setSignal('importance');
      return;
    }
    if (s.input && s.look.signal === 'importance') live.setSignal('activation');
    if (!galleryFilled) {
      galleryFilled = true;
      live.digits().then((set) => input.setGallery(set), report('Loading the digit gallery'));
    }
  };
  return {
    input,
    trace,
    toggleInput,
    cycleSignal: () => live.setSignal(kSignals[(kSignals.indexOf(store.get().look.signal) + 1) % kSignals.length]),
    render(s) {
      // The row says what images become for the loaded model: redraw it when the model changes.
      if (imageRow && rowFor !== s.model) {
        rowFor = s.model;
        imageRow.render();
      }
      const shape = images?.inputShape();
      input.render(s.input, s.network?.classNames ?? [], s.look.signal, live.unavailable(), Array.isArray(shape) ? shape : null);
      details.render(s);
    },
  };
}
