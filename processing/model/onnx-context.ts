/**
 * The state of one ONNX → ModelGraph conversion: which op makes each tensor name (with its per-sample
 * H × W × C or [N] shape, and for a flattened map the C × H × W it came from), the float and int64
 * constants, and how often each name is read (so a bias Add may fold into the product before it).
 */
import type { NodeProto, TensorProto } from 'onnx-buf';
import { kLinear, type Activation, type Op } from './model-graph';
import { floatTensor, type Constant, type ExternalFiles, type IntTensor } from './onnx-tensors';

/** What a tensor name stands for: an op's output, with the C × H × W a flattened map had in NCHW order. */
export interface Value { op: number; shape: number[]; flatOf: [number, number, number] | null }

export interface Attribute { i: number; f: number; ints: number[]; floats: number[]; s: string; t?: TensorProto }
export type Attributes = Map<string, Attribute>;

/** A node's attributes by name, with int64s as numbers and strings decoded. */
export function attributesOf(node: NodeProto): Attributes {
  return new Map(node.attribute.map((a) => [a.name, { i: Number(a.i), f: a.f, ints: a.ints.map(Number), floats: a.floats, s: new TextDecoder().decode(a.s), t: a.t }]));
}

export interface Converter {
  ops: Op[];
  values: Map<string, Value>;
  /**
   * Float constants by name: a tensor still undecoded (initializers are decoded when first read, so a
   * large model never holds all its weights twice) or its values.
   */
  constants: Map<string, Constant | TensorProto>;
  /** External data files given with the model. */
  files?: ExternalFiles;
  ints: Map<string, IntTensor>;
  /** How many nodes (and graph outputs) read each name. */
  uses: Map<string, number>;
}

/** A node's name for messages: its own, else its first output. */
export function labelOf(node: NodeProto): string {
  return node.name || node.output[0];
}

/** The op output read at input `k`, or a message naming the missing producer. */
export function valueAt(cx: Converter, node: NodeProto, k: number): Value {
  const v = cx.values.get(node.input[k]);
  if (!v) throw new Error(`${node.opType} '${labelOf(node)}' reads '${node.input[k]}', which no earlier node makes (ONNX nodes must come in topological order)`);
  return v;
}

/** The float constant read at input `k`, decoded on first read (and kept only if another node reads it too). */
export function constantAt(cx: Converter, node: NodeProto, k: number): Constant {
  const name = node.input[k];
  const c = cx.constants.get(name);
  if (!c) throw new Error(`${node.opType} '${labelOf(node)}' needs constant weights at input ${k} ('${name}')`);
  if ('data' in c) return c;
  const decoded = floatTensor(c, 'initializer', cx.files);
  if ((cx.uses.get(name) ?? 0) > 1) cx.constants.set(name, decoded);
  return decoded;
}

/** The int64 constant (a shape, pads) read at input `k`. */
export function intsAt(cx: Converter, node: NodeProto, k: number): number[] {
  const c = cx.ints.get(node.input[k]);
  if (!c) throw new Error(`${node.opType} '${labelOf(node)}' needs a constant int64 tensor at input ${k} ('${node.input[k]}')`);
  return c.data;
}

/** Appends an op and names its output. */
export function pushOp(cx: Converter, op: Op, output: string, flatOf: [number, number, number] | null = null): Value {
  cx.ops.push(op);
  const v = { op: cx.ops.length - 1, shape: op.shape, flatOf };
  cx.values.set(output, v);
  return v;
}

/** An elementwise activation of input 0. */
export function pushActivation(cx: Converter, node: NodeProto, activation: Activation): void {
  const x = valueAt(cx, node, 0);
  pushOp(cx, { kind: 'activation', name: labelOf(node), className: node.opType, inputs: [x.op], shape: x.shape, activation }, node.output[0], x.flatOf);
}

/** Zero padding [top, left, bottom, right] of an image as its own op; no op when all are zero. */
export function pushZeroPad(cx: Converter, node: NodeProto, x: Value, pads: readonly number[]): Value {
  const [top, left, bottom, right] = pads;
  if (!(top || left || bottom || right)) return x;
  if (pads.some((p) => !Number.isSafeInteger(p) || p < 0 || p > 1 << 16)) throw new Error(`${node.opType} '${labelOf(node)}' pads [${pads.join(', ')}]; nnwalk reads whole, non-negative pads`);
  const op: Op = { kind: 'zeropad', name: `${labelOf(node)}/pad`, className: 'Pad', inputs: [x.op], shape: [x.shape[0] + top + bottom, x.shape[1] + left + right, x.shape[2]], top, bottom, left, right };
  cx.ops.push(op);
  return { op: cx.ops.length - 1, shape: op.shape, flatOf: null };
}

/**
 * A dense op from a vector: weight(r, o) gives ONNX row r's weight to output o. A flattened C × H × W map
 * reaches us in H × W × C order, so our row (y·W + x)·C + c reads ONNX row c·H·W + y·W + x.
 */
export function pushDense(cx: Converter, node: NodeProto, x: Value, nout: number, weight: (r: number, o: number) => number, bias: Float32Array | null): void {
  const nin = x.shape[0];
  const kernel = new Float32Array(nin * nout);
  const f = x.flatOf;
  for (let r = 0; r < nin; r++) {
    let src = r;
    if (f) {
      const [C, H, W] = f;
      const c = r % C;
      src = c * H * W + (r - c) / C;
    }
    for (let o = 0; o < nout; o++) kernel[r * nout + o] = weight(src, o);
  }
  if (bias && bias.length !== nout) throw new Error(`${node.opType} '${labelOf(node)}' has ${bias.length} biases for ${nout} outputs`);
  pushOp(cx, { kind: 'dense', name: labelOf(node), className: node.opType, inputs: [x.op], shape: [nout], kernel, bias, activation: kLinear }, node.output[0]);
}
