/**
 * Per-class importance of channel-graph nodes and edges.
 *  - Taylor (Molchanov et al. 2017): node n of plane p, class c: |mean over class-c samples of
 *    Σ_{x,y} a·∂(−log p_c)/∂a| over the node's map, normalised by the plane's maximum.
 *  - weight path (data-free): output node k one-hot for class k; backwards over the edges,
 *    imp[s][c] = Σ_{s→t} w̃_st · imp[t][c] with w̃ the edge weights normalised per plane pair, each plane
 *    divided by its maximum (the MLP's weight path, on any DAG).
 * Edge importance: the edge weights (kernel-slice norms, 1 for 1:1 links) normalised per plane pair.
 */
import type { LabeledData } from '../data/dataset';
import { channelsOf, shapeSize, type ModelGraph } from '../model/model-graph';
import { backwardGraph, lossGradient } from '../nn/graph-backward';
import { forwardGraph } from '../nn/graph-forward';
import type { ChannelGraph } from './channel-graph';

export interface ChannelImportance {
  method: string;
  /** N × C, row per node, in [0, 1]; the output plane is one-hot. */
  nodes: Float32Array;
  /** E values in [0, 1]. */
  edges: Float32Array;
}

/** Samples per forward/backward batch: bounds memory (a ResNet plane of 28×28×16 is 50 k values per sample). */
const kBatch = 64;

/** Index of the first node of each plane, plus N. */
export function planeOffsets(cg: ChannelGraph): Uint32Array {
  const out = new Uint32Array(cg.sizes.length + 1);
  cg.sizes.forEach((n, p) => { out[p + 1] = out[p] + n; });
  return out;
}

/** Plane of each node. */
export function planeOfNode(cg: ChannelGraph): Uint32Array {
  const offsets = planeOffsets(cg);
  const out = new Uint32Array(offsets[offsets.length - 1]);
  for (let p = 0; p < cg.sizes.length; p++) out.fill(p, offsets[p], offsets[p + 1]);
  return out;
}

/** Edge weights divided by the maximum of their (source plane, target plane) pair. */
export function normalisedEdgeWeights(cg: ChannelGraph): Float32Array {
  const plane = planeOfNode(cg);
  const P = cg.sizes.length;
  const max = new Float64Array(P * P);
  const E = cg.edgeSource.length;
  for (let e = 0; e < E; e++) { const k = plane[cg.edgeSource[e]] * P + plane[cg.edgeTarget[e]]; max[k] = Math.max(max[k], cg.edgeWeight[e]); }
  const out = new Float32Array(E);
  for (let e = 0; e < E; e++) { const m = max[plane[cg.edgeSource[e]] * P + plane[cg.edgeTarget[e]]]; out[e] = m > 0 ? cg.edgeWeight[e] / m : 0; }
  return out;
}

function normalisePerPlane(values: Float32Array, cg: ChannelGraph): void {
  const offsets = planeOffsets(cg);
  const C = cg.classCount;
  for (let p = 0; p < cg.sizes.length; p++) normaliseRange(values, offsets[p] * C, offsets[p + 1] * C);
}

function oneHotOutputPlane(values: Float32Array, cg: ChannelGraph): void {
  const offsets = planeOffsets(cg);
  const C = cg.classCount;
  const last = cg.sizes.length - 1;
  values.fill(0, offsets[last] * C);
  for (let k = 0; k < C; k++) values[(offsets[last] + k) * C + k] = 1;
}

/** Data-free weight-path importance over the channel graph's edges. */
export function channelWeightPath(cg: ChannelGraph): ChannelImportance {
  const C = cg.classCount;
  const w = normalisedEdgeWeights(cg);
  const offsets = planeOffsets(cg);
  const plane = planeOfNode(cg);
  const nodes = new Float32Array(offsets[offsets.length - 1] * C);
  oneHotOutputPlane(nodes, cg);
  // Edges are ordered by target plane; walking planes backwards, every target is final before its sources read it.
  const byTarget: number[][] = cg.sizes.map(() => []);
  for (let e = 0; e < w.length; e++) byTarget[plane[cg.edgeTarget[e]]].push(e);
  for (let p = cg.sizes.length - 1; p > 0; p--) {
    for (const e of byTarget[p]) {
      const s = cg.edgeSource[e] * C;
      const t = cg.edgeTarget[e] * C;
      const we = w[e];
      if (we === 0) continue;
      for (let c = 0; c < C; c++) nodes[s + c] += we * nodes[t + c];
    }
    // Consumers sit at higher indices, so plane p − 1 is complete now: normalise it before it propagates.
    normaliseRange(nodes, offsets[p - 1] * C, offsets[p] * C);
  }
  return { method: 'weight-path', nodes, edges: w };
}

function normaliseRange(values: Float32Array, from: number, to: number): void {
  let max = 0;
  for (let k = from; k < to; k++) max = Math.max(max, values[k]);
  if (max > 0) for (let k = from; k < to; k++) values[k] /= max;
}

/** Taylor importance from forward/backward passes over `data` (each sample's loss uses its own label). */
export function channelTaylor(graph: ModelGraph, cg: ChannelGraph, data: LabeledData): ChannelImportance {
  const C = cg.classCount;
  const offsets = planeOffsets(cg);
  const N = offsets[offsets.length - 1];
  const sums = new Float64Array(N * C);
  const perClass = new Uint32Array(C);
  const inSize = shapeSize(graph.ops[0].shape);
  if (data.inputSize !== inSize) throw new Error(`data has ${data.inputSize} values per sample; the model takes ${inSize}`);
  for (let from = 0; from < data.count; from += kBatch) {
    const B = Math.min(kBatch, data.count - from);
    const labels = data.labels.subarray(from, from + B);
    const pass = forwardGraph(graph, data.inputs.subarray(from * inSize, (from + B) * inSize), B);
    const grads = backwardGraph(graph, pass, lossGradient(graph, pass, labels));
    for (let s = 0; s < B; s++) perClass[labels[s]]++;
    cg.planes.forEach((p, q) => {
      const a = pass.values[p.op];
      const da = grads.dValues[p.op];
      if (!da) return;
      const Cp = channelsOf(p.shape);
      const size = shapeSize(p.shape);
      for (let s = 0; s < B; s++) {
        const c = labels[s];
        for (let k = 0; k < size; k++) {
          const v = a[s * size + k] * da[s * size + k];
          if (v !== 0) sums[(offsets[q] + (k % Cp)) * C + c] += v;
        }
      }
    });
  }
  const nodes = new Float32Array(N * C);
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) nodes[n * C + c] = perClass[c] ? Math.abs(sums[n * C + c] / perClass[c]) : 0;
  normalisePerPlane(nodes, cg);
  oneHotOutputPlane(nodes, cg);
  return { method: 'taylor', nodes, edges: normalisedEdgeWeights(cg) };
}
