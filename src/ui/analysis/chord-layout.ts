/**
 * The misclassification chord diagram's geometry (no DOM, so Node tests read it): d3-chord's directed
 * layout of the error matrix (true class → predicted class), ribbons as arrows sized by count at the
 * true class's end, and d3-shape arcs for the class groups. Paths are SVG path strings centred on (0, 0);
 * a canvas draws them with Path2D, which also answers which ribbon a pointer is on.
 */
import { chordDirected, ribbonArrow } from 'd3-chord';
import { arc } from 'd3-shape';

export interface ChordGroup {
  /** Class index. */
  index: number;
  startAngle: number;
  endAngle: number;
  /** Errors leaving (true = this class) and arriving (predicted = this class). */
  outgoing: number;
  incoming: number;
  /** The group's arc on the rim. */
  path: string;
  /** Where its label goes. */
  label: [number, number];
}

export interface ChordRibbon {
  /** True class. */
  source: number;
  /** Predicted class. */
  target: number;
  /** Misclassified samples true → predicted. */
  count: number;
  path: string;
}

export interface ChordLayout {
  classCount: number;
  /** All errors (sum of the ribbons). */
  total: number;
  radius: number;
  groups: ChordGroup[];
  /** Smallest first, so larger ribbons are drawn over smaller ones. */
  ribbons: ChordRibbon[];
}

/** Lays out `rows` (C × C error counts, diagonal ignored) on a circle of outer radius `radius`. */
export function chordLayout(rows: number[][], radius: number): ChordLayout {
  const C = rows.length;
  if (rows.some((r) => r.length !== C)) throw new Error('the error matrix must be square');
  const errors = rows.map((r, t) => r.map((v, p) => {
    if (!(Number.isFinite(v) && v >= 0)) throw new Error(`error count ${t} → ${p} is not a non-negative number: ${v}`);
    return t === p ? 0 : v;
  }));
  const total = errors.reduce((a, r) => a + r.reduce((b, v) => b + v, 0), 0);
  const ring = Math.max(6, radius * 0.07);
  const inner = radius - ring - 14;
  const chords = chordDirected().padAngle(Math.min(0.05, 1 / C)).sortSubgroups((a, b) => b - a).sortChords((a, b) => a - b)(errors);
  const rim = arc<{ startAngle: number; endAngle: number }>().innerRadius(inner + 2).outerRadius(inner + 2 + ring);
  const labelRadius = inner + ring + 9;
  const groups: ChordGroup[] = total === 0 ? [] : chords.groups.map((g) => {
    const mid = (g.startAngle + g.endAngle) / 2;
    return {
      index: g.index, startAngle: g.startAngle, endAngle: g.endAngle,
      outgoing: errors[g.index].reduce((a, v) => a + v, 0),
      incoming: errors.reduce((a, r) => a + r[g.index], 0),
      path: rim(g) ?? '',
      // d3 angles run clockwise from 12 o'clock.
      label: [labelRadius * Math.sin(mid), -labelRadius * Math.cos(mid)],
    };
  });
  const ribbon = ribbonArrow<unknown, unknown>().radius(inner - 1).padAngle(1 / inner);
  const ribbons: ChordRibbon[] = chords.map((c) => ({
    source: c.source.index, target: c.target.index, count: c.source.value,
    path: String((ribbon as unknown as (d: unknown) => string | null)(c) ?? ''),
  }));
  return { classCount: C, total, radius, groups, ribbons };
}
