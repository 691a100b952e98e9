/**
 * The feature-map atlas: every spatial plane's activations in one linear data texture (four floats per
 * RGBA texel, row-major over a fixed width), as llm-viz samples tensors. A plane keeps the forward pass's own
 * H × W × C layout, so an input writes each plane with one copy, and a tile finds value (y, x, c) at
 * base + (y·W + x)·C + c. Each plane also holds its mean and max map over channels (what a collapsed
 * plane shows) and starts on a fresh texture row, so a plane's update is a band of whole rows.
 */

/** Where one plane's values live in the atlas. */
export interface AtlasPlane {
  /** Index into the network's planes. */
  plane: number;
  height: number;
  width: number;
  channels: number;
  /** Linear offset of value (0, 0, 0); then (y·width + x)·channels + c. */
  base: number;
  /** Linear offsets of the mean and the max over channels (height × width each, one value per pixel). */
  meanBase: number;
  maxBase: number;
  /** First texture row and row count of the plane's band. */
  row0: number;
  rows: number;
}

export interface AtlasLayout {
  /** Texture width and height in texels (each texel holds 4 consecutive values). */
  width: number;
  height: number;
  planes: AtlasPlane[];
  /** Plane index → its entry in `planes` (−1: not tiled). */
  slot: Int32Array;
}

/** What one input left in a plane: per map and per plane the largest |value| (the colour ranges). */
export interface PlaneExtent {
  /** Largest |value| of each channel's map. */
  map: Float32Array;
  /** Largest |value| over the plane. */
  plane: number;
  /** Largest |value| of the mean map and of the max map (a collapsed plane's range: the aggregate's own). */
  mean: number;
  max: number;
}

/** Values per RGBA texel: a quarter of the texels to upload (software GL converts per texel). */
export const kValuesPerTexel = 4;
/** Preferred atlas width in texels: 4,096 values a row, so planes of ≤ 4 M values stay under 1,024 rows. */
const kPreferredWidth = 1024;

/** Lays out the planes whose shape is H × W × C (`null` or a vector: no tiles) in a texture at most `maxTextureSize` on a side. */
export function layoutAtlas(shapes: readonly (readonly number[] | null)[], maxTextureSize: number): AtlasLayout {
  if (!(maxTextureSize >= 1)) throw new Error(`the GPU's largest texture side is ${maxTextureSize}: feature-map tiles need a float texture`);
  const width = Math.min(kPreferredWidth, maxTextureSize);
  const planes: AtlasPlane[] = [];
  const slot = new Int32Array(shapes.length).fill(-1);
  let row = 0;
  shapes.forEach((shape, p) => {
    if (!shape || shape.length !== 3) return;
    const [h, w, c] = shape;
    const values = h * w * c;
    const rows = Math.ceil((values + 2 * h * w) / (width * kValuesPerTexel));
    const base = row * width * kValuesPerTexel;
    slot[p] = planes.length;
    planes.push({ plane: p, height: h, width: w, channels: c, base, meanBase: base + values, maxBase: base + values + h * w, row0: row, rows });
    row += rows;
  });
  if (row > maxTextureSize) {
    const total = planes.reduce((n, q) => n + q.rows * width * kValuesPerTexel, 0);
    throw new Error(`the feature maps hold ${total.toLocaleString('en-US')} values: more than one ${width} × ${maxTextureSize} RGBA float texture of this GPU takes, so tiles are off for this network`);
  }
  return { width, height: Math.max(1, row), planes, slot };
}

/** Texel (column, row) and component (0–3) of linear offset `at`. */
export function texelOf(layout: AtlasLayout, at: number): [number, number, number] {
  const t = Math.floor(at / kValuesPerTexel);
  return [t % layout.width, Math.floor(t / layout.width), at % kValuesPerTexel];
}

/** Linear offset of value (y, x, c) of atlas plane `q`. */
export function valueOffset(q: AtlasPlane, y: number, x: number, c: number): number {
  return q.base + (y * q.width + x) * q.channels + c;
}

/**
 * Writes one plane's H × W × C `values` into `atlas` (the texture's data, width × height floats) with its
 * mean and max maps; returns the plane's ranges and whether anything changed (unchanged planes need no upload).
 */
export function writePlane(q: AtlasPlane, values: Float32Array, atlas: Float32Array, extent: PlaneExtent): boolean {
  const { height: h, width: w, channels: C } = q;
  const n = h * w * C;
  if (values.length !== n) throw new Error(`plane ${q.plane} has ${h} × ${w} × ${C} = ${n} values; the input gave ${values.length}`);
  let changed = false;
  for (let i = 0; i < n; i++) {
    if (atlas[q.base + i] !== values[i]) { changed = true; break; }
  }
  if (changed) atlas.set(values, q.base);
  const map = extent.map;
  map.fill(0);
  let planeMax = 0;
  let meanMax = 0;
  let maxMax = 0;
  for (let p = 0, at = q.base; p < h * w; p++) {
    let sum = 0;
    let max = -Infinity;
    for (let c = 0; c < C; c++, at++) {
      const v = atlas[at];
      sum += v;
      if (v > max) max = v;
      const a = Math.abs(v);
      if (a > map[c]) map[c] = a;
    }
    atlas[q.meanBase + p] = sum / C;
    atlas[q.maxBase + p] = max;
    meanMax = Math.max(meanMax, Math.abs(sum / C));
    maxMax = Math.max(maxMax, Math.abs(max));
  }
  extent.mean = meanMax;
  extent.max = maxMax;
  for (let c = 0; c < C; c++) if (map[c] > planeMax) planeMax = map[c];
  extent.plane = planeMax;
  return changed;
}

/** An extent sized for atlas plane `q`. */
export function emptyExtent(q: AtlasPlane): PlaneExtent {
  return { map: new Float32Array(q.channels), plane: 0, mean: 0, max: 0 };
}

export type RangeMode = 'map' | 'plane' | 'global';
export const kRangeModes: readonly RangeMode[] = ['plane', 'map', 'global'];

/** The colour range (largest |value| shown at full colour) of channel `c` of a plane under `mode`; a silent map gets 1 (it shows zero). */
export function colourRange(mode: RangeMode, extent: PlaneExtent, c: number, global: number): number {
  const r = mode === 'map' ? extent.map[c] : mode === 'plane' ? extent.plane : global;
  return r > 0 && Number.isFinite(r) ? r : 1;
}
