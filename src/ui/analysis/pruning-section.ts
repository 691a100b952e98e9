/**
 * The pruning tab: a slider prunes the shown network to a fraction of its edges (MLPs) or hidden channels
 * (CNNs) in importance order, least important first, with the held-out accuracy at that fraction; and
 * the pruning curves (least-first, most-first, random) of the loaded model as a chart.
 */
import { evaluationChart } from '../../../processing/evaluate/evaluate';
import type { AnalysisView } from './analysis-state';

export interface PruningActions {
  /** The slider moved (0 … 0.95). */
  setFraction(fraction: number): void;
  computeCurves(): void;
}

export interface PruningSection {
  readonly element: HTMLElement;
  render(view: AnalysisView): void;
}

/** Largest fraction the slider offers (the curves' last point). */
export const kMaxPruneFraction = 0.95;

/** Builds the section. */
export function createPruningSection(actions: PruningActions): PruningSection {
  const element = document.createElement('div');
  element.className = 'pruning';
  element.innerHTML = `<label class="slider">prune <input type="range" min="0" max="${kMaxPruneFraction * 100}" step="1" value="0"><b class="fraction">0 %</b></label>
    <div class="readout"></div>
    <button class="curves">Compute pruning curves</button>
    <div class="chart"></div>`;
  const slider = element.querySelector('input') as HTMLInputElement;
  const fraction = element.querySelector('.fraction') as HTMLElement;
  const readout = element.querySelector('.readout') as HTMLElement;
  const button = element.querySelector('button.curves') as HTMLButtonElement;
  const chart = element.querySelector('.chart') as HTMLElement;
  slider.addEventListener('input', () => actions.setFraction(Number(slider.value) / 100));
  button.addEventListener('click', () => actions.computeCurves());
  let chartFor = '';
  return {
    element,
    render(view) {
      const { pruning } = view;
      const value = String(Math.round(pruning.fraction * 100));
      if (slider.value !== value && document.activeElement !== slider) slider.value = value;
      fraction.textContent = `${value} %`;
      slider.disabled = !!view.unavailable;
      button.disabled = !!view.unavailable || !!view.job;
      const a = pruning.accuracy;
      if (view.unavailable) readout.textContent = view.unavailable;
      else if (!a) readout.textContent = 'Move the slider: the least important edges (MLP) or channels (CNN) go first.';
      else {
        const stale = Math.abs(a.fraction - pruning.fraction) > 1e-9 ? ' …' : '';
        readout.innerHTML = `${a.pruned.toLocaleString('en')} of ${a.total.toLocaleString('en')} ${a.unit} pruned · held-out accuracy <b>${(a.overall * 100).toFixed(1)} %</b>${stale}`;
      }
      const chartKey = [pruning.curves?.ms, pruning.fraction].join();
      if (chartFor !== chartKey) {
        chartFor = chartKey;
        const c = pruning.curves;
        chart.innerHTML = c ? evaluationChart(c.report, c.report.unit, { compact: true, marker: pruning.fraction }) + `<div class="note">${c.report.model}: ${c.report.samples.toLocaleString('en')} held-out digits per point, computed in ${(c.ms / 1000).toFixed(1)} s</div>` : '';
      }
    },
  };
}
