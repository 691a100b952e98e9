/** The bundling progress bar with its Cancel button (shown while a job runs). */
import type { BundlingState } from '../app/store';

export interface BundlingBar {
  render(b: Readonly<BundlingState>): void;
}

/** Builds the bar inside `root`; `onCancel` runs when the user presses Cancel. */
export function createBundlingBar(root: HTMLElement, onCancel: () => void): BundlingBar {
  const bar = document.createElement('div');
  bar.id = 'bundling';
  bar.className = 'panel hidden';
  bar.innerHTML = '<span class="label"></span><progress max="1" value="0"></progress><button type="button" id="cancel-bundling">Cancel</button>';
  root.appendChild(bar);
  const label = bar.querySelector('.label') as HTMLSpanElement;
  const progress = bar.querySelector('progress') as HTMLProgressElement;
  (bar.querySelector('button') as HTMLButtonElement).addEventListener('click', onCancel);
  return {
    render(b) {
      bar.classList.toggle('hidden', b.state !== 'running');
      if (b.state !== 'running') return;
      const what = b.stage === 'nodes' ? 'arranging nodes' : b.stage === 'edges' ? `edges, iteration ${b.iteration} of ${b.iterations}` : b.stage === 'local' ? 're-bundling moved edges' : 'starting';
      label.textContent = `Bundling (${b.requested}) — ${what}`;
      // Nodes are a small first share of the work; the edge iterations the rest.
      progress.value = b.stage === 'edges' && b.iterations ? 0.1 + (0.9 * b.iteration) / b.iterations : b.stage === 'nodes' ? 0.05 : 0;
    },
  };
}
