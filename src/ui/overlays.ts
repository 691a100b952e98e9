/**
 * HTML overlays in the docks: the key hint (one line, expands on `?`), the class legend (top strip) and
 * the status/error banner (statistics live in the control panel). A failed load with nothing on screen
 * offers a button back to the default network.
 */
import type { AppState } from '../app/store';
import { classPalette, cssColor } from '../scene/palette';
import { colorModeLabel } from '../scene/network-style';
import { kCameraPresets } from '../scene/camera-controller';
import { divergingGradient } from '../scene/diverging';
import type { Docks } from './docks';
import { textColorOn } from './contrast';

export interface Overlays {
  render(state: Readonly<AppState>): void;
  toggleHelp(): void;
  /** Whether the full key help is shown (else the one-line hint). */
  helpExpanded(): boolean;
}

/** Model files name classes and sources: never let them inject markup. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, id: string, parent: HTMLElement, className = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.id = id;
  node.className = className;
  parent.appendChild(node);
  return node;
}

const kKeys: [string, string][] = [
  ['mouse drag', 'orbit · right drag: pan · wheel: zoom'],
  ['drag a node', 'move it (its edges re-bundle) · click: select'],
  ['W A S D', 'move forward / left / back / right'],
  ['F', 'back to the default view (fitted to the free area)'],
  ['0 – 9', `camera poses (${kCameraPresets['0'].name}, ${kCameraPresets['1'].name}, …)`],
  ['H', 'toggle auto-rotation'],
  ['K', 'save a PNG screenshot'],
  ['G', 'control panel (statistics, view, rendering, processing, files)'],
  ['P', 'control panel at the processing settings (Apply re-bundles)'],
  ['C', 'colour mode: Independent → All → Class 0 … (legend)'],
  ['L', 'look: light (over white) → dark (over black) → shaded (opaque)'],
  ['I · V', 'live input (draw or pick a digit) · view: importance → activation → blend'],
  ['M · R', 'feature maps: collapse / expand the selected node\'s plane (all planes when none is selected) · colour range per plane → per map → global'],
  ['E', 'analysis: the held-out digits the model gets wrong (chord diagram, per-class accuracy) · pruning slider and curves'],
  ['T · , .', 'training playback: the network epoch by epoch (accuracy curve, slider, play) · previous / next epoch'],
  ['O', 'preferred inputs: the input each unit or channel looks for — of a plane, every plane or the selected node — shown on the network as its tiles (drag a tile, or an image from the panel, onto the input to feed it)'],
  ['click a plane label', 'collapse / expand that plane\'s feature maps to one mean (or max) map'],
  ['click a class', 'in the legend: hide / show that class'],
  ['Esc', 'cancel bundling and the analysis job'],
  ['?', 'show / hide this help'],
  ['drop files', 'a model.json with its .bin shards, a .nnwalk file, or an image (PNG, JPEG, WebP) to feed the model'],
];

const kRangeNames = { plane: 'per plane', map: 'per map', global: 'global' } as const;

/** Short number for the legend: 3 significant digits. */
function short(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toPrecision(2);
}

/** The feature-map block of the legend (diverging ramp with its numbers, the range mode), or ''. */
function mapsLegend(state: Readonly<AppState>): string {
  const t = state.tiles;
  if (t && t.tiles > 0 && state.preferredTiles) {
    return '<div class="head maps"><h2>Preferred inputs</h2><p>each tile: the input its unit or channel looks for · <span style="color:#2e9e4a">green frame</span>: reaches its largest value on real digits · <span style="color:#c98a00">amber</span>: ascent did not · drag one onto the input</p></div>';
  }
  if (!t || t.tiles === 0 || t.global <= 0) return '';
  const mode = state.maps.range;
  const r = mode === 'global' ? short(t.global) : mode === 'plane' && t.planeRange[0] === t.planeRange[1] ? short(t.global) : 'r';
  const note = mode === 'global' ? `one range for every map: ±${short(t.global)}` : mode === 'plane'
    ? `r = each plane's largest |value| (${short(t.planeRange[0])} … ${short(t.planeRange[1])})`
    : `r = each map's own largest |value| (planes up to ${short(t.global)})`;
  return `<div class="head maps"><h2>Feature maps</h2><div class="ramp diverging"><span>−${r}</span><b style="background:${divergingGradient(state.look.look === 'dark')}"></b><span>+${r}</span></div><p>blue negative · ${state.look.look === 'dark' ? 'black' : 'white'} 0 · red positive; range ${kRangeNames[mode]}: ${note} · R: range · M: collapse</p></div>`;
}

/** What the legend says about reading the colours of a mode. */
function legendNote(state: Readonly<AppState>): string {
  const mode = state.look.colorMode;
  if (mode.kind === 'independent') return 'darker = more important · click a class to hide it';
  if (mode.kind === 'class') return 'stronger colour = larger share of this class · click to hide';
  return 'colour = the class served most · grey = shared by many · click to hide';
}

