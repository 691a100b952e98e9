/**
 * Per-instance records of the impostor layers, written into caller-owned buffers (so the scene updates
 * its GPU buffers in place): a 4×4 matrix mapping the unit cube onto the object's bounding box (the unit
 * sphere onto the object), an RGBA colour (rgb, importance alpha a) and the value the importance
 * threshold is compared with. nn_vis §3.1: node radius = Size·‖imp‖₂; one stretched ellipsoid per polyline
 * segment with cross radius r = Size·imp and half-length |AB|/2·(1 + 1.5·imp) + r, shortened to
 * |AB|/2 + r on the segments that touch an edge's ends so tubes do not overshoot the nodes.
 */
import type { RenderingConfig } from '../../processing/config/rendering-config';
import type { ProcessedNetwork } from '../../processing/format/processed-network';
import { importanceAlpha, sizeScale, type NodePaint } from './network-style';

export interface ImpostorBuffers {
  /** capacity × 16 */
  matrices: Float32Array;
  /** capacity × 4 */
  colors: Float32Array;
  /** capacity × 1 */
  importance: Float32Array;
  /** capacity × 1: a segment's place along its edge (0 source … 1 target); 0 for nodes. */
  flow: Float32Array;
}

/**
 * Buffers for `count` instances: `current` when large enough, else new ones with headroom — doubling
 * once a layer has grown, so a bundling run (strands gain samples as the spacing shrinks) re-creates
 * the GPU buffers a few times in all, not per progress update.
 */
export function ensureCapacity(current: ImpostorBuffers | null, count: number): ImpostorBuffers {
  if (current && current.importance.length >= count) return current;
  const capacity = Math.max(16, Math.ceil(count * (current ? 2 : 1.25)));
  return { matrices: new Float32Array(capacity * 16), colors: new Float32Array(capacity * 4), importance: new Float32Array(capacity), flow: new Float32Array(capacity) };
}

/** Largest node radius per node in the shaded look: 0.45 × its layer's grid spacing, so opaque spheres never merge into a wall. */
function radiusCaps(net: ProcessedNetwork): Float32Array {
  const caps = new Float32Array(net.nodePositions.length / 3);
  let at = 0;
  for (const n of net.layerSizes) {
    caps.fill((0.45 * net.configs.processing.layer_width) / Math.ceil(Math.sqrt(n)), at, at + n);
    at += n;
  }
  return caps;
}

/**
 * The value a node's importance threshold is compared with: ‖imp‖₂ / √C, which stays in [0, 1] (class
 * importances are in [0, 1]), so the threshold's [0, 1] range reaches every node (nn_vis compares ‖imp‖₂,
 * which exceeds 1 for nodes important to several classes: a threshold of 1 left them standing).
 */
export function nodeThresholdValue(paint: NodePaint, i: number, classCount: number): number {
  return paint.l2[i] / (Math.sqrt(classCount) * sizeScale(classCount));
}

/**
 * The importance thresholds that keep about `edgeShare` of the edges and `nodeShare` of the nodes: the
 * values the vertex stage compares (|w| · source mean importance; ‖imp‖₂ / √C) at those quantiles.
 */
export function strongestThresholds(net: ProcessedNetwork, edgeShare: number, nodeShare: number): { edge: number; node: number } {
  const C = net.classCount;
  const n = net.nodePositions.length / 3;
  const mean = new Float32Array(n);
  const l2 = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    let sq = 0;
    for (let c = 0; c < C; c++) {
      const v = net.nodeImportance[i * C + c];
      sum += v;
      sq += v * v;
    }
    mean[i] = sum / C;
    l2[i] = Math.sqrt(sq / C);
  }
  const edges = new Float32Array(net.edgeSource.length);
  for (let e = 0; e < edges.length; e++) edges[e] = net.edgeImportance[e] * mean[net.edgeSource[e]];
  // Just below the value at the quantile: "greater than" then keeps it.
  const quantile = (v: Float32Array, keep: number) => {
    if (v.length === 0) return 0;
    const sorted = v.slice().sort();
    const at = Math.min(v.length - 1, Math.max(0, Math.floor((1 - keep) * v.length)));
    return Math.min(1, Math.max(0, sorted[at] * (1 - 1e-6)));
  };
  return { edge: quantile(edges, edgeShare), node: quantile(l2, nodeShare) };
}

/** The nodes worth drawing: above the importance threshold and (unless `shaded`) with a positive best-case opacity. */
export function selectNodes(paint: NodePaint, cfg: RenderingConfig, shaded: boolean, classCount: number, skip: Uint8Array | null = null): Uint32Array {
  const keep: number[] = [];
  for (let i = 0; i < paint.l2.length; i++) {
    if (skip?.[i]) continue;
    if (!(nodeThresholdValue(paint, i, classCount) > cfg.node_importance_threshold)) continue;
    if (!shaded && !(importanceAlpha(paint.alpha[i], cfg.node_importance_opacity, cfg.node_base_opacity) > 0)) continue;
    keep.push(i);
  }
  return Uint32Array.from(keep);
}

