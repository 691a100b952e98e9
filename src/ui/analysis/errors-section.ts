/**
 * The errors tab: overall accuracy, the misclassification chord diagram (true → predicted; click a
 * ribbon), per-class accuracy bars (click one: Class k colouring) and the picked ribbon's digits (click
 * one: it goes through the network).
 */
import type { DigitSet } from '../../../processing/format/digits';
import { cssColor } from '../../scene/palette';
import { digitTile } from '../digit-tile';
import type { AnalysisView } from './analysis-state';
import { drawChord, ribbonAt, ribbonPixel } from './chord-canvas';
import { perClassAccuracy } from '../../../processing/analysis/confusion';

/** Canvas pixels of the chord diagram (its layout radius is half of it, less a margin). */
export const kChordSize = 280;

export interface ErrorsActions {
  pickRibbon(t: number, p: number): void;
  feedDigit(index: number): void;
  colourClass(k: number): void;
  /** The held-out digits, for thumbnails. */
  digits(): Promise<DigitSet>;
}

export interface ErrorsSection {
  readonly element: HTMLElement;
  render(view: AnalysisView): void;
  /** Canvas pixel of the middle of the ribbon true → predicted (automation clicks it), or null. */
  ribbonPoint(t: number, p: number): { x: number; y: number } | null;
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

/** Builds the section (empty until the first evaluation). */
export function createErrorsSection(actions: ErrorsActions): ErrorsSection {
  const element = document.createElement('div');
  element.className = 'errors';
  element.innerHTML = `<div class="summary"></div>
    <canvas class="chord" width="${kChordSize}" height="${kChordSize}" title="misclassified held-out digits: a ribbon runs from the true class (wide end) to the predicted class (arrow); click one"></canvas>
    <div class="caption">ribbon: true class → predicted class, width = digits · rim: errors of and into a class</div>
    <div class="wrong"></div>
    <div class="acc-title">accuracy per class <span class="note">(click: colour by that class)</span></div>
    <div class="acc-bars"></div>`;
  const summary = element.querySelector('.summary') as HTMLElement;
  const canvas = element.querySelector('canvas.chord') as HTMLCanvasElement;
  const wrong = element.querySelector('.wrong') as HTMLElement;
  const bars = element.querySelector('.acc-bars') as HTMLElement;
  const ctx = canvas.getContext('2d')!;
  let last: AnalysisView | null = null;
  let drawnFor: unknown = null;
  let listedFor: unknown = null;
  let barsFor: unknown = null;
  const kHint = canvas.title;
  const ribbonUnder = (e: MouseEvent) => {
    const chord = last?.errors?.chord;
    if (!chord) return null;
    const r = canvas.getBoundingClientRect();
    return ribbonAt(ctx, chord, 1, (e.clientX - r.left) * (canvas.width / r.width), (e.clientY - r.top) * (canvas.height / r.height));
  };
  canvas.addEventListener('click', (e) => {
    const hit = ribbonUnder(e);
    if (hit) actions.pickRibbon(hit.source, hit.target);
  });
  canvas.addEventListener('mousemove', (e) => {
    const hit = ribbonUnder(e);
    const name = (c: number) => last?.classNames[c] ?? String(c);
    canvas.title = hit ? `true ${name(hit.source)} read as ${name(hit.target)}: ${hit.count} digit${hit.count === 1 ? '' : 's'} (click to list them)` : kHint;
  });
  wrong.addEventListener('click', (e) => {
    const index = (e.target as HTMLElement).dataset?.digit;
    if (index !== undefined) actions.feedDigit(Number(index));
  });
  bars.addEventListener('click', (e) => {
    const k = (e.target as HTMLElement).closest<HTMLElement>('[data-class]')?.dataset.class;
    if (k !== undefined) actions.colourClass(Number(k));
  });
  return {
    element,
    render(view) {
      last = view;
      const errors = view.errors;
      element.classList.toggle('empty', !errors);
      if (!errors) {
        summary.textContent = view.unavailable || 'Evaluate runs the model on the 2,000 held-out digits.';
        return;
      }
      const { result, chord } = errors;
      const wrongCount = result.samples - result.confusion.correct.reduce((a, b) => a + b, 0);
      summary.textContent = `${pct(result.confusion.overall)} of ${result.samples.toLocaleString('en')} held-out digits right, ${wrongCount} wrong (${(result.ms / 1000).toFixed(2)} s)`;
      const key = [chord, view.ribbon?.t, view.ribbon?.p].join();
      if (drawnFor !== key) {
        drawnFor = key;
        drawChord(ctx, chord, { palette: view.palette, names: view.classNames, selected: view.ribbon ? [view.ribbon.t, view.ribbon.p] : null, scale: 1, font: '11px system-ui, sans-serif' });
      }
      if (listedFor !== view.ribbon) {
        listedFor = view.ribbon;
        renderWrong(view);
      }
      const barKey = [result, view.colourClass].join();
      if (barsFor !== barKey) {
        barsFor = barKey;
        const acc = perClassAccuracy(result.confusion);
        bars.innerHTML = acc.map((a, c) => `<div class="bar${view.colourClass === c ? ' on' : ''}" data-class="${c}" title="class ${view.classNames[c] ?? c}: ${result.confusion.correct[c]} of ${result.confusion.counts[c]} right"><span>${view.classNames[c] ?? c}</span><i style="width:${(a * 100).toFixed(1)}%;background:${cssColor(view.palette, c)}"></i><b>${pct(a)}</b></div>`).join('');
      }
    },
    ribbonPoint(t, p) {
      const chord = last?.errors?.chord;
      const at = chord ? ribbonPixel(ctx, chord, 1, t, p) : null;
      return at ? { x: at[0], y: at[1] } : null;
    },
  };

  function renderWrong(view: AnalysisView): void {
    const rb = view.ribbon;
    if (!rb) {
      wrong.textContent = view.errors && view.errors.chord.total > 0 ? 'Click a ribbon to list its digits.' : '';
      return;
    }
    const name = (c: number) => view.classNames[c] ?? String(c);
    wrong.innerHTML = `<div>${rb.samples.length} × true <b>${name(rb.t)}</b> read as <b>${name(rb.p)}</b> <span class="note">(click one: it goes through the network)</span></div><div class="tiles"></div>`;
    const tiles = wrong.querySelector('.tiles') as HTMLElement;
    void actions.digits().then((set) => {
      if (view.ribbon !== rb) return;
      tiles.replaceChildren(...Array.from(rb.samples.subarray(0, 60), (i) => digitTile(set, i, `held-out #${i}: true ${name(rb.t)}, predicted ${name(rb.p)}`)));
    });
  }
}