/** Builds the overlay elements in the docks; `openDefault` loads the default network (the failed-load button). */
export function createOverlays(docks: Pick<Docks, 'top' | 'left' | 'bottom'>, toggleClass: (c: number) => void, openDefault: () => void): Overlays {
  const legend = el('div', 'legend', docks.left, 'panel hidden');
  docks.left.insertBefore(legend, docks.left.firstChild);
  // Level of detail: say when the draw limit leaves segments out (and how to draw them all).
  const lod = el('div', 'lod-notice', docks.left, 'panel hidden');
  docks.left.insertBefore(lod, legend.nextSibling);
  const bannerSlot = el('div', 'banner-slot', docks.top);
  docks.top.insertBefore(bannerSlot, docks.top.firstChild);
  const banner = el('div', 'banner', bannerSlot, 'hidden');
  banner.setAttribute('role', 'status');
  const bannerText = el('span', 'banner-text', banner);
  const backButton = el('button', 'banner-default', banner);
  backButton.type = 'button';
  backButton.textContent = 'Open the default network';
  backButton.addEventListener('click', openDefault);
  // The one-line hint sits at the foot of the left column; the full help takes the bottom row.
  const help = el('div', 'help', docks.left, 'panel');
  const hint = '<div class="hint"><kbd>?</kbd> all keys<br><kbd>G</kbd> controls<br><kbd>I</kbd> draw a digit<br><kbd>F</kbd> default view</div>';
  const full = '<h2>Keys <span class="note">(? hides)</span></h2><div class="keys">' + kKeys.map(([k, v]) => `<div class="row"><kbd>${k}</kbd><span>${v}</span></div>`).join('') + '</div>';
  let expanded = false;
  const showHelp = () => {
    help.innerHTML = expanded ? full : hint;
    help.classList.toggle('expanded', expanded);
    (expanded ? docks.bottom : docks.left).appendChild(help);
  };
  showHelp();
  let legendFor = '';
  legend.addEventListener('click', (e) => {
    const chip = (e.target as HTMLElement).closest<HTMLElement>('[data-class]');
    if (chip) toggleClass(Number(chip.dataset.class));
  });

  return {
    render(state) {
      banner.className = state.status === 'error' ? 'error' : state.status === 'loading' ? 'loading' : 'hidden';
      bannerSlot.classList.toggle('hidden', state.status === 'ready');
      bannerText.textContent = state.message;
      backButton.classList.toggle('hidden', !(state.status === 'error' && !state.network));
      const net = state.network;
      const v = state.view;
      const overBudget = Number(net?.stats.overBudgetEdges ?? 0);
      lod.classList.toggle('hidden', !net || (!v?.edgesOverBudget && !overBudget));
      if (net) {
        const lines: string[] = [];
        if (overBudget) lines.push(`Large network: the ${net.edgeSource.length.toLocaleString('en')} most important of ${(net.edgeSource.length + overBudget).toLocaleString('en')} connections are bundled and shown (bundling budget: importance × source importance, after pruning).`);
        if (v?.edgesOverBudget) lines.push(`Level of detail: the ${v.segmentsShown.toLocaleString('en')} most visible of ${v.segmentsWanted.toLocaleString('en')} segments are drawn (draw limit ${v.segmentBudget.toLocaleString('en')}${state.configs.rendering.max_segments ? '' : ', automatic for this renderer'}; Controls → Edges → Draw limit).`);
        lod.textContent = lines.join('\n');
      }
      legend.classList.toggle('hidden', !net);
      if (!net) {
        legendFor = '';
        return;
      }
      const look = state.look;
      const live = look.signal !== 'importance' && !!look.activations;
      const maps = mapsLegend(state);
      const key = [net.classNames.join('\u0000'), JSON.stringify(look.colorMode), [...look.hidden].join(), look.look, live ? look.signal : '', maps].join('|');
      if (key === legendFor) return;
      legendFor = key;
      const palette = classPalette(net.classCount);
      const mode = look.colorMode;
      legend.dataset.mode = mode.kind === 'class' ? `class-${mode.k}` : mode.kind;
      // The activation ramp (activationColor) as a CSS gradient, weak to strong.
      const ramp = live
        ? `<div class="head"><h2>${look.signal === 'blend' ? 'Blend' : 'Activation'}</h2><div class="ramp"><span>0</span><b></b><span>1</span></div><p>|activation| ÷ layer's largest · edges: |w| × source activation</p></div>`
        : '';
      // In the activation view colours are the ramp's, not the classes': the class chips would mislead.
      if (live && look.signal === 'activation') {
        legend.innerHTML = ramp + maps;
        return;
      }
      const chips = net.classNames.map((name, c) => {
        const off = look.hidden.has(c) || (mode.kind === 'class' && mode.k !== c);
        const bg = cssColor(palette, c);
        return `<span class="chip${off ? ' off' : ''}" data-class="${c}" title="${esc(name)}: click to hide / show" style="background:${bg};color:${textColorOn(palette, c)}">${esc(name)}</span>`;
      }).join('');
      const note = look.signal === 'blend' ? 'half importance colours (classes below), half activation' : legendNote(state);
      legend.innerHTML = `${ramp}<div class="head"><h2>${esc(colorModeLabel(mode, net.classNames))}</h2><div class="chips">${chips}</div><p>${note}</p></div>${maps}`;
    },
    toggleHelp() {
      expanded = !expanded;
      showHelp();
    },
    helpExpanded: () => expanded,
  };
}
