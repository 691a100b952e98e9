/** What a feature-map texel is: its tooltip text and the input box it sees (desktop hover, headset pointer, details). */
import { receptiveField } from '../../processing/graph/receptive-field';
import type { AppState } from '../app/store';
import type { TileInstance } from '../scene/tiles/tile-records';
import { planeCaption } from '../scene/plane-labels';

/** The receptive field of pixel (y, x) of plane `plane` as texel bounds on the input tiles, or null (no model graph). */
export function receptiveBox(s: Readonly<AppState>, plane: number, y: number, x: number): { x0: number; y0: number; x1: number; y1: number } | null {
  const model = s.model;
  if (model?.kind !== 'graph') return null;
  const op = model.channels.planes[plane]?.op;
  if (op === undefined) return null;
  const box = receptiveField(model.graph, op, y, x);
  return { x0: box.x0, y0: box.y0, x1: box.x1, y1: box.y1 };
}

/** One line: plane, channel, pixel, value, and the input rows and columns it sees. */
export function describeTexel(s: Readonly<AppState>, tile: TileInstance, y: number, x: number, value: number): string {
  const p = s.network?.planes?.[tile.plane];
  const where = p ? planeCaption(p) : 'input';
  const what = tile.channel < 0 ? (tile.node < 0 && !p ? 'image' : `${s.maps.aggregate} over channels`) : `channel ${tile.channel}`;
  const box = p && p.kind !== 'input' ? receptiveBox(s, tile.plane, y, x) : null;
  const sees = box ? ` · sees input rows ${box.y0}–${box.y1}, columns ${box.x0}–${box.x1}` : '';
  return `${where}, ${what} · pixel (${y}, ${x}) = ${Number.isFinite(value) ? value.toFixed(3) : '–'}${sees}`;
}
