/**
 * The ONNX operations nnwalk reads, by op type: each converts one node into ops of the model graph (or
 * into an alias or a constant). Image operations live in onnx-spatial-ops.ts.
 */
import type { NodeProto } from 'onnx-buf';
import { constantAt, intsAt, labelOf, pushActivation, pushDense, pushOp, valueAt, type Attributes, type Converter } from './onnx-context';
import { concatOp, convOp, globalPoolOp, padOp, poolOp } from './onnx-spatial-ops';
import { foldIntNode } from './onnx-int-ops';
import { floatTensor, intTensor, isIntTensor } from './onnx-tensors';

type Handler = (cx: Converter, node: NodeProto, a: Attributes) => void;

function gemm(cx: Converter, node: NodeProto, a: Attributes): void {
  const x = valueAt(cx, node, 0);
  const b = constantAt(cx, node, 1);
  if ((a.get('transA')?.i ?? 0) !== 0 || x.shape.length !== 1 || b.dims.length !== 2) throw new Error(`Gemm '${labelOf(node)}' must multiply a vector by a matrix (transA 0)`);
  const transB = (a.get('transB')?.i ?? 0) === 1;
  const alpha = a.has('alpha') ? a.get('alpha')!.f : 1;
  const beta = a.has('beta') ? a.get('beta')!.f : 1;
  const nin = x.shape[0];
  const nout = transB ? b.dims[0] : b.dims[1];
  if ((transB ? b.dims[1] : b.dims[0]) !== nin) throw new Error(`Gemm '${labelOf(node)}' multiplies ${nin} inputs by a [${b.dims.join(', ')}] matrix`);
  const bias = node.input[2] ? Float32Array.from(constantAt(cx, node, 2).data, (v) => v * beta) : null;
  pushDense(cx, node, x, nout, transB ? (r, o) => alpha * b.data[o * nin + r] : (r, o) => alpha * b.data[r * nout + o], bias);
}

function matMul(cx: Converter, node: NodeProto): void {
  const x = valueAt(cx, node, 0);
  const b = constantAt(cx, node, 1);
  if (x.shape.length !== 1 || b.dims.length !== 2 || b.dims[0] !== x.shape[0]) {
    throw new Error(`MatMul '${labelOf(node)}' multiplies [${x.shape.join(', ')}] by [${b.dims.join(', ')}]; nnwalk reads a vector times a constant matrix`);
  }
  const nout = b.dims[1];
  pushDense(cx, node, x, nout, (r, o) => b.data[r * nout + o], null);
}

/** Add of two op outputs (a residual join), or of a constant bias folded into the product just before it. */
function add(cx: Converter, node: NodeProto): void {
  const label = labelOf(node);
  const constantSide = [0, 1].find((k) => cx.constants.has(node.input[k]));
  if (constantSide === undefined) {
    const [p, q] = [valueAt(cx, node, 0), valueAt(cx, node, 1)];
    if (p.shape.join() !== q.shape.join()) throw new Error(`Add '${label}' adds [${p.shape.join(', ')}] and [${q.shape.join(', ')}]`);
    pushOp(cx, { kind: 'add', name: label, className: 'Add', inputs: [p.op, q.op], shape: p.shape }, node.output[0]);
    return;
  }
  const c = constantAt(cx, node, constantSide);
  const x = valueAt(cx, node, 1 - constantSide);
  const op = cx.ops[x.op];
  const channels = x.shape[x.shape.length - 1];
  // A bias is one value per channel: [C], [1, C] for vectors, [C, 1, 1] or [1, C, 1, 1] for images.
  const perChannel = c.data.length === channels && c.dims.filter((d) => d !== 1).length <= 1 && (x.shape.length === 1 || c.dims.length >= 3);
  const foldable = (op.kind === 'dense' || op.kind === 'conv2d' || op.kind === 'depthwise2d') && op.bias === null && (cx.uses.get(node.input[1 - constantSide]) ?? 0) === 1;
  if (!perChannel || !foldable) throw new Error(`Add '${label}' adds a constant of shape [${c.dims.join(', ')}]; nnwalk reads a constant Add only as the bias of the MatMul, Gemm or Conv just before it`);
  op.bias = c.data.slice();
  cx.values.set(node.output[0], x);
}

/** Reshape to [batch, N] (flattening); a vector reshaped to itself is an alias. */
function reshape(cx: Converter, node: NodeProto): void {
  const x = valueAt(cx, node, 0);
  const target = intsAt(cx, node, 1);
  const size = x.shape.reduce((p, d) => p * d, 1);
  const flattens = target.length === 2 && [1, -1, 0].includes(target[0]) && (target[1] === size || target[1] === -1) && !(target[0] === -1 && target[1] === -1);
  if (!flattens) throw new Error(`Reshape '${labelOf(node)}' to [${target.join(', ')}]: nnwalk reads only reshapes that flatten (to [batch, ${size}])`);
  flatten(cx, node);
}

