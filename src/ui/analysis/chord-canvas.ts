/**
 * Draws a chord layout on a 2D canvas (the desktop panel and the headset's panel texture) and finds the
 * ribbon under a point, by the same Path2D shapes that were drawn.
 */
import { cssColor } from '../../scene/palette';
import type { ChordLayout, ChordRibbon } from './chord-layout';

export interface ChordStyle {
  palette: Float32Array;
  names: string[];
  /** The ribbon to emphasise (others fade), as [true, predicted]. */
  selected: [number, number] | null;
  /** Canvas pixels per layout unit (a headset texture is drawn larger than its layout). */
  scale: number;
  font: string;
  dark?: boolean;
  /** Where the diagram's centre goes in canvas pixels (default: the canvas centre; then the canvas is cleared first). */
  centre?: [number, number];
}

const paths = new WeakMap<ChordLayout, { ribbons: Path2D[]; groups: Path2D[] }>();

function pathsOf(layout: ChordLayout): { ribbons: Path2D[]; groups: Path2D[] } {
  let p = paths.get(layout);
  if (!p) {
    p = { ribbons: layout.ribbons.map((r) => new Path2D(r.path)), groups: layout.groups.map((g) => new Path2D(g.path)) };
    paths.set(layout, p);
  }
  return p;
}

/** Clears `ctx`'s canvas and draws the diagram centred in it. */
export function drawChord(ctx: CanvasRenderingContext2D, layout: ChordLayout, style: ChordStyle): void {
  const { width, height } = ctx.canvas;
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  if (!style.centre) ctx.clearRect(0, 0, width, height);
  const [cx, cy] = style.centre ?? [width / 2, height / 2];
  ctx.translate(cx, cy);
  ctx.scale(style.scale, style.scale);
  const ink = style.dark ? '#eee' : '#333';
  if (layout.total === 0) {
    ctx.fillStyle = ink;
    ctx.font = style.font;
    ctx.textAlign = 'center';
    ctx.fillText('no misclassified digits', 0, 0);
    ctx.restore();
    return;
  }
  const { ribbons, groups } = pathsOf(layout);
  const sel = style.selected;
  layout.ribbons.forEach((r, k) => {
    const on = !sel || (sel[0] === r.source && sel[1] === r.target);
    ctx.globalAlpha = on ? (sel ? 0.95 : 0.72) : 0.12;
    ctx.fillStyle = cssColor(style.palette, r.source);
    ctx.fill(ribbons[k]);
    if (on && sel) {
      ctx.lineWidth = 1.5 / style.scale;
      ctx.strokeStyle = ink;
      ctx.stroke(ribbons[k]);
    }
  });
  ctx.globalAlpha = 1;
  ctx.font = style.font;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  layout.groups.forEach((g, k) => {
    ctx.fillStyle = cssColor(style.palette, g.index);
    ctx.fill(groups[k]);
    ctx.fillStyle = ink;
    ctx.fillText(style.names[g.index] ?? String(g.index), g.label[0], g.label[1]);
  });
  ctx.restore();
}

/** The ribbon under canvas pixel (x, y), topmost first (null: none); `centre` as drawn. */
export function ribbonAt(ctx: CanvasRenderingContext2D, layout: ChordLayout, scale: number, x: number, y: number, centre?: [number, number]): ChordRibbon | null {
  const { ribbons } = pathsOf(layout);
  const [cx, cy] = centre ?? [ctx.canvas.width / 2, ctx.canvas.height / 2];
  ctx.save();
  ctx.setTransform(scale, 0, 0, scale, cx, cy);
  let hit: ChordRibbon | null = null;
  // Drawn smallest first: the last one containing the point is on top.
  for (let k = layout.ribbons.length - 1; k >= 0 && !hit; k--) if (ctx.isPointInPath(ribbons[k], x, y)) hit = layout.ribbons[k];
  ctx.restore();
  return hit;
}

/** A canvas pixel on ribbon true → predicted where it is the topmost one (automation aims there), or null. */
export function ribbonPixel(ctx: CanvasRenderingContext2D, layout: ChordLayout, scale: number, t: number, p: number, centre?: [number, number]): [number, number] | null {
  const ribbon = layout.ribbons.find((r) => r.source === t && r.target === p);
  if (!ribbon) return null;
  const [cx, cy] = centre ?? [ctx.canvas.width / 2, ctx.canvas.height / 2];
  const own = pathsOf(layout).ribbons[layout.ribbons.indexOf(ribbon)];
  const reach = layout.radius * scale;
  const step = Math.max(1, 3 * scale);
  let found: [number, number] | null = null;
  ctx.save();
  ctx.setTransform(scale, 0, 0, scale, cx, cy);
  for (let y = cy - reach; y < cy + reach && !found; y += step) {
    for (let x = cx - reach; x < cx + reach && !found; x += step) {
      // Its own shape first (cheap), then whether another ribbon lies on top there.
      if (ctx.isPointInPath(own, x, y) && ribbonAt(ctx, layout, scale, x, y, centre) === ribbon) found = [x, y];
    }
  }
  ctx.restore();
  return found;
}
