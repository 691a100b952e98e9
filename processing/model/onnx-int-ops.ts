/**
 * Constant folding of the small int64 subgraphs exporters write to compute shapes and pads: PyTorch's
 * F.pad becomes ConstantOfShape → Concat → Reshape → Slice(step −1) → Transpose → Reshape → Cast, and
 * `x.view(x.size(0), -1)` becomes Shape → Gather → Unsqueeze → Concat → Reshape. Each is evaluated here
 * on int tensors (row-major data with dims) so the op that reads the result sees a constant. Sizes are
 * capped: these tensors describe shapes, not data.
 */
import type { NodeProto } from 'onnx-buf';
import { labelOf, type Attributes, type Converter } from './onnx-context';
import { intTensor, isIntTensor, type IntTensor } from './onnx-tensors';

const kMaxInts = 4096;

function count(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

function strides(dims: readonly number[]): number[] {
  const s = new Array<number>(dims.length).fill(1);
  for (let k = dims.length - 2; k >= 0; k--) s[k] = s[k + 1] * dims[k + 1];
  return s;
}

/** Whether every (non-empty) input of a node is a known int tensor. */
export function allInts(cx: Converter, node: NodeProto, from = 0, to = node.input.length): boolean {
  for (let k = from; k < to; k++) if (node.input[k] && !cx.ints.has(node.input[k])) return false;
  return to > from;
}

function intAt(cx: Converter, node: NodeProto, k: number): IntTensor {
  const t = cx.ints.get(node.input[k]);
  if (!t) throw new Error(`${node.opType} '${labelOf(node)}' needs a constant int64 tensor at input ${k} ('${node.input[k]}')`);
  return t;
}

function set(cx: Converter, node: NodeProto, t: IntTensor): void {
  if (t.data.length > kMaxInts || count(t.dims) !== t.data.length) throw new Error(`${node.opType} '${labelOf(node)}' makes an int tensor of ${count(t.dims)} values; shapes hold at most ${kMaxInts}`);
  cx.ints.set(node.output[0], t);
}

/** Values of an optional int input, else an attribute, else a default. */
function listOf(cx: Converter, node: NodeProto, a: Attributes, k: number, attr: string, fallback: number[]): number[] {
  if (node.input[k]) return intAt(cx, node, k).data;
  return a.get(attr)?.ints ?? fallback;
}

function axisOf(axis: number, rank: number, node: NodeProto): number {
  const ax = axis < 0 ? axis + rank : axis;
  if (!(ax >= 0 && ax < Math.max(rank, 1))) throw new Error(`${node.opType} '${labelOf(node)}' names axis ${axis} of a rank-${rank} tensor`);
  return ax;
}

/** Folds one int node; returns false when the node is not an int computation. */
export function foldIntNode(cx: Converter, node: NodeProto, a: Attributes): boolean {
  switch (node.opType) {
    case 'Shape': {
      const v = cx.values.get(node.input[0]);
      if (!v) return false;
      // ONNX's NCHW shape with a batch of one.
      const shape = v.shape.length === 3 ? [1, v.shape[2], v.shape[0], v.shape[1]] : [1, ...v.shape];
      set(cx, node, { dims: [shape.length], data: shape });
      return true;
    }
    case 'ConstantOfShape': {
      if (!allInts(cx, node)) return false;
      const dims = intAt(cx, node, 0).data;
      const t = a.get('value')?.t;
      if (t && !isIntTensor(t)) return false;
      const fill = t ? intTensor(t, 'ConstantOfShape').data[0] ?? 0 : 0;
      if (dims.some((d) => !(d >= 0)) || count(dims) > kMaxInts) throw new Error(`ConstantOfShape '${labelOf(node)}' makes shape [${dims.join(', ')}]`);
      set(cx, node, { dims, data: new Array<number>(count(dims)).fill(fill) });
      return true;
    }
    case 'Cast': case 'Identity': case 'Dropout':
      if (!allInts(cx, node, 0, 1)) return false;
      cx.ints.set(node.output[0], intAt(cx, node, 0));
      return true;
    case 'Concat': {
      if (!allInts(cx, node)) return false;
      const parts = node.input.map((_, k) => intAt(cx, node, k));
      const rank = parts[0].dims.length;
      if (rank !== 1 || parts.some((p) => p.dims.length !== 1)) throw new Error(`Concat '${labelOf(node)}' joins int tensors of rank ${rank}; nnwalk folds 1-D ones`);
      const data = parts.flatMap((p) => p.data);
      set(cx, node, { dims: [data.length], data });
      return true;
    }
    case 'Reshape': {
      if (!allInts(cx, node, 0, 1)) return false;
      const x = intAt(cx, node, 0);
      const target = intAt(cx, node, 1).data.map((d, k) => (d === 0 ? x.dims[k] : d));
      const known = target.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
      const dims = target.map((d) => (d === -1 ? x.data.length / known : d));
      if (dims.some((d) => !Number.isSafeInteger(d) || d < 0) || count(dims) !== x.data.length) throw new Error(`Reshape '${labelOf(node)}' cannot make [${target.join(', ')}] of ${x.data.length} values`);
      set(cx, node, { dims, data: x.data });
      return true;
    }
    case 'Unsqueeze': case 'Squeeze': {
      if (!allInts(cx, node, 0, 1)) return false;
      const x = intAt(cx, node, 0);
      const axes = listOf(cx, node, a, 1, 'axes', []);
      let dims: number[];
      if (node.opType === 'Unsqueeze') {
        dims = [...x.dims];
        const rank = x.dims.length + axes.length;
        for (const axis of axes.map((v) => (v < 0 ? v + rank : v)).sort((p, q) => p - q)) dims.splice(axis, 0, 1);
      } else {
        const drop = new Set(axes.map((v) => axisOf(v, x.dims.length, node)));
        dims = x.dims.filter((d, k) => (axes.length ? !drop.has(k) : d !== 1));
      }
      set(cx, node, { dims, data: x.data });
      return true;
    }
    case 'Gather': {
      if (!allInts(cx, node)) return false;
      const x = intAt(cx, node, 0);
      const idx = intAt(cx, node, 1);
      if (x.dims.length !== 1) throw new Error(`Gather '${labelOf(node)}' gathers from an int tensor of rank ${x.dims.length}; nnwalk folds 1-D ones`);
      const data = idx.data.map((i) => x.data[i < 0 ? i + x.data.length : i]);
      if (data.some((v) => v === undefined)) throw new Error(`Gather '${labelOf(node)}' reads beyond its ${x.data.length} values`);
      set(cx, node, { dims: idx.dims, data });
      return true;
    }
    case 'Add': case 'Sub': case 'Mul': case 'Div': {
      if (!allInts(cx, node)) return false;
      const [p, q] = [intAt(cx, node, 0), intAt(cx, node, 1)];
      const n = Math.max(p.data.length, q.data.length);
      if ((p.data.length !== n && p.data.length !== 1) || (q.data.length !== n && q.data.length !== 1)) throw new Error(`${node.opType} '${labelOf(node)}' combines int tensors of ${p.data.length} and ${q.data.length} values`);
      const f = { Add: (x: number, y: number) => x + y, Sub: (x: number, y: number) => x - y, Mul: (x: number, y: number) => x * y, Div: (x: number, y: number) => Math.trunc(x / y) }[node.opType]!;
      const data = Array.from({ length: n }, (_, i) => f(p.data[p.data.length === 1 ? 0 : i], q.data[q.data.length === 1 ? 0 : i]));
      set(cx, node, { dims: p.data.length === n ? p.dims : q.dims, data });
      return true;
    }
    case 'Transpose': {
      if (!allInts(cx, node, 0, 1)) return false;
      const x = intAt(cx, node, 0);
      const rank = x.dims.length;
      const perm = a.get('perm')?.ints ?? x.dims.map((_, k) => rank - 1 - k);
      if (perm.length !== rank || new Set(perm).size !== rank || perm.some((p) => !(p >= 0 && p < rank))) throw new Error(`Transpose '${labelOf(node)}' has perm [${perm.join(', ')}] for rank ${rank}`);
      const dims = perm.map((p) => x.dims[p]);
      const inStrides = strides(x.dims);
      const outStrides = strides(dims);
      const data = new Array<number>(x.data.length);
      for (let o = 0; o < data.length; o++) {
        let src = 0;
        for (let k = 0; k < rank; k++) src += Math.floor(o / outStrides[k]) % dims[k] * inStrides[perm[k]];
        data[o] = x.data[src];
      }
      set(cx, node, { dims, data });
      return true;
    }
    case 'Slice': {
      if (!allInts(cx, node)) return false;
      const x = intAt(cx, node, 0);
      const rank = x.dims.length;
      const starts = listOf(cx, node, a, 1, 'starts', []);
      const ends = listOf(cx, node, a, 2, 'ends', []);
      const axes = listOf(cx, node, a, 3, 'axes', starts.map((_, k) => k)).map((v) => axisOf(v, rank, node));
      const steps = listOf(cx, node, a, 4, 'steps', starts.map(() => 1));
      // Per axis, the indices kept (ONNX clamps starts and ends to the axis, by the sign of the step).
      const keep = x.dims.map((d) => Array.from({ length: d }, (_, i) => i));
      axes.forEach((axis, k) => {
        const d = x.dims[axis];
        const step = steps[k];
        if (!step) throw new Error(`Slice '${labelOf(node)}' has step 0`);
        const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + d : v, lo), hi);
        const list: number[] = [];
        if (step > 0) for (let i = clamp(starts[k], 0, d); i < clamp(ends[k], 0, d); i += step) list.push(i);
        else for (let i = clamp(starts[k], -1, d - 1); i > clamp(ends[k], -1, d - 1); i += step) list.push(i);
        keep[axis] = list;
      });
      const dims = keep.map((l) => l.length);
      const inStrides = strides(x.dims);
      const outStrides = strides(dims);
      const data = new Array<number>(count(dims));
      for (let o = 0; o < data.length; o++) {
        let src = 0;
        for (let k = 0; k < rank; k++) src += keep[k][Math.floor(o / outStrides[k]) % dims[k]] * inStrides[k];
        data[o] = x.data[src];
      }
      set(cx, node, { dims, data });
      return true;
    }
    default:
      return false;
  }
}
