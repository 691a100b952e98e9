/** Detail rows for a node of a network with planes (CNNs): plane kind and shape, folded ops, bias, strongest incoming channels. */
import type { ChannelGraph } from '../../processing/graph/channel-graph';
import type { PlaneInfo } from '../../processing/format/processed-network';
import type { ModelGraph } from '../../processing/model/model-graph';
import { planeCaption } from '../scene/plane-labels';

const kStrongest = 5;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** The title of a node of plane `plane` (index `index` within it). */
export function planeNodeTitle(p: PlaneInfo, index: number): string {
  return `${p.shape.length === 3 ? 'Channel' : 'Unit'} ${index} of ${planeCaption(p)}`;
}

/** HTML rows: layer name, folded ops, bias (with the model), strongest incoming channels by kernel-slice norm. */
export function planeRows(planes: PlaneInfo[], plane: number, index: number, node: number, model: { graph: ModelGraph; channels: ChannelGraph } | null): string[] {
  const p = planes[plane];
  const rows = [`<div class="row"><span>layer</span><b>${escapeHtml(p.name)}</b></div>`];
  if (p.folded.length) rows.push(`<div class="row"><span>folded in</span><b>${p.folded.map(escapeHtml).join(', ')}</b></div>`);
  if (p.lane > 0 || planes.some((q, i) => i !== plane && q.depth === p.depth)) rows.push(`<div class="row"><span>branch</span><b>lane ${p.lane + 1} at depth ${p.depth}</b></div>`);
  if (!model) return rows;
  const start = model.graph.ops[model.channels.planes[plane].start];
  if ('bias' in start && start.bias) rows.push(`<div class="row"><span>bias</span><b>${start.bias[index].toFixed(4)}</b></div>`);
  const cg = model.channels;
  const incoming: { from: number; w: number }[] = [];
  for (let e = 0; e < cg.edgeTarget.length; e++) if (cg.edgeTarget[e] === node) incoming.push({ from: cg.edgeSource[e], w: cg.edgeWeight[e] });
  if (incoming.length === 0) return rows;
  incoming.sort((a, b) => b.w - a.w);
  const offsets = [0];
  for (const n of cg.sizes) offsets.push(offsets[offsets.length - 1] + n);
  const planeOf = (n: number) => offsets.findIndex((o, i) => n >= o && n < offsets[i + 1]);
  const what = p.kind === 'conv' || p.kind === 'depthwise' ? '‖kernel slice‖' : p.kind === 'dense' ? '‖weights‖' : 'link';
  rows.push(`<div class="sub">strongest incoming (${what}, ${incoming.length} in all)</div>` + incoming.slice(0, kStrongest).map(({ from, w }) => {
    const q = planeOf(from);
    return `<div class="row"><span>${planes[q].shape.length === 3 ? 'ch' : 'unit'} ${from - offsets[q]} of ${escapeHtml(planes[q].name)}</span><b>${w.toFixed(3)}</b></div>`;
  }).join(''));
  return rows;
}
