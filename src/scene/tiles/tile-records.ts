/**
 * The tile instances of a network: which maps are drawn where and how big (pure data, no Babylon). A
 * spatial plane's channels each get a tile centred on their node, the node's grid cell wide; a collapsed
 * plane gets one aggregate tile (mean or max over channels) across the whole plane, where its edges end;
 * the input plane shows the image (grey or one tint per RGB channel). An MLP whose input layer is a
 * square image gets that image as one tile under its pixel nodes (the grid layout puts pixel (r, c) at
 * the centre of texel (r, c)). Each record is 16 floats, read by shaders/render/tile.vertex.glsl.
 */
export { squareImageShape } from '../../../processing/tiles/image-shape';
import { layerOffsets, type ProcessedNetwork } from '../../../processing/format/processed-network';
import { colourRange, type AtlasLayout, type PlaneExtent, type RangeMode } from '../../../processing/tiles/tile-atlas';

/** Floats per tile record (the instance "matrix"). */
export const kTileStride = 16;
/** The atlas base is split as hi·kBaseSplit + lo so both halves stay exact in float32. */
export const kBaseSplit = 4096;
/** Tile side as a fraction of the node's grid cell (the rest is the gap between maps). */
export const kTileFill = 0.9;

/** How a tile colours its values: the diverging map, an image (grey, ink, one tint per channel, or RGB from three consecutive values). */
export type TileMode = 'diverging' | 'grey' | 'ink' | 'red' | 'green' | 'blue' | 'rgb';
const kModeCode: Record<TileMode, number> = { diverging: 0, grey: 1, ink: 2, red: 3, green: 4, blue: 5, rgb: 6 };

export type Aggregate = 'mean' | 'max';

/** What the tiles show: per-plane collapse, the colour range mode, and how the input image is coloured. */
export interface TileSettings {
  range: RangeMode;
  aggregate: Aggregate;
  /** Planes drawn as one aggregate map. */
  collapsed: ReadonlySet<number>;
  /** Grey input displayed as ink (MNIST's white-on-black digits drawn dark on white paper). */
  ink: boolean;
  /** The selected network node (its tile's frame is highlighted), or −1. */
  selected: number;
}

/** One drawn tile, for picking and the details: its plane, channel (−1: the aggregate), centre and half side. */
export interface TileInstance {
  plane: number;
  channel: number;
  /** Network node (−1: aggregate or the MLP's input image). */
  node: number;
  centre: [number, number, number];
  half: number;
  height: number;
  width: number;
}

export interface TileRecords {
  records: Float32Array;
  instances: TileInstance[];
  /** Per network node: half side of the tile drawn for it (0: none), which fades the node in its place. */
  nodeTile: Float32Array;
}

export const kFrame = [0.55, 0.57, 0.62];
export const kSelectedFrame = [1, 0.45, 0];

/** Half side of a node's tile in a layer of `count` nodes laid on a square grid `width` across (its grid cell, less the gap). */
export function cellHalf(width: number, count: number): number {
  return (width / Math.ceil(Math.sqrt(count)) / 2) * kTileFill;
}

/** Appends tile `t`'s record (reading `channels`-strided values from atlas offset `base`, channel `channel`) and its instance. */
export function appendTile(out: number[], instances: TileInstance[], t: TileInstance, base: number, channels: number, channel: number, invRange: number, mode: TileMode, frame: readonly number[]): void {
  const hi = Math.floor(base / kBaseSplit);
  out.push(t.centre[0], t.centre[1], t.centre[2], t.half, hi, base - hi * kBaseSplit, channels, channel, t.width, t.height, invRange, kModeCode[mode], frame[0], frame[1], frame[2], instances.length);
  instances.push(t);
}

/** Builds the tile records of `net` over `layout`; `extents` are the last input's ranges per atlas plane. */
export function tileRecords(net: ProcessedNetwork, layout: AtlasLayout, extents: readonly PlaneExtent[], settings: TileSettings): TileRecords {
  const offsets = layerOffsets(net.layerSizes);
  const width = net.configs.processing.layer_width;
  const pos = net.nodePositions;
  const instances: TileInstance[] = [];
  const nodeTile = new Float32Array(pos.length / 3);
  const out: number[] = [];
  let global = 0;
  for (const e of extents) global = Math.max(global, e.plane);
  const push = (t: TileInstance, base: number, channels: number, channel: number, invRange: number, mode: TileMode, frame: readonly number[]) => appendTile(out, instances, t, base, channels, channel, invRange, mode, frame);
  layout.planes.forEach((q, s) => {
    const p = q.plane;
    const start = offsets[p];
    const count = offsets[p + 1] - start;
    const extent = extents[s];
    const isInput = (net.planes?.[p]?.kind ?? 'input') === 'input';
    const image: TileMode[] = q.channels === 1 ? [settings.ink ? 'ink' : 'grey'] : ['red', 'green', 'blue'];
    const aggregateNode = count === q.channels;
    if ((settings.collapsed.has(p) && !isInput) || !aggregateNode) {
      // One tile across the plane: the collapsed plane's aggregate, or an MLP's input image under its pixel nodes.
      const centre: [number, number, number] = [0, 0, 0];
      for (let k = start; k < start + count; k++) for (let a = 0; a < 3; a++) centre[a] += pos[k * 3 + a] / count;
      const half = aggregateNode ? (width / 2) * kTileFill : width / 2;
      const t: TileInstance = { plane: p, channel: -1, node: -1, centre, half, height: q.height, width: q.width };
      const aggregateRange = settings.aggregate === 'mean' ? extent.mean : extent.max;
      if (aggregateNode) push(t, settings.aggregate === 'mean' ? q.meanBase : q.maxBase, 1, 0, 1 / (aggregateRange > 0 ? aggregateRange : 1), 'diverging', kFrame);
      else push(t, q.base, q.channels, 0, 1, image[0], kFrame);
      for (let k = start; k < start + count; k++) nodeTile[k] = half;
      return;
    }
    const half = cellHalf(width, count);
    for (let c = 0; c < q.channels; c++) {
      const node = start + c;
      const t: TileInstance = { plane: p, channel: c, node, centre: [pos[node * 3], pos[node * 3 + 1], pos[node * 3 + 2]], half, height: q.height, width: q.width };
      const frame = node === settings.selected ? kSelectedFrame : kFrame;
      if (isInput) push(t, q.base, q.channels, c, 1, image[Math.min(c, image.length - 1)], frame);
      else push(t, q.base, q.channels, c, 1 / colourRange(settings.range, extent, c, global), 'diverging', frame);
      nodeTile[node] = half;
    }
  });
  return { records: new Float32Array(out), instances, nodeTile };
}

