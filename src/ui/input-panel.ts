/**
 * The live-input panel (desktop, `I`): a drawing pad (pen, eraser, clear; the network answers after every
 * stroke, no "Go" button), the 28 × 28 image the network actually sees, class probability bars in class
 * colours with the prediction, the importance / activation / blend switch, and a gallery of held-out
 * MNIST digits (10 per class) to click.
 */
import type { DigitSet } from '../../processing/format/digits';
import type { LiveInput } from '../app/store';
import type { Signal } from '../scene/network-style';
import { classPalette, cssColor } from '../scene/palette';
import { clearInk, readInk, strokeLine } from './ink';
import { displayValues, presetById } from '../../processing/input/image-convert';
import { imagePixels, isInkDisplay, putPixels } from './map-canvas';
import { digitTile } from './digit-tile';

/** Pad size in canvas pixels (the headset's pad uses the same), pen and eraser widths. */
export const kPad = 140;
const kPen = 11;
const kEraser = 20;
/** Gallery digits per class. */
export const kGalleryPerClass = 10;

export interface InputPanelActions {
  /** A stroke ended: the pad's ink (0..1, row-major, kPad²). */
  drawn(pixels: Float32Array, width: number, height: number): void;
  /** A gallery digit was clicked (its index in the digit set). */
  pickDigit(index: number): void;
  setSignal(signal: Signal): void;
  /** The panel's close button. */
  close(): void;
}

export interface InputPanel {
  toggle(): void;
  readonly open: boolean;
  /** `shape` is the model's input as an image [H, W, C] (null: not an image; the preview then assumes 28 × 28). */
  render(input: LiveInput | null, classNames: string[], signal: Signal, available: string, shape?: [number, number, number] | null): void;
  /** Appends a block under the view switch (the image row). */
  append(element: HTMLElement): void;
  /** Fills the gallery from a digit set (the first kGalleryPerClass of each class). */
  setGallery(set: DigitSet): void;
  /** Page position of the pad's top-left corner and its size (automation). */
  padBox(): { x: number; y: number; size: number };
}

