/**
 * The analysis panel (desktop, `E`): what the loaded model gets wrong on the held-out digits and how it
 * holds up when pruned. Two tabs, a progress line with Cancel while the worker runs, one-sentence errors.
 */
import type { DigitSet } from '../../../processing/format/digits';
import type { AnalysisTab, AnalysisView } from './analysis-state';
import { createErrorsSection, type ErrorsSection } from './errors-section';
import { createPruningSection } from './pruning-section';
import { createPanelElement } from '../panel-element';

export interface AnalysisPanelActions {
  evaluate(): void;
  cancel(): void;
  close(): void;
  setTab(tab: AnalysisTab): void;
  pickRibbon(t: number, p: number): void;
  feedDigit(index: number): void;
  colourClass(k: number): void;
  setFraction(fraction: number): void;
  computeCurves(): void;
  digits(): Promise<DigitSet>;
}

export interface AnalysisPanel {
  render(view: AnalysisView): void;
  readonly errors: ErrorsSection;
  dispose(): void;
}

/** Builds the (hidden) panel inside `root`. */
export function createAnalysisPanel(root: HTMLElement, actions: AnalysisPanelActions): AnalysisPanel {
  const { panel, part } = createPanelElement(root, 'analysis', `<h2>Analysis <span class="tabs"><button data-tab="errors">Errors</button><button data-tab="pruning">Pruning</button></span><button class="close" title="close (E)">×</button></h2>
    <div class="job"><progress max="1" value="0"></progress><span class="what"></span><button class="cancel" title="stop (Esc)">Cancel</button></div>
    <div class="message"></div>
    <button class="evaluate">Evaluate on the held-out digits</button>`);
  const errors = createErrorsSection(actions);
  const pruning = createPruningSection(actions);
  panel.append(errors.element, pruning.element);
  const job = part('.job');
  const progress = part<HTMLProgressElement>('.job progress');
  const what = part('.job .what');
  const message = part('.message');
  const evaluate = part<HTMLButtonElement>('button.evaluate');
  part('.close').addEventListener('click', () => actions.close());
  part('.job .cancel').addEventListener('click', () => actions.cancel());
  evaluate.addEventListener('click', () => actions.evaluate());
  part('.tabs').addEventListener('click', (e) => {
    const tab = (e.target as HTMLElement).dataset?.tab as AnalysisTab | undefined;
    if (tab) actions.setTab(tab);
  });
  return {
    errors,
    render(view) {
      panel.classList.toggle('hidden', !view.open);
      if (!view.open) return;
      for (const b of panel.querySelectorAll<HTMLElement>('.tabs button')) b.classList.toggle('on', b.dataset.tab === view.tab);
      job.classList.toggle('hidden', !view.job);
      if (view.job) {
        progress.value = view.job.total ? view.job.done / view.job.total : 0;
        what.textContent = `${view.job.what} ${view.job.done}/${view.job.total}`;
      }
      message.textContent = view.message;
      evaluate.classList.toggle('hidden', view.tab !== 'errors' || !!view.errors);
      evaluate.disabled = !!view.unavailable || !!view.job;
      errors.element.classList.toggle('hidden', view.tab !== 'errors');
      pruning.element.classList.toggle('hidden', view.tab !== 'pruning');
      if (view.tab === 'errors') errors.render(view);
      else pruning.render(view);
    },
    dispose: () => panel.remove(),
  };
}
