/**
 * ModelGraph → ChannelGraph: what the picture shows (spec cnn-and-graphs §2). Planes for the input, every
 * conv / depthwise / dense layer (a following BatchNormalization and activation fold into it), every
 * pooling layer and every merge; one node per channel (spatial planes) or unit (vector planes). Flatten,
 * Dropout and ZeroPadding pass through. Edges carry |w|-like weights: kernel-slice norms ‖W[:, :, i, o]‖₂,
 * channel-block norms from a flattened map into Dense, 1 for 1:1 links (pooling, depthwise, merges).
 */
import { channelsOf, isSpatial, type ModelGraph, type Op } from '../model/model-graph';

export type PlaneKind = 'input' | 'conv' | 'depthwise' | 'dense' | 'maxpool' | 'avgpool' | 'globalpool' | 'add' | 'concat' | 'batchnorm' | 'activation';

export interface Plane {
  name: string;
  kind: PlaneKind;
  /** Layer class of the op that starts the plane. */
  className: string;
  /** Output shape of the plane: [H, W, C] or [N]. */
  shape: number[];
  /** Index of the op that starts the plane (its weights, for kernels and edges). */
  start: number;
  /** Index of the op whose output the plane shows (the last folded op). */
  op: number;
  /** Ops folded into the plane after its own, as "Class name" (BatchNormalization, activations). */
  folded: string[];
  /** Planes feeding this one. */
  inputs: number[];
  /** Longest path from the input, in planes. */
  depth: number;
  /** Side-by-side index among the planes of the same depth. */
  lane: number;
}

export interface ChannelGraph {
  name: string;
  /** Ordered by (depth, lane): the input first, the output plane last. */
  planes: Plane[];
  /** Nodes per plane. */
  sizes: number[];
  /** Edges as global node indices, ordered by (target plane, source plane, source, target). */
  edgeSource: Uint32Array;
  edgeTarget: Uint32Array;
  /** |w|-like weight of each edge (not normalised). */
  edgeWeight: Float32Array;
  classCount: number;
  classNames: string[];
}

const kPlaneOf: Partial<Record<Op['kind'], PlaneKind>> = {
  input: 'input', conv2d: 'conv', depthwise2d: 'depthwise', dense: 'dense', maxpool: 'maxpool', avgpool: 'avgpool',
  globalpool: 'globalpool', add: 'add', concat: 'concat',
};

/** Label of a plane for the scene: "conv 16 @ 10×10", "dense 120", "input 28×28". */
export function planeLabel(p: Plane): string {
  const c = channelsOf(p.shape);
  if (p.kind === 'input') return isSpatial(p.shape) ? `input ${p.shape[0]}×${p.shape[1]}${c > 1 ? `×${c}` : ''}` : `input ${c}`;
  return isSpatial(p.shape) ? `${p.kind} ${c} @ ${p.shape[0]}×${p.shape[1]}` : `${p.kind} ${c}`;
}

interface Draft { plane: Omit<Plane, 'depth' | 'lane'>; key: number }

/** Builds the channel graph; throws naming the op if a shape does not fit the mapping. */
export function buildChannelGraph(graph: ModelGraph): ChannelGraph {
  const ops = graph.ops;
  const consumers = ops.map(() => 0);
  for (const op of ops) for (const i of op.inputs) consumers[i]++;
  // planeOf[op] = index into drafts of the plane showing that op's output.
  const planeOf = new Int32Array(ops.length).fill(-1);
  const drafts: Draft[] = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    const kind = kPlaneOf[op.kind];
    const src = op.inputs.length ? planeOf[op.inputs[0]] : -1;
    if (!kind) {
      const passThrough = op.kind === 'flatten' || op.kind === 'identity' || op.kind === 'zeropad';
      // BN / activation fold into the plane they follow when nothing else reads that plane's value.
      const foldable = (op.kind === 'batchnorm' || op.kind === 'activation') && drafts[src].plane.op === op.inputs[0] && consumers[op.inputs[0]] === 1 && drafts[src].plane.kind !== 'input';
      if (passThrough || foldable) {
        planeOf[i] = src;
        if (foldable) {
          drafts[src].plane.op = i;
          drafts[src].plane.folded.push(`${op.className} ${op.name}`);
        }
        continue;
      }
    }
    const planeKind: PlaneKind = kind ?? (op.kind === 'batchnorm' ? 'batchnorm' : 'activation');
    planeOf[i] = drafts.length;
    drafts.push({ key: i, plane: { name: op.name, kind: planeKind, className: op.className, shape: op.shape, start: i, op: i, folded: [], inputs: [...new Set(op.inputs.map((j) => planeOf[j]))] } });
  }
  // The model's output must be a plane's value (a trailing Flatten would not be; it cannot be a class vector anyway).
  const outPlane = planeOf[graph.output];
  if (drafts[outPlane].plane.op !== graph.output) throw new Error(`model output '${ops[graph.output].name}' is not the value of a plane`);

  const depth = new Int32Array(drafts.length);
  for (let p = 0; p < drafts.length; p++) for (const q of drafts[p].plane.inputs) depth[p] = Math.max(depth[p], depth[q] + 1);
  const order = drafts.map((_, p) => p).sort((a, b) => depth[a] - depth[b] || a - b);
  if (order[order.length - 1] !== outPlane) throw new Error(`model output '${ops[graph.output].name}' is not the deepest plane (an unused branch goes further)`);
  const rank = new Int32Array(drafts.length);
  order.forEach((p, r) => { rank[p] = r; });
  const lanes = new Map<number, number>();
  const planes: Plane[] = order.map((p) => {
    const lane = lanes.get(depth[p]) ?? 0;
    lanes.set(depth[p], lane + 1);
    const d = drafts[p].plane;
    return { ...d, inputs: d.inputs.map((q) => rank[q]), depth: depth[p], lane };
  });
  const sizes = planes.map((p) => channelsOf(p.shape));
  const offsets = [0];
  for (const s of sizes) offsets.push(offsets[offsets.length - 1] + s);
  const planeOfOp = Array.from(planeOf, (p) => (p < 0 ? -1 : rank[p]));
  const edges = collectEdges(graph, planes, offsets, planeOfOp);
  return { name: graph.name, planes, sizes, ...edges, classCount: graph.classCount, classNames: graph.classNames.slice() };
}

