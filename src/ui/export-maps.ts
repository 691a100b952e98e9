/**
 * Feature maps as files: one labelled sheet per plane (every channel's map in a grid, the plane's caption
 * and colour range on top), a ZIP of one PNG per channel per plane, and the selected channel's enlarged
 * map with its kernel slices. Colours follow the current range mode. ZIPs are written by fflate (pinned;
 * a well-kept deflate/ZIP library instead of our own).
 */
import { zipSync } from 'fflate';
import { channelKernels } from '../../processing/graph/kernel-slices';
import { displayValues, presetById } from '../../processing/input/image-convert';
import { layerOffsets } from '../../processing/format/processed-network';
import type { AppState } from '../app/store';
import { layerOfNode } from '../scene/node-picking';
import { planeCaption } from '../scene/plane-labels';
import { divergingPixels, imagePixels, isInkDisplay, largestMagnitude, mapValues } from './map-canvas';
import { downloadBlob, stampedName } from './download';

/** Smallest side (pixels) a map is scaled up to in exports (nearest neighbour). */
const kMinSide = 64;

/** A map's RGBA pixels for plane `plane`, channel `c`, coloured as the tiles are. */
function channelPixels(s: Readonly<AppState>, plane: number, c: number): { pixels: Uint8ClampedArray; w: number; h: number; range: number } {
  const p = s.network!.planes![plane];
  const [h, w, C] = p.shape;
  const all = s.input!.live.maps![plane]!;
  if (p.kind === 'input') {
    const channels = C === 3 ? 3 : 1;
    const display = displayValues(all, channels, presetById(s.input!.preset));
    const one = channels === 3 ? mapValues(display, h, w, 3, c) : display;
    return { pixels: imagePixels(one, 1, isInkDisplay(h, w, C, s.input!.preset)), w, h, range: 1 };
  }
  const values = mapValues(all, h, w, C, c);
  const range = s.maps.range === 'map' ? largestMagnitude(values) : s.maps.range === 'global' ? (s.tiles?.global || largestMagnitude(all)) : largestMagnitude(all);
  return { pixels: divergingPixels(values, range, false), w, h, range };
}

/** Draws `pixels` (w × h) scaled by `k` at (x, y) of `ctx`, nearest neighbour. */
function blit(ctx: CanvasRenderingContext2D, pixels: Uint8ClampedArray, w: number, h: number, x: number, y: number, k: number): void {
  const small = new OffscreenCanvas(w, h);
  small.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(pixels), w, h), 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(small, x, y, w * k, h * k);
}

function toPng(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? b.arrayBuffer().then((a) => resolve(new Uint8Array(a)), reject) : reject(new Error('the browser could not encode the PNG'))), 'image/png'));
}

/** Spatial planes that have maps for the current input. */
function mappedPlanes(s: Readonly<AppState>): number[] {
  const maps = s.input?.live.maps;
  const planes = s.network?.planes;
  if (!planes || !maps) throw new Error('feature maps need a CNN and an input: load a CNN, then draw a digit or drop an image (I)');
  return planes.flatMap((p, i) => (p.shape.length === 3 && maps[i] ? [i] : []));
}

/** A labelled sheet of every channel's map of plane `plane`, as PNG bytes. */
export async function planeSheet(s: Readonly<AppState>, plane: number): Promise<Uint8Array> {
  const p = s.network!.planes![plane];
  const [h, w, C] = p.shape;
  const k = Math.max(1, Math.ceil(kMinSide / Math.max(h, w)));
  const cols = Math.ceil(Math.sqrt(C));
  const rows = Math.ceil(C / cols);
  const cellW = w * k + 8, cellH = h * k + 20, top = 56;
  const first = channelPixels(s, plane, 0);
  const title = `${planeCaption(p)} — ${p.name}`;
  const scale = p.kind === 'input' ? 'the image as the model sees it' : `blue negative · white 0 · red positive · range ${s.maps.range === 'plane' ? `±${first.range.toPrecision(3)} (this plane's largest |value|)` : s.maps.range === 'map' ? 'per map (each its own largest |value|)' : `±${first.range.toPrecision(3)} (global)`}`;
  const source = `input: ${s.input!.label}`;
  const canvas = document.createElement('canvas');
  const probe = canvas.getContext('2d')!;
  probe.font = '11px sans-serif';
  const textWidth = Math.max(probe.measureText(scale).width, probe.measureText(source).width) + 16;
  probe.font = 'bold 15px sans-serif';
  canvas.width = Math.ceil(Math.max(cols * cellW + 8, textWidth, probe.measureText(title).width + 16, 240));
  canvas.height = top + rows * cellH + 8;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#222';
  ctx.font = 'bold 15px sans-serif';
  ctx.fillText(title, 8, 18);
  ctx.font = '11px sans-serif';
  ctx.fillText(scale, 8, 34);
  ctx.fillText(source, 8, 48);
  for (let c = 0; c < C; c++) {
    const x = 4 + (c % cols) * cellW, y = top + Math.floor(c / cols) * cellH;
    const m = channelPixels(s, plane, c);
    ctx.fillStyle = '#444';
    ctx.fillText(`ch ${c}`, x + 2, y + 11);
    blit(ctx, m.pixels, m.w, m.h, x + 2, y + 15, k);
  }
  return toPng(canvas);
}

/** A ZIP of one labelled sheet per plane. */
export async function planeSheetsZip(s: Readonly<AppState>): Promise<Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const plane of mappedPlanes(s)) files[`${String(plane).padStart(2, '0')}-${s.network!.planes![plane].name.replace(/[^\w.-]+/g, '_')}.png`] = await planeSheet(s, plane);
  return zipSync(files, { level: 0 });
}

