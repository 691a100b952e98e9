/** The bundling progress bar with its Cancel button: shown while a job runs, then briefly with the outcome. */
import type { BundlingState } from '../app/store';
import { createBarPanel } from './bar-panel';

export interface BundlingBar {
  render(b: Readonly<BundlingState>): void;
}

/** How long the finished bar stays up (its last line says what ran and how long it took). */
const kDoneShowMs = 3000;

/** What the bar says while a job runs: the step being worked on (a report arrives when an iteration ends). */
export function runningLabel(b: Readonly<BundlingState>): string {
  if (b.stage === 'nodes') return 'arranging nodes';
  if (b.stage === 'local') return 're-bundling moved edges';
  if (b.stage !== 'edges' || !b.iterations) return 'starting';
  if (b.iteration >= b.iterations) return `edges, all ${b.iterations} iterations done, finishing`;
  return `edges, iteration ${b.iteration + 1} of ${b.iterations}`;
}

/** Builds the bar inside `root`; `onCancel` runs when the user presses Cancel. */
export function createBundlingBar(root: HTMLElement, onCancel: () => void): BundlingBar {
  const { bar, label, progress, cancel } = createBarPanel(root, 'bundling', 'cancel-bundling', onCancel);
  let shownDone = -1;
  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  return {
    render(b) {
      if (b.state === 'running') {
        clearTimeout(hideTimer);
        bar.classList.remove('hidden');
        cancel.classList.remove('hidden');
        label.textContent = `Bundling (${b.requested}) — ${runningLabel(b)}`;
        // Nodes are a small first share of the work; the edge iterations the rest.
        progress.value = b.stage === 'edges' && b.iterations ? 0.1 + (0.9 * b.iteration) / b.iterations : b.stage === 'nodes' ? 0.05 : 0;
        return;
      }
      // A finished job (not one served from the cache) says so for a moment, at full progress.
      if (b.state === 'done' && !b.cached && b.finished !== shownDone) {
        shownDone = b.finished;
        if (bar.classList.contains('hidden')) return;
        cancel.classList.add('hidden');
        progress.value = 1;
        label.textContent = `Bundled in ${(b.elapsedMs / 1000).toFixed(1)} s${b.iterations ? ` (${b.iterations} iterations, ${b.used})` : ` (${b.used})`}`;
        clearTimeout(hideTimer);
        hideTimer = setTimeout(() => bar.classList.add('hidden'), kDoneShowMs);
        return;
      }
      if (b.state === 'done' && !b.cached) return; // the outcome stays up until its timer hides it
      clearTimeout(hideTimer);
      bar.classList.add('hidden');
    },
  };
}
