/** HTML overlays over the canvas: key help, class legend and the status/error banner (statistics live in the control panel). */
import type { AppState } from '../app/store';
import { classPalette, cssColor } from '../scene/palette';
import { colorModeLabel } from '../scene/network-style';
import { kCameraPresets } from '../scene/camera-controller';

export interface Overlays {
  render(state: Readonly<AppState>): void;
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
  ['drag a node', 'move it (its edges re-bundle) · click: select'],
  ['W A S D', 'move forward / left / back / right'],
  ['0 – 9', `camera poses (${kCameraPresets['0'].name}, ${kCameraPresets['1'].name}, …)`],
  ['H', 'toggle auto-rotation'],
  ['K', 'save a PNG screenshot'],
  ['G', 'control panel (statistics, view, rendering, processing, files)'],
  ['P', 'control panel at the processing settings (Apply re-bundles)'],
  ['C', 'colour mode: Independent → All → Class 0 … (legend)'],
  ['L', 'look: light (over white) → dark (over black) → shaded (opaque)'],
  ['I · V', 'live input (draw or pick a digit) · view: importance → activation → blend'],
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
  const legend = el('div', 'legend', root);
  legend.className = 'panel';
  const banner = el('div', 'banner', root);
  banner.setAttribute('role', 'status');
  let legendFor = '';
  legend.addEventListener('click', (e) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('[data-class]');
    if (row) toggleClass(Number(row.dataset.class));
  });

  return {
    render(state) {
      banner.className = state.status === 'error' ? 'error' : state.status === 'loading' ? 'loading' : 'hidden';
      banner.textContent = state.message;
      const net = state.network;
      const look = state.look;
      const live = look.signal !== 'importance' && !!look.activations;
      const key = net ? [net.classNames.join('\u0000'), JSON.stringify(look.colorMode), [...look.hidden].join(), look.look, live ? look.signal : ''].join('|') : '';
      if (net && key !== legendFor) {
        legendFor = key;
        const palette = classPalette(net.classCount);
        const mode = look.colorMode;
        const note = mode.kind === 'independent' ? '<p>darkness = importance</p>' : mode.kind === 'class' ? '<p>colour strength = share of this class</p>' : '<p>colour = mix of classes by share</p>';
        legend.dataset.mode = mode.kind === 'class' ? `class-${mode.k}` : mode.kind;
        // The activation ramp (activationColor) as a CSS gradient, weak to strong.
        const ramp = live ? `<h2>${look.signal === 'blend' ? 'Blend: importance + activation' : 'Activation'}</h2><p>|activation| / largest in its layer; edges: |w| × source activation</p><div class="ramp"><span>0</span><b></b><span>1</span></div>` : '';
        legend.innerHTML = `${ramp}${live && look.signal === 'activation' ? '' : `<h2>${esc(colorModeLabel(mode, net.classNames))}</h2>${note}`}` + net.classNames.map((name, c) => {
          const off = look.hidden.has(c) || (mode.kind === 'class' && mode.k !== c);
          return `<div class="row${off ? ' off' : ''}" data-class="${c}" title="click: hide / show"><i style="background:${cssColor(palette, c)}"></i><span>${esc(name)}</span></div>`;
        }).join('');
      }
    },
    toggleHelp() {
      help.classList.toggle('hidden');
    },
  };
}