/** A ZIP with a folder per plane and one PNG per channel (maps scaled up to at least 64 pixels). */
export async function channelsZip(s: Readonly<AppState>): Promise<Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const plane of mappedPlanes(s)) {
    const p = s.network!.planes![plane];
    const [h, w, C] = p.shape;
    const k = Math.max(1, Math.ceil(kMinSide / Math.max(h, w)));
    const folder = `${String(plane).padStart(2, '0')}-${p.name.replace(/[^\w.-]+/g, '_')}`;
    for (let c = 0; c < C; c++) {
      const canvas = document.createElement('canvas');
      canvas.width = w * k;
      canvas.height = h * k;
      const m = channelPixels(s, plane, c);
      blit(canvas.getContext('2d')!, m.pixels, w, h, 0, 0, k);
      files[`${folder}/channel-${String(c).padStart(4, '0')}.png`] = await toPng(canvas);
    }
  }
  // PNGs are compressed already: store them.
  return zipSync(files, { level: 0 });
}

/** The selected channel's enlarged map and its strongest kernel slices, as one PNG. */
export async function selectedChannelPng(s: Readonly<AppState>): Promise<Uint8Array> {
  const net = s.network;
  if (!net?.planes || s.selected === null || s.model?.kind !== 'graph') throw new Error('select a channel node of a CNN first (click it)');
  const plane = layerOfNode(layerOffsets(net.layerSizes), s.selected);
  const p = net.planes[plane];
  if (p.shape.length !== 3) throw new Error(`the selected node is a unit of ${planeCaption(p)}, not a channel with a map`);
  const channel = s.selected - layerOffsets(net.layerSizes)[plane];
  const kernels = channelKernels(s.model.graph, s.model.channels.planes[plane].op, channel, 32);
  const canvas = document.createElement('canvas');
  canvas.width = 480;
  canvas.height = 500;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#222';
  ctx.font = 'bold 15px sans-serif';
  ctx.fillText(`Channel ${channel} of ${planeCaption(p)} — ${p.name}`, 8, 18, 464);
  ctx.font = '11px sans-serif';
  let y = 36;
  if (s.input?.live.maps?.[plane]) {
    const m = channelPixels(s, plane, channel);
    const k = Math.floor(224 / Math.max(m.w, m.h));
    ctx.fillText(`activation map ${m.h} × ${m.w} for ${s.input.label} · blue negative, white 0, red positive, ±${m.range.toPrecision(3)}`, 8, y, 464);
    blit(ctx, m.pixels, m.w, m.h, 8, y + 6, k);
    y += 6 + m.h * k + 22;
  }
  const largest = kernels.slices.reduce((v, sl) => Math.max(v, largestMagnitude(sl.values)), 0) || 1;
  ctx.fillText(kernels.kind === 'none' ? kernels.note : `incoming kernel slices, strongest first (${kernels.slices.length} of ${kernels.total}, ±${largest.toPrecision(3)})${kernels.bias !== null ? ` · bias ${kernels.bias.toFixed(4)}` : ''}`, 8, y, 464);
  kernels.slices.forEach((sl, i) => {
    const k = Math.max(1, Math.floor(36 / Math.max(sl.kh, sl.kw)));
    blit(ctx, divergingPixels(sl.values, largest), sl.kw, sl.kh, 8 + (i % 10) * 46, y + 6 + Math.floor(i / 10) * 46, k);
  });
  return toPng(canvas);
}

/** Builds and downloads one export ('sheets', 'channels' or 'selected'). */
export async function exportFeatureMaps(s: Readonly<AppState>, what: 'sheets' | 'channels' | 'selected'): Promise<void> {
  const name = (s.source.split('/').slice(-2, -1)[0] || s.network?.planes?.[0]?.name || 'network').replace(/\.json$/, '');
  if (what === 'selected') downloadBlob(new Blob([await selectedChannelPng(s) as BlobPart], { type: 'image/png' }), stampedName(`${name}-channel`, 'png'));
  else if (what === 'sheets') downloadBlob(new Blob([await planeSheetsZip(s) as BlobPart], { type: 'application/zip' }), stampedName(`${name}-maps`, 'zip'));
  else downloadBlob(new Blob([await channelsZip(s) as BlobPart], { type: 'application/zip' }), stampedName(`${name}-channels`, 'zip'));
}