/** Builds the (hidden) panel inside `root`. */
export function createInputPanel(root: HTMLElement, actions: InputPanelActions): InputPanel {
  const panel = document.createElement('div');
  panel.id = 'input';
  panel.className = 'panel hidden';
  panel.innerHTML = `<h2>Input <span class="note">draw a digit, or pick one below</span><button id="input-close" title="close (I): back to the importance view">×</button></h2>
    <div class="pad-row">
      <canvas id="pad" width="${kPad}" height="${kPad}" title="draw with the mouse"></canvas>
      <div class="side">
        <div class="tools"><button data-tool="pen" class="on">Pen</button><button data-tool="eraser">Eraser</button><button id="pad-clear">Clear</button></div>
        <div class="seen"><canvas id="preview" width="28" height="28" title="what the network sees (28 × 28)"></canvas><span id="prediction">–</span></div>
        <div id="bars"></div>
      </div>
    </div>
    <div class="signals">view: <button data-signal="importance">Importance</button><button data-signal="activation">Activation</button><button data-signal="blend">Blend</button></div>
    <div id="status-line"></div>
    <div id="gallery"></div>`;
  root.appendChild(panel);
  const pad = panel.querySelector<HTMLCanvasElement>('#pad')!;
  const ctx = pad.getContext('2d', { willReadFrequently: true })!;
  const preview = panel.querySelector<HTMLCanvasElement>('#preview')!.getContext('2d')!;
  const bars = panel.querySelector<HTMLElement>('#bars')!;
  const prediction = panel.querySelector<HTMLElement>('#prediction')!;
  const statusLine = panel.querySelector<HTMLElement>('#status-line')!;
  const gallery = panel.querySelector<HTMLElement>('#gallery')!;
  let tool: 'pen' | 'eraser' = 'pen';
  let last: [number, number] | null = null;

  const clearPad = () => clearInk(ctx, kPad);
  clearPad();
  const ink = () => readInk(ctx, kPad);
  const at = (e: PointerEvent): [number, number] => {
    const r = pad.getBoundingClientRect();
    return [((e.clientX - r.left) * kPad) / r.width, ((e.clientY - r.top) * kPad) / r.height];
  };
  const line = (from: [number, number], to: [number, number]) => strokeLine(ctx, from, to, tool === 'pen' ? kPen : kEraser, tool === 'eraser');
  pad.addEventListener('pointerdown', (e) => {
    pad.setPointerCapture(e.pointerId);
    last = at(e);
    line(last, last);
  });
  pad.addEventListener('pointermove', (e) => {
    if (!last) return;
    const p = at(e);
    line(last, p);
    last = p;
  });
  const end = () => {
    if (!last) return;
    last = null;
    actions.drawn(ink(), kPad, kPad);
  };
  pad.addEventListener('pointerup', end);
  pad.addEventListener('pointercancel', end);
  panel.querySelectorAll<HTMLButtonElement>('[data-tool]').forEach((b) => b.addEventListener('click', () => {
    tool = b.dataset.tool as 'pen' | 'eraser';
    panel.querySelectorAll('[data-tool]').forEach((o) => o.classList.toggle('on', o === b));
  }));
  panel.querySelector('#pad-clear')!.addEventListener('click', () => {
    clearPad();
    actions.drawn(ink(), kPad, kPad);
  });
  panel.querySelectorAll<HTMLButtonElement>('[data-signal]').forEach((b) => b.addEventListener('click', () => actions.setSignal(b.dataset.signal as Signal)));
  panel.querySelector('#input-close')!.addEventListener('click', () => actions.close());
  gallery.addEventListener('click', (e) => {
    const tile = (e.target as HTMLElement).closest<HTMLElement>('[data-digit]');
    if (tile) actions.pickDigit(Number(tile.dataset.digit));
  });

  return {
    get open() { return !panel.classList.contains('hidden'); },
    toggle() { panel.classList.toggle('hidden'); },
    padBox() {
      const r = pad.getBoundingClientRect();
      return { x: r.left, y: r.top, size: r.width };
    },
    setGallery(set) {
      const picked: number[] = [];
      const counts = new Array(10).fill(0);
      for (let i = 0; i < set.count && picked.length < 10 * kGalleryPerClass; i++) {
        const c = set.labels[i];
        if (c < 10 && counts[c] < kGalleryPerClass) { counts[c]++; picked.push(i); }
      }
      picked.sort((a, b) => set.labels[a] - set.labels[b] || a - b);
      gallery.replaceChildren(...picked.map((i) => digitTile(set, i, `digit ${set.labels[i]} (held-out #${i})`)));
    },
    append(element) {
      statusLine.before(element);
    },
    render(input, classNames, signal, available, shape = null) {
      statusLine.textContent = available;
      // The held-out digits only fit MNIST-shaped models.
      const mnist = !shape || (shape[0] === 28 && shape[1] === 28 && shape[2] === 1);
      gallery.classList.toggle('hidden', !mnist);
      panel.querySelectorAll<HTMLElement>('[data-signal]').forEach((b) => b.classList.toggle('on', b.dataset.signal === signal));
      if (!input) {
        prediction.textContent = '–';
        bars.replaceChildren();
        preview.clearRect(0, 0, preview.canvas.width, preview.canvas.height);
        return;
      }
      const [h, w, c] = shape ?? [28, 28, 1];
      if (input.pixels.length === h * w * c) {
        const channels = c === 3 ? 3 : 1;
        putPixels(preview.canvas, imagePixels(displayValues(input.pixels, channels, presetById(input.preset)), channels, isInkDisplay(h, w, c, input.preset)), w, h);
      }
      const out = input.live.output;
      const palette = classPalette(out.length);
      prediction.textContent = `→ ${classNames[input.live.predicted] ?? input.live.predicted} (${(100 * out[input.live.predicted]).toFixed(0)} %)`;
      prediction.dataset.predicted = String(input.live.predicted);
      bars.replaceChildren(...Array.from(out, (p, c) => {
        const row = document.createElement('div');
        row.className = `bar${c === input.live.predicted ? ' top' : ''}`;
        row.dataset.class = String(c);
        row.innerHTML = `<span>${classNames[c] ?? c}</span><i style="width:${(100 * Math.max(0, Math.min(1, p))).toFixed(1)}%;background:${cssColor(palette, c)}"></i><b>${(100 * p).toFixed(0)}</b>`;
        return row;
      }));
    },
  };
}
