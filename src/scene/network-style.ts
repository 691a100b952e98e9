/**
 * ProcessedNetwork + rendering config → the instance buffers the viewer draws: one sphere per node, one
 * line instance per polyline segment (a straight network has one segment per edge). Plain typed arrays in
 * and out (no Babylon), so it is tested in Node.
 *
 * Nodes (nn_vis §3.1, §3.4 "All"): radius = node_object_radius · ‖importance‖₂, capped at 0.45 of the
 * layer's grid spacing so opaque spheres never merge into a wall (‖importance‖₂ reaches √C); colour = the
 * class colours mixed by class share; hidden when ‖importance‖₂ ≤ node_importance_threshold.
 * Edges: colour and alpha run from the source's mix to the target's along the polyline; alpha is nn_vis's importance term
 * [(1 − IO) + IO·a]·(1 − BO) + BO with a = ‖endpoint importance‖₂ · w_imp / √C, so weak edges vanish and the
 * picture is not a hairball; hidden when w_imp · source mean ≤ edge_importance_threshold or alpha ≤ 0.
 * (Depth and thickness opacity terms need the impostors; until then they are left out.)
 */
import type { RenderingConfig } from '../../processing/config/rendering-config';
import type { ProcessedNetwork } from '../../processing/format/processed-network';

export interface NodeInstances {
  count: number;
  /** count × 16 world matrices (uniform scale + translation). */
  matrices: Float32Array;
  /** count × 4 RGBA. */
  colors: Float32Array;
  /** Global node index of each instance. */
  nodeIndex: Uint32Array;
}

export interface EdgeInstances {
  /** Segment instances. */
  count: number;
  /** Edges drawn. */
  edges: number;
  /** Visible edges left out because the segment budget was reached (the least visible go first). */
  overBudget: number;
  /** count × 16 matrices mapping the unit segment z ∈ [0, 1] onto one polyline segment. */
  matrices: Float32Array;
  startColors: Float32Array;
  endColors: Float32Array;
  /** Edge index (into the network's edge arrays) of each instance. */
  edgeIndex: Uint32Array;
}

/** Per node: ‖imp‖₂, mean importance and class-mix colour (RGB). */
export function nodeSummaries(net: ProcessedNetwork, palette: Float32Array): { l2: Float32Array; mean: Float32Array; rgb: Float32Array } {
  const C = net.classCount;
  const n = net.nodePositions.length / 3;
  const l2 = new Float32Array(n);
  const mean = new Float32Array(n);
  const rgb = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    let sq = 0;
    for (let c = 0; c < C; c++) {
      const v = net.nodeImportance[i * C + c];
      sum += v;
      sq += v * v;
    }
    l2[i] = Math.sqrt(sq);
    mean[i] = sum / C;
    if (sum <= 0) continue;
    for (let c = 0; c < C; c++) {
      const share = net.nodeImportance[i * C + c] / sum;
      rgb[i * 3] += share * palette[c * 3];
      rgb[i * 3 + 1] += share * palette[c * 3 + 1];
      rgb[i * 3 + 2] += share * palette[c * 3 + 2];
    }
  }
  return { l2, mean, rgb };
}

function setScaleTranslation(out: Float32Array, at: number, s: number, x: number, y: number, z: number): void {
  out[at] = s; out[at + 5] = s; out[at + 10] = s; out[at + 15] = 1;
  out[at + 12] = x; out[at + 13] = y; out[at + 14] = z;
}

/** Largest node radius per node: 0.45 × its layer's grid spacing (layer_width / ⌈√n⌉). */
function radiusCaps(net: ProcessedNetwork): Float32Array {
  const caps = new Float32Array(net.nodePositions.length / 3);
  let at = 0;
  for (const n of net.layerSizes) {
    caps.fill((0.45 * net.configs.processing.layer_width) / Math.ceil(Math.sqrt(n)), at, at + n);
    at += n;
  }
  return caps;
}

/** Node instances for every node above the importance threshold. */
export function nodeInstances(net: ProcessedNetwork, palette: Float32Array, cfg: RenderingConfig): NodeInstances {
  const { l2, rgb } = nodeSummaries(net, palette);
  const caps = radiusCaps(net);
  const keep: number[] = [];
  for (let i = 0; i < l2.length; i++) if (l2[i] > cfg.node_importance_threshold) keep.push(i);
  const matrices = new Float32Array(keep.length * 16);
  const colors = new Float32Array(keep.length * 4);
  keep.forEach((i, k) => {
    const p = net.nodePositions;
    setScaleTranslation(matrices, k * 16, Math.min(cfg.node_object_radius * l2[i], caps[i]), p[i * 3], p[i * 3 + 1], p[i * 3 + 2]);
    colors.set([rgb[i * 3], rgb[i * 3 + 1], rgb[i * 3 + 2], 1], k * 4);
  });
  return { count: keep.length, matrices, colors, nodeIndex: Uint32Array.from(keep) };
}

/** nn_vis's importance opacity term, without the depth and thickness factors. */
export function importanceAlpha(a: number, importanceOpacity: number, baseOpacity: number): number {
  return ((1 - importanceOpacity) + importanceOpacity * a) * (1 - baseOpacity) + baseOpacity;
}

