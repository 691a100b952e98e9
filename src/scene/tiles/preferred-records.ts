/**
 * The tiles of the preferred-input view: every node whose unit or channel has a visualization shows it
 * as its tile (grey, ink or RGB like the input image), framed green where the image reaches the unit's
 * largest held-out value and amber where ascent did not beat real data (the panel's legend); the input
 * plane shows the image the network is looking at, the drop target for a carried preferred input.
 */
import { layerOffsets, type ProcessedNetwork } from '../../../processing/format/processed-network';
import { emptyExtent, type AtlasLayout } from '../../../processing/tiles/tile-atlas';
import { beatsData, type PlaneVisuals } from '../../../processing/tiles/preferred-atlas';
import { appendTile, cellHalf, kSelectedFrame, tileRecords, type TileInstance, type TileMode, type TileRecords } from './tile-records';

export const kBeatsFrame = [0.18, 0.62, 0.29];
export const kShortFrame = [0.88, 0.63, 0.13];

/** Records of the preferred-input view over `layout` (the input plane's slot, then one per visualized plane). */
export function preferredRecords(net: ProcessedNetwork, layout: AtlasLayout, visuals: readonly PlaneVisuals[], o: { ink: boolean; selected: number }): TileRecords {
  // The input plane as the feature maps draw it (its image, under an MLP's pixel nodes or at a CNN's channel nodes).
  const input = layout.planes.filter((q) => q.plane === 0);
  const base = tileRecords(net, { ...layout, planes: input }, input.map(emptyExtent), { range: 'plane', aggregate: 'mean', collapsed: new Set(), ink: o.ink, selected: o.selected });
  const out = Array.from(base.records);
  const instances: TileInstance[] = base.instances;
  const nodeTile = base.nodeTile;
  const offsets = layerOffsets(net.layerSizes);
  const pos = net.nodePositions;
  const width = net.configs.processing.layer_width;
  for (const v of visuals) {
    const slot = layout.slot[v.plane];
    if (slot < 0 || v.plane <= 0 || v.plane >= net.layerSizes.length) continue;
    const q = layout.planes[slot];
    const count = offsets[v.plane + 1] - offsets[v.plane];
    if (count !== v.unitCount) continue; // another network's visuals (the plane's size differs): nothing of it is drawn
    const half = cellHalf(width, count);
    const mode: TileMode = v.shape.c === 3 ? 'rgb' : o.ink ? 'ink' : 'grey';
    for (let u = 0; u < count; u++) {
      if (!v.have[u]) continue;
      const node = offsets[v.plane] + u;
      const t: TileInstance = { plane: v.plane, channel: u, node, centre: [pos[node * 3], pos[node * 3 + 1], pos[node * 3 + 2]], half, height: q.height, width: q.width };
      const frame = node === o.selected ? kSelectedFrame : beatsData(v, u) ? kBeatsFrame : kShortFrame;
      appendTile(out, instances, t, q.base, q.channels, u * v.shape.c, 1, mode, frame);
      nodeTile[node] = half;
    }
  }
  return { records: new Float32Array(out), instances, nodeTile };
}