function collectEdges(graph: ModelGraph, planes: Plane[], offsets: number[], planeOfOp: number[]): { edgeSource: Uint32Array; edgeTarget: Uint32Array; edgeWeight: Float32Array } {
  const src: number[] = [];
  const dst: number[] = [];
  const wt: number[] = [];
  const push = (s: number, t: number, w: number) => { src.push(s); dst.push(t); wt.push(w); };
  planes.forEach((p, q) => {
    if (p.kind === 'input') return;
    const op = graph.ops[p.start];
    const Co = channelsOf(p.shape);
    const to = offsets[q];
    if (op.kind === 'add') {
      for (const j of op.inputs) for (let c = 0; c < Co; c++) push(offsets[planeOfOp[j]] + c, to + c, 1);
      return;
    }
    if (op.kind === 'concat') {
      let at = 0;
      for (const j of op.inputs) {
        const ip = planeOfOp[j];
        const Cj = channelsOf(graph.ops[j].shape);
        for (let c = 0; c < Cj; c++) push(offsets[ip] + c, to + at + c, 1);
        at += Cj;
      }
      return;
    }
    const ip = p.inputs[0];
    const Ci = channelsOf(planes[ip].shape);
    const from = offsets[ip];
    if (op.kind === 'conv2d') {
      const taps = op.window.kh * op.window.kw;
      for (let i = 0; i < Ci; i++) {
        for (let o = 0; o < Co; o++) {
          let sq = 0;
          for (let t = 0; t < taps; t++) { const v = op.kernel[(t * Ci + i) * Co + o]; sq += v * v; }
          push(from + i, to + o, Math.sqrt(sq));
        }
      }
    } else if (op.kind === 'depthwise2d') {
      const M = op.multiplier;
      const taps = op.window.kh * op.window.kw;
      for (let i = 0; i < Ci; i++) {
        for (let m = 0; m < M; m++) {
          let sq = 0;
          for (let t = 0; t < taps; t++) { const v = op.kernel[(t * Ci + i) * M + m]; sq += v * v; }
          push(from + i, to + i * M + m, Math.sqrt(sq));
        }
      }
    } else if (op.kind === 'dense') {
      // A flattened map: rows k of the kernel belong to channel k mod C (channels-last flattening).
      const nIn = op.kernel.length / Co;
      const sq = new Float64Array(Ci * Co);
      for (let k = 0; k < nIn; k++) {
        const c = k % Ci;
        for (let o = 0; o < Co; o++) { const v = op.kernel[k * Co + o]; sq[c * Co + o] += v * v; }
      }
      for (let i = 0; i < Ci; i++) for (let o = 0; o < Co; o++) push(from + i, to + o, Math.sqrt(sq[i * Co + o]));
    } else {
      // Pooling, global pooling, a BN or activation plane: channel to channel.
      for (let c = 0; c < Co; c++) push(from + c, to + c, 1);
    }
  });
  return { edgeSource: Uint32Array.from(src), edgeTarget: Uint32Array.from(dst), edgeWeight: Float32Array.from(wt) };
}
