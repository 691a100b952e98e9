/** A dependency-free SVG line chart: axes with ticks and labels, grid, legend, title. */

export interface Series {
  label: string;
  x: number[];
  y: number[];
  color: string;
  dash?: string;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  xRange: [number, number];
  yRange: [number, number];
  xTicks: number[];
  yTicks: number[];
  formatX?: (v: number) => string;
  formatY?: (v: number) => string;
  width?: number;
  height?: number;
  /** Legend beside the plot (default, for reports) or under it (narrow panels). */
  legend?: 'right' | 'below';
  /** A vertical line at this x, labelled (e.g. the app's current pruning fraction). */
  marker?: { x: number; label: string };
}

function esc(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Renders the series as an SVG document string. */
export function lineChart(series: Series[], o: ChartOptions): string {
  const longest = series.reduce((n, s) => Math.max(n, s.label.length), 0);
  const below = o.legend === 'below';
  // Legend column: line sample + text at ≈ 6.6 px per character of 12 px Helvetica.
  const legend = below ? 16 : 60 + Math.ceil(longest * 6.6);
  const legendRows = below ? series.length * 18 + 6 : 0;
  const width = (o.width ?? 560) + legend;
  const height = (o.height ?? 460) + legendRows;
  const m = { left: 64, right: legend, top: 44, bottom: 56 + legendRows };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const sx = (v: number) => m.left + ((v - o.xRange[0]) / (o.xRange[1] - o.xRange[0])) * pw;
  const sy = (v: number) => m.top + ph - ((v - o.yRange[0]) / (o.yRange[1] - o.yRange[0])) * ph;
  const fx = o.formatX ?? String;
  const fy = o.formatY ?? String;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  parts.push(`<text x="${m.left + pw / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${esc(o.title)}</text>`);
  for (const t of o.yTicks) {
    parts.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${sy(t)}" y2="${sy(t)}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${m.left - 8}" y="${sy(t) + 4}" text-anchor="end">${esc(fy(t))}</text>`);
  }
  for (const t of o.xTicks) {
    parts.push(`<line x1="${sx(t)}" x2="${sx(t)}" y1="${m.top}" y2="${m.top + ph}" stroke="#f0f0f0"/>`);
    parts.push(`<line x1="${sx(t)}" x2="${sx(t)}" y1="${m.top + ph}" y2="${m.top + ph + 5}" stroke="#333"/>`);
    parts.push(`<text x="${sx(t)}" y="${m.top + ph + 19}" text-anchor="middle">${esc(fx(t))}</text>`);
  }
  parts.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
  parts.push(`<text x="${m.left + pw / 2}" y="${m.top + ph + 42}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  parts.push(`<text transform="translate(18 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`);
  for (const s of series) {
    const d = s.x.map((x, i) => `${i ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(s.y[i]).toFixed(1)}`).join('');
    parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
  }
  if (o.marker) {
    const x = sx(o.marker.x).toFixed(1);
    parts.push(`<line x1="${x}" x2="${x}" y1="${m.top}" y2="${m.top + ph}" stroke="#222" stroke-width="1.5" stroke-dasharray="1 3"/>`);
    parts.push(`<text x="${x}" y="${m.top - 6}" text-anchor="middle" font-size="11">${esc(o.marker.label)}</text>`);
  }
  series.forEach((s, i) => {
    const y = below ? height - legendRows - 4 + i * 18 : m.top + 8 + i * 20;
    const x = below ? 12 : m.left + pw + 16;
    parts.push(`<line x1="${x}" x2="${x + 28}" y1="${y}" y2="${y}" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    parts.push(`<text x="${x + 36}" y="${y + 4}">${esc(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
