/**
 * The model loading bar: what is being read (bytes of the total), parsed or laid out, with a Cancel that
 * aborts the load and keeps whatever network was on screen. One load at a time: a new one cancels the last.
 */
import { isCancelled, type LoadProgress, type OnProgress } from '../app/model-reading';
import { createBarPanel } from './bar-panel';

export interface LoadBar {
  /** Runs a load job with progress and Cancel; rejects with an AbortError when cancelled. */
  run<T>(job: (signal: AbortSignal, onProgress: OnProgress) => Promise<T>): Promise<T>;
  cancel(): void;
}

function megabytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.ceil(n / 1e3)} KB`;
}

/** What the bar says for a progress report. */
export function loadLabel(p: LoadProgress): string {
  if (p.stage === 'reading') return `Reading ${p.name} — ${megabytes(p.loaded)}${p.total ? ` of ${megabytes(p.total)}` : ''}`;
  return p.stage === 'parsing' ? `Reading the model in ${p.name}` : `Laying out ${p.name}`;
}

/** Builds the bar inside `root` (hidden until a load reports progress). */
export function createLoadBar(root: HTMLElement): LoadBar {
  let current: AbortController | null = null;
  const cancel = () => current?.abort();
  const { bar, label, progress } = createBarPanel(root, 'loading-bar', 'cancel-loading', cancel);
  return {
    cancel,
    async run(job) {
      current?.abort();
      const controller = new AbortController();
      current = controller;
      const onProgress: OnProgress = (p) => {
        if (controller.signal.aborted) return;
        bar.classList.remove('hidden');
        label.textContent = loadLabel(p);
        // Reading has a known fraction; parsing and layout show an indeterminate bar.
        if (p.stage === 'reading' && p.total) progress.value = p.loaded / p.total;
        else progress.removeAttribute('value');
      };
      try {
        return await job(controller.signal, onProgress);
      } catch (err) {
        if (controller.signal.aborted && !isCancelled(err)) throw new DOMException('the load was cancelled', 'AbortError');
        throw err;
      } finally {
        if (current === controller) {
          current = null;
          bar.classList.add('hidden');
        }
      }
    },
  };
}