function flatten(cx: Converter, node: NodeProto): void {
  const x = valueAt(cx, node, 0);
  if (x.shape.length === 1) cx.values.set(node.output[0], x);
  else pushOp(cx, { kind: 'flatten', name: labelOf(node), className: node.opType, inputs: [x.op], shape: [x.shape[0] * x.shape[1] * x.shape[2]] }, node.output[0], [x.shape[2], x.shape[0], x.shape[1]]);
}

function batchNorm(cx: Converter, node: NodeProto, a: Attributes): void {
  const x = valueAt(cx, node, 0);
  const [gamma, beta, mean, variance] = [1, 2, 3, 4].map((k) => constantAt(cx, node, k).data.slice());
  const c = x.shape[x.shape.length - 1];
  if ([gamma, beta, mean, variance].some((t) => t.length !== c)) throw new Error(`BatchNormalization '${labelOf(node)}' has parameters of a length other than its ${c} channels`);
  if (variance.some((v) => !(v >= 0))) throw new Error(`BatchNormalization '${labelOf(node)}' holds a negative or NaN variance`);
  pushOp(cx, { kind: 'batchnorm', name: labelOf(node), className: 'BatchNormalization', inputs: [x.op], shape: x.shape, gamma, beta, mean, variance, epsilon: a.get('epsilon')?.f ?? 1e-5 }, node.output[0], x.flatOf);
}

function clip(cx: Converter, node: NodeProto, a: Attributes): void {
  const lo = node.input[1] ? constantAt(cx, node, 1).data[0] : a.get('min')?.f ?? -Infinity;
  const hi = node.input[2] ? constantAt(cx, node, 2).data[0] : a.get('max')?.f ?? Infinity;
  if (lo !== 0 || !(hi > 0)) throw new Error(`Clip '${labelOf(node)}' clips at ${lo} … ${hi}; nnwalk reads Clip as ReLU with a cap (min 0)`);
  pushActivation(cx, node, Number.isFinite(hi) ? { name: 'relu', maxValue: hi } : { name: 'relu' });
}

function constant(cx: Converter, node: NodeProto, a: Attributes): void {
  const t = a.get('value')?.t;
  if (!t) throw new Error(`Constant '${labelOf(node)}' holds no tensor value`);
  if (isIntTensor(t)) cx.ints.set(node.output[0], intTensor(t, 'Constant'));
  else cx.constants.set(node.output[0], floatTensor(t, 'Constant'));
}

/** Identity and Dropout pass their input on; exporters also alias weights through Identity. */
function passThrough(cx: Converter, node: NodeProto): void {
  const name = node.input[0];
  if (cx.constants.has(name)) {
    cx.constants.set(node.output[0], cx.constants.get(name)!);
    // The alias's readers read the original too.
    cx.uses.set(name, (cx.uses.get(name) ?? 0) + (cx.uses.get(node.output[0]) ?? 0));
  }
  else cx.values.set(node.output[0], valueAt(cx, node, 0));
}

/** Shape arithmetic on int constants is folded first (onnx-int-ops.ts); anything else goes to `handler`. */
function orFolded(handler: Handler | null): Handler {
  return (cx, node, a) => {
    if (foldIntNode(cx, node, a)) return;
    if (!handler) throw new Error(`${node.opType} '${labelOf(node)}' computes on values that are not constant shapes; nnwalk reads it only for shape arithmetic`);
    handler(cx, node, a);
  };
}

export const kOnnxOps: Record<string, Handler> = {
  Constant: constant,
  Conv: convOp,
  Gemm: gemm,
  MatMul: matMul,
  Relu: (cx, node) => pushActivation(cx, node, { name: 'relu' }),
  LeakyRelu: (cx, node, a) => pushActivation(cx, node, { name: 'relu', negativeSlope: a.get('alpha')?.f ?? 0.01 }),
  Sigmoid: (cx, node) => pushActivation(cx, node, { name: 'sigmoid' }),
  HardSigmoid: (cx, node, a) => pushActivation(cx, node, { name: 'hard_sigmoid', alpha: a.has('alpha') ? a.get('alpha')!.f : 0.2, beta: a.has('beta') ? a.get('beta')!.f : 0.5 }),
  HardSwish: (cx, node) => pushActivation(cx, node, { name: 'hard_swish' }),
  Tanh: (cx, node) => pushActivation(cx, node, { name: 'tanh' }),
  Softmax: (cx, node) => pushActivation(cx, node, { name: 'softmax' }),
  Clip: clip,
  BatchNormalization: batchNorm,
  MaxPool: poolOp,
  AveragePool: poolOp,
  GlobalAveragePool: globalPoolOp,
  GlobalMaxPool: globalPoolOp,
  Pad: padOp,
  Flatten: flatten,
  Reshape: orFolded(reshape),
  Add: orFolded(add),
  Concat: orFolded(concatOp),
  Identity: orFolded(passThrough),
  Dropout: orFolded(passThrough),
  Cast: orFolded(null),
  Shape: orFolded(null),
  ConstantOfShape: orFolded(null),
  Gather: orFolded(null),
  Unsqueeze: orFolded(null),
  Squeeze: orFolded(null),
  Slice: orFolded(null),
  Transpose: orFolded(null),
  Sub: orFolded(null),
  Mul: orFolded(null),
  Div: orFolded(null),
};
