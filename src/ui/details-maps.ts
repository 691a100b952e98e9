/**
 * The feature-map part of a channel node's details: its activation map enlarged (hover a pixel: its value
 * and the input region it sees, outlined on the input image beside it and on the input tiles in the
 * scene), and its incoming kernel slices as small images, strongest first, with the bias.
 */
import { channelKernels } from '../../processing/graph/kernel-slices';
import { displayValues, presetById } from '../../processing/input/image-convert';
import type { AppState } from '../app/store';
import { divergingPixels, imagePixels, isInkDisplay, largestMagnitude, mapValues, putPixels } from './map-canvas';
import { receptiveBox } from './tile-texel';

/** Kernel slices drawn (the rest are counted). */
const kSlicesShown = 24;

export interface DetailsMaps {
  readonly element: HTMLElement;
  /** Shows channel `channel` of plane `plane` (hides itself for anything else). */
  render(s: Readonly<AppState>, plane: number, channel: number): void;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** Builds the block; `onHover` receives the receptive field of the hovered pixel (null when the pointer leaves). */
export function createDetailsMaps(onHover: (box: { x0: number; y0: number; x1: number; y1: number } | null) => void): DetailsMaps {
  const element = document.createElement('div');
  element.id = 'details-maps';
  element.innerHTML = `<div class="sub" id="details-map-title"></div>
    <div class="map-row"><canvas id="details-map" title="this channel's activation map: hover a pixel"></canvas><canvas id="details-field" title="the input; the outline is what the hovered pixel sees"></canvas></div>
    <div class="row" id="details-map-value"></div>
    <div class="sub" id="details-kernels-title"></div><div id="details-kernels"></div>`;
  const mapCanvas = element.querySelector<HTMLCanvasElement>('#details-map')!;
  const field = element.querySelector<HTMLCanvasElement>('#details-field')!;
  const mapTitle = element.querySelector<HTMLElement>('#details-map-title')!;
  const valueLine = element.querySelector<HTMLElement>('#details-map-value')!;
  const kernelsTitle = element.querySelector<HTMLElement>('#details-kernels-title')!;
  const kernels = element.querySelector<HTMLElement>('#details-kernels')!;
  let current: { s: Readonly<AppState>; plane: number; channel: number; h: number; w: number; values: Float32Array | null; input: Uint8ClampedArray | null; iw: number; ih: number } | null = null;

  const drawField = (box: { x0: number; y0: number; x1: number; y1: number } | null) => {
    if (!current?.input) return;
    putPixels(field, current.input, current.iw, current.ih);
    if (!box) return;
    const ctx = field.getContext('2d')!;
    ctx.strokeStyle = '#ff7300';
    ctx.lineWidth = Math.max(0.6, current.iw / 60);
    ctx.strokeRect(box.x0, box.y0, box.x1 - box.x0 + 1, box.y1 - box.y0 + 1);
  };
  mapCanvas.addEventListener('pointermove', (e) => {
    if (!current?.values) return;
    const r = mapCanvas.getBoundingClientRect();
    const x = Math.min(current.w - 1, Math.max(0, Math.floor(((e.clientX - r.left) / r.width) * current.w)));
    const y = Math.min(current.h - 1, Math.max(0, Math.floor(((e.clientY - r.top) / r.height) * current.h)));
    const box = receptiveBox(current.s, current.plane, y, x);
    valueLine.innerHTML = `<span>pixel (${y}, ${x})</span><b>${current.values[y * current.w + x].toFixed(3)}${box ? ` · sees rows ${box.y0}–${box.y1}, cols ${box.x0}–${box.x1}` : ''}</b>`;
    drawField(box);
    onHover(box);
  });
  mapCanvas.addEventListener('pointerleave', () => {
    valueLine.textContent = '';
    drawField(null);
    onHover(null);
  });

  return {
    element,
    render(s, plane, channel) {
      const p = s.network?.planes?.[plane];
      const model = s.model;
      if (!p || p.shape.length !== 3 || model?.kind !== 'graph') {
        element.classList.add('hidden');
        current = null;
        return;
      }
      element.classList.remove('hidden');
      const [h, w, C] = p.shape;
      const maps = s.input?.live.maps?.[plane] ?? null;
      const values = maps ? mapValues(maps, h, w, C, channel) : null;
      const first = s.network!.planes![0];
      const input = s.input && first.shape.length === 3 ? imagePixels(displayValues(s.input.pixels, first.shape[2] === 3 ? 3 : 1, presetById(s.input.preset)), first.shape[2] === 3 ? 3 : 1, isInkDisplay(first.shape[0], first.shape[1], first.shape[2], s.input.preset)) : null;
      current = { s, plane, channel, h, w, values, input, ih: first.shape[0], iw: first.shape[1] };
      mapCanvas.classList.toggle('hidden', !values);
      field.classList.toggle('hidden', !input || p.kind === 'input');
      valueLine.textContent = '';
      if (values) {
        const range = s.maps.range === 'map' ? largestMagnitude(values) : s.maps.range === 'global' ? (s.tiles?.global || largestMagnitude(values)) : largestMagnitude(maps!);
        putPixels(mapCanvas, divergingPixels(values, range), w, h);
        mapTitle.textContent = `activation map ${h} × ${w} (±${range.toPrecision(3)}: range ${s.maps.range === 'map' ? 'per map' : s.maps.range === 'plane' ? 'per plane' : 'global'})`;
        drawField(null);
      } else {
        mapTitle.textContent = 'activation map: feed an input (I) to see it';
      }
      const k = channelKernels(model.graph, model.channels.planes[plane].op, channel, kSlicesShown);
      const source = s.network!.planes![p.inputs[0]];
      kernelsTitle.innerHTML = k.kind === 'none' ? escapeHtml(k.note) : `incoming kernel slices (${k.total}${k.total > k.slices.length ? `, strongest ${k.slices.length} shown` : ''}) from ${escapeHtml(source?.name ?? 'the input')}${k.bias !== null ? ` · bias ${k.bias.toFixed(4)}` : ''}${k.note ? ` · ${escapeHtml(k.note)}` : ''}`;
      const largest = k.slices.reduce((m, sl) => Math.max(m, largestMagnitude(sl.values)), 0) || 1;
      kernels.replaceChildren(...k.slices.map((sl) => {
        const c = document.createElement('canvas');
        c.className = 'kernel';
        c.title = `from channel ${sl.inputChannel} · ‖slice‖ ${sl.norm.toFixed(3)} · ${sl.kh} × ${sl.kw}`;
        putPixels(c, divergingPixels(sl.values, largest), sl.kw, sl.kh);
        return c;
      }));
    },
  };
}