/** Writes one record per node of `nodes`; returns the count. */
export function writeNodeRecords(net: ProcessedNetwork, paint: NodePaint, cfg: RenderingConfig, capRadius: boolean, nodes: Uint32Array, out: ImpostorBuffers, tileHalf: Float32Array | null = null): number {
  const caps = capRadius ? radiusCaps(net) : null;
  const p = net.nodePositions;
  const { matrices: m, colors, importance } = out;
  nodes.forEach((i, k) => {
    const r = caps ? Math.min(cfg.node_object_radius * paint.l2[i], caps[i]) : cfg.node_object_radius * paint.l2[i];
    const at = k * 16;
    m.fill(0, at, at + 16);
    m[at] = r; m[at + 5] = r; m[at + 10] = r;
    m[at + 12] = p[i * 3]; m[at + 13] = p[i * 3 + 1]; m[at + 14] = p[i * 3 + 2]; m[at + 15] = 1;
    colors[k * 4] = paint.rgb[i * 3];
    colors[k * 4 + 1] = paint.rgb[i * 3 + 1];
    colors[k * 4 + 2] = paint.rgb[i * 3 + 2];
    colors[k * 4 + 3] = paint.alpha[i];
    importance[k] = nodeThresholdValue(paint, i, net.classCount);
    // Nodes have no flow pulse: their flow slot carries the half side of their feature-map tile (level of detail).
    out.flow[k] = tileHalf ? tileHalf[i] : 0;
  });
  return nodes.length;
}

/**
 * The edges worth drawing, in order: above the importance threshold and, unless `shaded` (opaque, alpha
 * unused), with a positive best-case importance opacity. Everything else the vertex stage would collapse
 * anyway; leaving it out of the buffers saves the GPU (and a software renderer) most of the work. Past
 * `maxSegments` (the level of detail), the most visible edges are kept: the largest best-case alpha times
 * |w| (their thickness). Returns the edges, their segment total, how many edges fell over the limit and
 * how many segments all the worthy ones would have taken. `skip` (1 = leave out) removes pruned edges first.
 */
export function selectEdges(net: ProcessedNetwork, paint: NodePaint, cfg: RenderingConfig, shaded: boolean, maxSegments: number, skip: Uint8Array | null = null): EdgeSelection {
  const off = net.polylineOffsets;
  const keep: number[] = [];
  const value: number[] = [];
  let segments = 0;
  for (let e = 0; e < net.edgeSource.length; e++) {
    if (skip?.[e]) continue;
    const s = net.edgeSource[e];
    const t = net.edgeTarget[e];
    const w = net.edgeImportance[e];
    if (!(w * paint.mean[s] > cfg.edge_importance_threshold)) continue;
    const best = Math.max(paint.edgeAlpha[s], paint.edgeAlpha[t]) * (paint.edgeAlphaTimesWeight ? w : 1);
    if (!shaded && !(importanceAlpha(best, cfg.edge_importance_opacity, cfg.edge_base_opacity) > 0)) continue;
    keep.push(e);
    value.push(best * w);
    segments += off[e + 1] - off[e] - 1;
  }
  const selected = keep.length;
  const wanted = segments;
  if (segments > maxSegments) {
    const order = Array.from(keep.keys()).sort((a, b) => value[b] - value[a] || keep[a] - keep[b]);
    segments = 0;
    let n = 0;
    while (n < order.length && segments + off[keep[order[n]] + 1] - off[keep[order[n]]] - 1 <= maxSegments) segments += off[keep[order[n]] + 1] - off[keep[order[n++]]] - 1;
    const kept = order.slice(0, n).map((i) => keep[i]).sort((a, b) => a - b);
    return { edges: Uint32Array.from(kept), segments, overBudget: selected - n, segmentsWanted: wanted };
  }
  return { edges: Uint32Array.from(keep), segments, overBudget: 0, segmentsWanted: wanted };
}

/** Edges chosen for drawing (see selectEdges). */
export interface EdgeSelection { edges: Uint32Array; segments: number; overBudget: number; segmentsWanted: number }

/** A given set of edges (a trace) as a selection: every one drawn, however faint. */
export function givenEdges(net: ProcessedNetwork, edges: Uint32Array): EdgeSelection {
  let segments = 0;
  for (const e of edges) segments += net.polylineOffsets[e + 1] - net.polylineOffsets[e] - 1;
  return { edges, segments, overBudget: 0, segmentsWanted: segments };
}

