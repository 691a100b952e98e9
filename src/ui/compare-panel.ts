/** The comparison's panel: one row per network (accuracy and bundle metrics), what is running, Close. */
import type { CopySummary } from '../app/compare-copy';
import { createPanelElement } from './panel-element';

export interface ComparePanel {
  render(view: { rows: CopySummary[]; message: string; active: boolean }): void;
  dispose(): void;
}

const fmt = (v: number | undefined, digits = 3) => (v === undefined ? '…' : v.toFixed(digits));

/** Builds the (hidden) panel inside `root`. */
export function createComparePanel(root: HTMLElement, actions: { close(): void }): ComparePanel {
  const { panel, part } = createPanelElement(root, 'compare', `<h2>Compare <span class="note">same layout and settings</span><button class="close" title="end the comparison">×</button></h2>
    <table><thead><tr><th>network</th><th title="held-out accuracy (2,000 digits)">accuracy</th><th title="mean bundled length ÷ straight length (lower: edges kept their course)">distortion</th><th title="voxels the bundled edges fill ÷ those straight edges fill (lower: tighter bundles)">ink</th><th title="how much edges of the same class run together (hover a value: the straight network's)">class sep.</th></tr></thead><tbody></tbody></table>
    <div class="note">distortion: bundled ÷ straight length · ink: voxels filled, bundled ÷ straight · class sep.: same-class edges running together</div>
    <div class="message"></div>`);
  const body = part('tbody');
  const message = part('.message');
  part('.close').addEventListener('click', () => actions.close());
  return {
    render({ rows, message: text, active }) {
      panel.classList.toggle('hidden', !active && !text);
      message.textContent = text;
      body.innerHTML = rows.filter((r) => r.name).map((r) => {
        const m = r.metrics;
        const state = r.state === 'done' ? '' : r.state === 'failed' ? ` <span class="failed" title="${r.message}">failed</span>` : ` <span class="note">${r.state}…</span>`;
        return `<tr data-name="${r.name}"><td>${r.name}${state}</td><td>${r.accuracy === null ? '…' : `${(r.accuracy * 100).toFixed(1)} %`}</td><td>${fmt(m?.distortionMean)}</td><td>${fmt(m?.voxelInkRatio)}</td><td title="${m ? `straight: ${m.classSeparationStraight.toFixed(3)}` : ''}">${fmt(m?.classSeparation)}</td></tr>`;
      }).join('');
    },
    dispose: () => panel.remove(),
  };
}