/** Most segment instances drawn at once: beyond it a browser tab runs out of GPU memory before it helps. */
export const kMaxSegments = 4_000_000;

/**
 * Segment instances of every edge that is above the threshold and not fully transparent; past
 * `maxSegments`, only the most visible edges (largest alpha) are kept.
 */
export function edgeInstances(net: ProcessedNetwork, palette: Float32Array, cfg: RenderingConfig, maxSegments = kMaxSegments): EdgeInstances {
  const { l2, mean, rgb } = nodeSummaries(net, palette);
  const edges = net.edgeSource.length;
  const rootC = Math.sqrt(net.classCount);
  const alphaStart = new Float32Array(edges);
  const alphaEnd = new Float32Array(edges);
  const keep: number[] = [];
  for (let e = 0; e < edges; e++) {
    const s = net.edgeSource[e];
    const t = net.edgeTarget[e];
    const w = net.edgeImportance[e];
    if (w * mean[s] <= cfg.edge_importance_threshold) continue;
    alphaStart[e] = Math.min(1, importanceAlpha((l2[s] * w) / rootC, cfg.edge_importance_opacity, cfg.edge_base_opacity));
    alphaEnd[e] = Math.min(1, importanceAlpha((l2[t] * w) / rootC, cfg.edge_importance_opacity, cfg.edge_base_opacity));
    if (alphaStart[e] > 0 || alphaEnd[e] > 0) keep.push(e);
  }
  const off = net.polylineOffsets;
  let segments = 0;
  for (const e of keep) segments += off[e + 1] - off[e] - 1;
  const visible = keep.length;
  if (segments > maxSegments) {
    const alpha = (e: number) => Math.max(alphaStart[e], alphaEnd[e]);
    keep.sort((a, b) => alpha(b) - alpha(a) || a - b);
    segments = 0;
    let n = 0;
    while (n < keep.length && segments + off[keep[n] + 1] - off[keep[n]] - 1 <= maxSegments) segments += off[keep[n] + 1] - off[keep[n++]] - 1;
    keep.length = n;
    keep.sort((a, b) => a - b);
  }
  const matrices = new Float32Array(segments * 16);
  const startColors = new Float32Array(segments * 4);
  const endColors = new Float32Array(segments * 4);
  const edgeIndex = new Uint32Array(segments);
  const p = net.polylinePoints;
  let k = 0;
  for (const e of keep) {
    const s = net.edgeSource[e] * 3;
    const t = net.edgeTarget[e] * 3;
    const first = off[e];
    const last = off[e + 1] - 1;
    for (let j = first; j < last; j++, k++) {
      const a = j * 3;
      const m = k * 16;
      // Rows are the images of the unit axes (Babylon's row-vector convention); only z carries the segment.
      matrices[m] = 1; matrices[m + 5] = 1; matrices[m + 15] = 1;
      matrices[m + 8] = p[a + 3] - p[a]; matrices[m + 9] = p[a + 4] - p[a + 1]; matrices[m + 10] = p[a + 5] - p[a + 2];
      matrices[m + 12] = p[a]; matrices[m + 13] = p[a + 1]; matrices[m + 14] = p[a + 2];
      mixInto(startColors, k * 4, rgb, s, t, alphaStart[e], alphaEnd[e], (j - first) / (last - first));
      mixInto(endColors, k * 4, rgb, s, t, alphaStart[e], alphaEnd[e], (j + 1 - first) / (last - first));
      edgeIndex[k] = e;
    }
  }
  return { count: segments, edges: keep.length, overBudget: visible - keep.length, matrices, startColors, endColors, edgeIndex };
}

/** RGBA at fraction f along an edge from node colour s (alpha as) to node colour t (alpha at). */
function mixInto(out: Float32Array, at: number, rgb: Float32Array, s: number, t: number, as: number, aT: number, f: number): void {
  out[at] = rgb[s] + f * (rgb[t] - rgb[s]);
  out[at + 1] = rgb[s + 1] + f * (rgb[t + 1] - rgb[s + 1]);
  out[at + 2] = rgb[s + 2] + f * (rgb[t + 2] - rgb[s + 2]);
  out[at + 3] = Math.max(0, as + f * (aT - as));
}

/** Axis-aligned bounds of the node positions: [minX, minY, minZ, maxX, maxY, maxZ]. */
export function nodeBounds(positions: Float32Array): Float32Array {
  const b = Float32Array.from([Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity]);
  for (let i = 0; i < positions.length; i += 3) {
    for (let a = 0; a < 3; a++) {
      b[a] = Math.min(b[a], positions[i + a]);
      b[a + 3] = Math.max(b[a + 3], positions[i + a]);
    }
  }
  return b;
}

/** nn_vis's camera target (get_node_mid): x, y average the bbox centre and the centroid; z = 0. */
export function networkTarget(positions: Float32Array): [number, number, number] {
  const b = nodeBounds(positions);
  const n = positions.length / 3;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < positions.length; i += 3) { cx += positions[i]; cy += positions[i + 1]; }
  return [((b[0] + b[3]) / 2 + cx / n) / 2, ((b[1] + b[4]) / 2 + cy / n) / 2, 0];
}
