/** HTML overlays over the canvas: key help, statistics, class legend and the status/error banner. */
import type { AppState } from '../app/store';
import { classPalette, cssColor } from '../scene/palette';
import { colorModeLabel } from '../scene/network-style';
import { kCameraPresets } from '../scene/camera-controller';

export interface Overlays {
  render(state: Readonly<AppState>): void;
  setFps(fps: number): void;
  toggleHelp(): void;
}

/** Model files name classes and sources: never let them inject markup. */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, id: string, parent: HTMLElement): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.id = id;
  parent.appendChild(node);
  return node;
}

const kKeys: [string, string][] = [
  ['mouse drag', 'orbit · right drag: pan · wheel: zoom'],
  ['W A S D', 'move forward / left / back / right'],
  ['0 – 9', `camera poses (${kCameraPresets['0'].name}, ${kCameraPresets['1'].name}, …)`],
  ['H', 'toggle auto-rotation'],
  ['K', 'save a PNG screenshot'],
  ['P', 'processing settings (Apply re-bundles)'],
  ['C', 'colour mode: Independent → All → Class 0 … (legend)'],
  ['L', 'look: light (over white) → dark (over black) → shaded (opaque)'],
  ['click a class', 'in the legend: hide / show that class'],
  ['Esc', 'cancel bundling'],
  ['?', 'show / hide this help'],
  ['drop files', 'a model.json with its .bin shards, or a .nnwalk file'],
];

/** Builds the overlay elements inside `root`. */
export function createOverlays(root: HTMLElement, toggleClass: (c: number) => void): Overlays {
  const help = el('div', 'help', root);
  help.className = 'panel';
  help.innerHTML = '<h2>Keys</h2>' + kKeys.map(([k, v]) => `<div class="row"><kbd>${k}</kbd><span>${v}</span></div>`).join('');
  const stats = el('div', 'stats', root);
  stats.className = 'panel';
  const legend = el('div', 'legend', root);
  legend.className = 'panel';
  const banner = el('div', 'banner', root);
  banner.setAttribute('role', 'status');
  let fps = 0;
  let last: Readonly<AppState> | null = null;
  let legendFor = '';
  legend.addEventListener('click', (e) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('[data-class]');
    if (row) toggleClass(Number(row.dataset.class));
  });

  const drawStats = () => {
    if (!last) return;
    const net = last.network;
    const rows: [string, string][] = [['model', last.source || '–']];
    if (net) {
      rows.push(['layers', `${net.layerSizes.length} (${Array.from(net.layerSizes).join('-')})`]);
      rows.push(['nodes', String(net.nodePositions.length / 3)]);
      rows.push(['edges shown', `${last.view?.edgesShown ?? 0} of ${net.edgeSource.length}`]);
      if (last.view?.edgesOverBudget) rows.push(['over draw limit', `${last.view.edgesOverBudget} least visible`]);
      rows.push(['segments', `${last.view?.segmentsShown ?? 0} (${net.stats.bundled ? 'bundled' : 'straight'})`]);
      rows.push(['pruned edges', String(net.stats.prunedEdges ?? 0)]);
      rows.push(['importance', String(net.stats.importanceMethod ?? '–')]);
      rows.push(['draw calls', String(last.view?.drawCalls ?? 0)]);
    }
    const b = last.bundling;
    rows.push(['backend', b.used || b.requested || '–']);
    if (b.state !== 'idle') rows.push(['bundling', b.state === 'done' ? `done in ${(b.elapsedMs / 1000).toFixed(2)} s${b.cached ? ' (cached)' : ''}` : b.state]);
    rows.push(['FPS', fps.toFixed(0)]);
    stats.innerHTML = rows.map(([k, v]) => `<div class="row"><span>${k}</span><b data-stat="${k}">${esc(v)}</b></div>`).join('');
  };

  return {
    render(state) {
      last = state;
      drawStats();
      banner.className = state.status === 'error' ? 'error' : state.status === 'loading' ? 'loading' : 'hidden';
      banner.textContent = state.message;
      const net = state.network;
      const look = state.look;
      const key = net ? [net.classNames.join('\u0000'), JSON.stringify(look.colorMode), [...look.hidden].join(), look.look].join('|') : '';
      if (net && key !== legendFor) {
        legendFor = key;
        const palette = classPalette(net.classCount);
        const mode = look.colorMode;
        const note = mode.kind === 'independent' ? '<p>darkness = importance</p>' : mode.kind === 'class' ? '<p>colour strength = share of this class</p>' : '<p>colour = mix of classes by share</p>';
        legend.dataset.mode = mode.kind === 'class' ? `class-${mode.k}` : mode.kind;
        legend.innerHTML = `<h2>${esc(colorModeLabel(mode, net.classNames))}</h2>${note}` + net.classNames.map((name, c) => {
          const off = look.hidden.has(c) || (mode.kind === 'class' && mode.k !== c);
          return `<div class="row${off ? ' off' : ''}" data-class="${c}" title="click: hide / show"><i style="background:${cssColor(palette, c)}"></i><span>${esc(name)}</span></div>`;
        }).join('');
      }
    },
    setFps(value) {
      fps = value;
      drawStats();
    },
    toggleHelp() {
      help.classList.toggle('hidden');
    },
  };
}