/** Options of writeEdgeRecords. */
export interface EdgeRecordOptions {
  /** Receives each segment's edge. */
  edgeOf?: Uint32Array;
  /** The paint that sizes the tubes (default: `paint`); the live view keeps importance's so only scalars change. */
  geometry?: NodePaint;
  /** false: leave the matrices as they are (same edges as the last write: colours and thresholds only). */
  matrices?: boolean;
}

/** Writes one record per polyline segment of `edges`, edge by edge; returns the count. */
export function writeEdgeRecords(net: ProcessedNetwork, paint: NodePaint, cfg: RenderingConfig, edges: Uint32Array, out: ImpostorBuffers, options: EdgeRecordOptions = {}): number {
  const { edgeOf, geometry = paint, matrices = true } = options;
  const off = net.polylineOffsets;
  const p = net.polylinePoints;
  const size = cfg.edge_object_radius;
  const { matrices: m, colors, importance } = out;
  let k = 0;
  for (const e of edges) {
    const s = net.edgeSource[e];
    const t = net.edgeTarget[e];
    const w = net.edgeImportance[e];
    const first = off[e];
    const last = off[e + 1] - 1;
    const threshold = w * paint.mean[s];
    for (let j = first; j < last; j++, k++) {
      const f = (j + 0.5 - first) / (last - first);
      const imp = (paint.l2[s] + f * (paint.l2[t] - paint.l2[s])) * w;
      const edgeAlpha = (paint.edgeAlpha[s] + f * (paint.edgeAlpha[t] - paint.edgeAlpha[s])) * (paint.edgeAlphaTimesWeight ? w : 1);
      if (matrices) {
        const shape = geometry === paint ? imp : (geometry.l2[s] + f * (geometry.l2[t] - geometry.l2[s])) * w;
        writeSegmentMatrix(m, k * 16, p, j * 3, size * shape, shape, j === first || j === last - 1);
      }
      for (let a = 0; a < 3; a++) colors[k * 4 + a] = paint.rgb[s * 3 + a] + f * (paint.rgb[t * 3 + a] - paint.rgb[s * 3 + a]);
      colors[k * 4 + 3] = edgeAlpha;
      importance[k] = threshold;
      out.flow[k] = f;
      if (edgeOf) edgeOf[k] = e;
    }
  }
  return k;
}

/**
 * The matrix of the ellipsoid over segment (p[a..a+2], p[a+3..a+5]) with cross radius r: its columns are
 * the main axis (scaled to the half-length), two cross axes (scaled to r) and the midpoint.
 */
function writeSegmentMatrix(m: Float32Array, at: number, p: Float32Array, a: number, r: number, imp: number, end: boolean): void {
  const dx = p[a + 3] - p[a];
  const dy = p[a + 4] - p[a + 1];
  const dz = p[a + 5] - p[a + 2];
  const len = Math.sqrt(dx * dx + dy * dy + dz * dz);
  m.fill(0, at, at + 16);
  m[at + 12] = p[a] + dx / 2; m[at + 13] = p[a + 1] + dy / 2; m[at + 14] = p[a + 2] + dz / 2; m[at + 15] = 1;
  if (!(len > 0) || !(r > 0)) return; // zero scale: the instance collapses to a point
  const ux = dx / len;
  const uy = dy / len;
  const uz = dz / len;
  // A cross axis from world up (x when the segment is nearly vertical), orthogonalised; the third by cross product.
  let vx = 0;
  let vy = 1;
  let vz = 0;
  if (Math.abs(uy) > 0.99) { vx = 1; vy = 0; }
  const along = vx * ux + vy * uy + vz * uz;
  vx -= along * ux; vy -= along * uy; vz -= along * uz;
  const vl = Math.sqrt(vx * vx + vy * vy + vz * vz);
  vx /= vl; vy /= vl; vz /= vl;
  const wx = uy * vz - uz * vy;
  const wy = uz * vx - ux * vz;
  const wz = ux * vy - uy * vx;
  const half = end ? len / 2 + r : (len / 2) * (1 + 1.5 * imp) + r;
  m[at] = ux * half; m[at + 1] = uy * half; m[at + 2] = uz * half;
  m[at + 4] = vx * r; m[at + 5] = vy * r; m[at + 6] = vz * r;
  m[at + 8] = wx * r; m[at + 9] = wy * r; m[at + 10] = wz * r;
}

/** Bounds of nodes and polylines grown by the largest radius: [min xyz, max xyz]. */
export function contentBounds(net: ProcessedNetwork, pad: number): Float32Array {
  const b = Float32Array.from([Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity]);
  for (const points of [net.nodePositions, net.polylinePoints]) {
    for (let i = 0; i < points.length; i += 3) {
      for (let a = 0; a < 3; a++) {
        b[a] = Math.min(b[a], points[i + a]);
        b[a + 3] = Math.max(b[a + 3], points[i + a]);
      }
    }
  }
  for (let a = 0; a < 3; a++) { b[a] -= pad; b[a + 3] += pad; }
  return b;
}
