/**
 * Details on demand for the selected node (click on the desktop, trigger or pinch in the headset): its
 * layer and index, its activation for the live input, its per-class importance, its bias and incoming
 * weights (a 28 × 28 image for the first hidden layer, a strip otherwise), and a Trace button that
 * shows only its strongest paths to the input and the output.
 */
import { layerOffsets } from '../../processing/format/processed-network';
import type { AppState } from '../app/store';
import { layerOfNode } from '../scene/node-picking';
import { classPalette, cssColor } from '../scene/palette';
import { planeNodeTitle, planeRows } from './details-plane';
import { createDetailsMaps } from './details-maps';
import { divergingPixels, putPixels } from './map-canvas';

export type FieldBox = { x0: number; y0: number; x1: number; y1: number } | null;

export interface DetailsPanel {
  render(state: Readonly<AppState>): void;
}

/** Builds the (hidden) panel inside `root`; `trace(on)` shows or clears the selected node's trace, `close` deselects. */
export function createDetailsPanel(root: HTMLElement, actions: { trace(on: boolean): void; close(): void; receptiveField?(box: FieldBox): void }): DetailsPanel {
  const panel = document.createElement('div');
  panel.id = 'details';
  panel.className = 'panel hidden';
  panel.innerHTML = `<h2 id="details-title"></h2><div id="details-body"></div>
    <canvas id="details-weights"></canvas><div class="buttons"><button id="details-trace">Trace paths</button><button id="details-close">Close</button></div>`;
  root.appendChild(panel);
  const title = panel.querySelector<HTMLElement>('#details-title')!;
  const body = panel.querySelector<HTMLElement>('#details-body')!;
  const weights = panel.querySelector<HTMLCanvasElement>('#details-weights')!;
  const traceButton = panel.querySelector<HTMLButtonElement>('#details-trace')!;
  const maps = createDetailsMaps((box) => actions.receptiveField?.(box));
  body.after(maps.element);
  traceButton.addEventListener('click', () => actions.trace(!traceButton.classList.contains('on')));
  panel.querySelector('#details-close')!.addEventListener('click', () => actions.close());
  let shownFor = '';

  return {
    render(s) {
      const net = s.network;
      traceButton.classList.toggle('on', !!s.look.trace);
      if (!net || s.selected === null) {
        panel.classList.add('hidden');
        shownFor = '';
        return;
      }
      panel.classList.remove('hidden');
      const key = `${s.selected}|${s.input?.label ?? ''}|${s.input?.elapsedMs ?? ''}|${s.source}|${s.maps.range}|${s.look.signal}`;
      if (key === shownFor) return;
      shownFor = key;
      const node = s.selected;
      const offsets = layerOffsets(net.layerSizes);
      const layer = layerOfNode(offsets, node);
      const index = node - offsets[layer];
      const kind = layer === 0 ? 'input' : layer === net.layerSizes.length - 1 ? 'output' : `hidden ${layer}`;
      const planes = net.planes;
      title.textContent = planes ? planeNodeTitle(planes[layer], index) : `Node ${index} of layer ${layer} (${kind})`;
      const rows: string[] = planes ? planeRows(planes, layer, index, node, s.model?.kind === 'graph' ? s.model : null) : [];
      if (layer === 0 && net.layerSizes[0] === 784) rows.push(`<div class="row"><span>pixel</span><b>row ${Math.floor(index / 28)}, column ${index % 28}</b></div>`);
      if (s.input) {
        const a = s.input.live.layers[layer]?.[index];
        if (a !== undefined) rows.push(`<div class="row" id="details-activation"><span>activation</span><b>${a.toFixed(3)} (${(s.input.live.normalised[node] * 100).toFixed(0)} % of the layer's largest)</b></div>`);
      }
      const dense = layer > 0 && s.model?.kind === 'chain' ? s.model.chain.layers[layer - 1] : undefined;
      if (dense?.bias) rows.push(`<div class="row"><span>bias</span><b>${dense.bias[index].toFixed(4)}</b></div>`);
      const C = net.classCount;
      const palette = classPalette(C);
      rows.push('<div class="sub">importance per class</div>' + net.classNames.map((name, c) => {
        const v = net.nodeImportance[node * C + c];
        return `<div class="bar"><span>${name}</span><i style="width:${(100 * v).toFixed(1)}%;background:${cssColor(palette, c)}"></i><b>${v.toFixed(2)}</b></div>`;
      }).join(''));
      body.innerHTML = rows.join('');
      maps.render(s, planes ? layer : -1, index);
      // Incoming weights: kernel column `index` of the layer's Dense layer.
      weights.classList.toggle('hidden', !dense);
      if (!dense) return;
      const n = dense.inputSize;
      const column = new Float32Array(n);
      let max = 0;
      for (let i = 0; i < n; i++) {
        column[i] = dense.kernel[i * dense.outputSize + index];
        max = Math.max(max, Math.abs(column[i]));
      }
      const square = n === 784;
      weights.className = square ? 'square' : 'strip';
      weights.title = `incoming weights (${n}; blue negative, red positive, largest |w| ${max.toFixed(3)})`;
      putPixels(weights, divergingPixels(column, max), square ? 28 : n, square ? 28 : 1);
    },
  };
}
