/**
 * ONNX operations on images (NCHW in the file, H × W × C here): Conv, pooling, Pad, global pools and
 * Concat. Conv kernels [cout, cin/g, kh, kw] become [kh, kw, cin, cout] (or depthwise [kh, kw, cin, m]);
 * explicit and SAME_LOWER pads become a zero-padding op before a valid window, because PyTorch's
 * symmetric pads are not tfjs's `same` at stride 2.
 */
import type { NodeProto } from 'onnx-buf';
import { kLinear, padBefore, windowOutput, type Window2d } from './model-graph';
import { constantAt, intsAt, labelOf, pushOp, pushZeroPad, valueAt, type Attributes, type Converter, type Value } from './onnx-context';

/** `same` padding split as ONNX's SAME_LOWER does: the odd extra row/column first. */
function sameLowerPads(x: Value, kh: number, kw: number, sy: number, sx: number, dy: number, dx: number): number[] {
  const total = (size: number, k: number, s: number, d: number) => Math.max(0, (Math.ceil(size / s) - 1) * s + (k - 1) * d + 1 - size);
  const th = total(x.shape[0], kh, sy, dy);
  const tw = total(x.shape[1], kw, sx, dx);
  return [Math.ceil(th / 2), Math.ceil(tw / 2), Math.floor(th / 2), Math.floor(tw / 2)];
}

function checkWindow(node: NodeProto, sizes: number[]): void {
  if (sizes.some((v) => !Number.isSafeInteger(v) || v < 1 || v > 1 << 16)) throw new Error(`${node.opType} '${labelOf(node)}' has window sizes, strides or dilations [${sizes.join(', ')}]; they must be whole and positive`);
}

/** Conv: ordinary (1 group) or depthwise (one group per input channel). */
export function convOp(cx: Converter, node: NodeProto, a: Attributes): void {
  const label = labelOf(node);
  let x = valueAt(cx, node, 0);
  const w = constantAt(cx, node, 1);
  const bias = node.input[2] ? constantAt(cx, node, 2).data.slice() : null;
  if (x.shape.length !== 3 || w.dims.length !== 4) throw new Error(`Conv '${label}' is not a 2-D convolution of an image`);
  const [cout, cinPerGroup, kh, kw] = w.dims;
  const group = a.get('group')?.i || 1;
  const cin = x.shape[2];
  const [sy, sx] = a.get('strides')?.ints ?? [1, 1];
  const [dy, dx] = a.get('dilations')?.ints ?? [1, 1];
  checkWindow(node, [cout, kh, kw, sy, sx, dy, dx]);
  if (bias && bias.length !== cout) throw new Error(`Conv '${label}' has ${bias.length} biases for ${cout} output channels`);
  const autoPad = a.get('auto_pad')?.s || 'NOTSET';
  let padding: 'same' | 'valid' = 'valid';
  if (autoPad === 'SAME_UPPER') padding = 'same';
  else if (autoPad === 'SAME_LOWER') x = pushZeroPad(cx, node, x, sameLowerPads(x, kh, kw, sy, sx, dy, dx));
  else if (autoPad === 'NOTSET') x = pushZeroPad(cx, node, x, a.get('pads')?.ints ?? [0, 0, 0, 0]);
  else if (autoPad !== 'VALID') throw new Error(`Conv '${label}' has auto_pad ${autoPad}; nnwalk reads NOTSET, VALID, SAME_UPPER and SAME_LOWER`);
  const window: Window2d = { kh, kw, strideY: sy, strideX: sx, dilationY: dy, dilationX: dx, padding };
  const shape = [windowOutput(x.shape[0], kh, sy, dy, padding), windowOutput(x.shape[1], kw, sx, dx, padding), cout];
  if (!(shape[0] >= 1 && shape[1] >= 1)) throw new Error(`Conv '${label}': a ${kh}×${kw} window does not fit its ${x.shape[0]}×${x.shape[1]} input`);
  if (group === 1) {
    if (cinPerGroup !== cin) throw new Error(`Conv '${label}' has ${cinPerGroup} input channels in its kernel but its input has ${cin}`);
    const kernel = new Float32Array(kh * kw * cin * cout);
    for (let co = 0; co < cout; co++) for (let ci = 0; ci < cin; ci++) for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) {
      kernel[((ky * kw + kx) * cin + ci) * cout + co] = w.data[((co * cin + ci) * kh + ky) * kw + kx];
    }
    pushOp(cx, { kind: 'conv2d', name: label, className: 'Conv', inputs: [x.op], shape, window, kernel, bias, activation: kLinear }, node.output[0]);
  } else if (group === cin && cinPerGroup === 1 && cout % cin === 0) {
    const m = cout / cin;
    const kernel = new Float32Array(kh * kw * cin * m);
    for (let ci = 0; ci < cin; ci++) for (let j = 0; j < m; j++) for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) {
      kernel[((ky * kw + kx) * cin + ci) * m + j] = w.data[((ci * m + j) * kh + ky) * kw + kx];
    }
    pushOp(cx, { kind: 'depthwise2d', name: label, className: 'Conv', inputs: [x.op], shape, window, multiplier: m, kernel, bias, activation: kLinear }, node.output[0]);
  } else {
    throw new Error(`Conv '${label}' has ${group} groups of ${cinPerGroup} channels: nnwalk reads ordinary (1 group) and depthwise (one group per channel) convolutions`);
  }
}

/** Activations whose outputs are never negative: max pooling over their zero padding equals ONNX's (−∞) padding. */
const kNonNegative = new Set(['relu', 'relu6', 'sigmoid', 'hard_sigmoid', 'softmax']);

/**
 * MaxPool / AveragePool; pooling pads are not zeros, so they are read where they equal tfjs's `same`, and
 * for max pooling after a non-negative activation (PyTorch ResNets' stem: MaxPool(3, 2, padding=1) after
 * ReLU) as explicit zero padding, which gives the same maxima.
 */
export function poolOp(cx: Converter, node: NodeProto, a: Attributes): void {
  const label = labelOf(node);
  let x = valueAt(cx, node, 0);
  if (x.shape.length !== 3) throw new Error(`${node.opType} '${label}' pools a vector, not an image`);
  const [kh, kw] = a.get('kernel_shape')?.ints ?? [];
  const [sy, sx] = a.get('strides')?.ints ?? [1, 1];
  checkWindow(node, [kh, kw, sy, sx]);
  const pads = a.get('pads')?.ints ?? [0, 0, 0, 0];
  if ((a.get('ceil_mode')?.i ?? 0) !== 0) throw new Error(`${node.opType} '${label}' uses ceil_mode`);
  if ((a.get('dilations')?.ints ?? [1, 1]).some((d) => d !== 1)) throw new Error(`${node.opType} '${label}' uses dilations`);
  const autoPad = a.get('auto_pad')?.s || 'NOTSET';
  let padding: 'same' | 'valid' = autoPad === 'SAME_UPPER' ? 'same' : 'valid';
  if (autoPad === 'SAME_LOWER') throw new Error(`${node.opType} '${label}' has auto_pad SAME_LOWER, which nnwalk cannot represent for pooling`);
  if (pads.some((p) => p !== 0)) {
    const same = pads[0] === padBefore(x.shape[0], kh, sy, 1, 'same') && pads[1] === padBefore(x.shape[1], kw, sx, 1, 'same')
      && windowOutput(x.shape[0], kh, sy, 1, 'same') === Math.floor((x.shape[0] + pads[0] + pads[2] - kh) / sy) + 1
      && windowOutput(x.shape[1], kw, sx, 1, 'same') === Math.floor((x.shape[1] + pads[1] + pads[3] - kw) / sx) + 1;
    const source = cx.ops[x.op];
    const activation = source.kind === 'activation' || source.kind === 'conv2d' || source.kind === 'depthwise2d' || source.kind === 'dense' ? source.activation.name : '';
    if (same && node.opType === 'MaxPool') padding = 'same';
    else if (node.opType === 'MaxPool' && kNonNegative.has(activation)) x = pushZeroPad(cx, node, x, pads);
    else throw new Error(`${node.opType} '${label}' pads [${pads.join(', ')}] in a way nnwalk cannot represent${node.opType === 'MaxPool' ? ' (explicit max-pooling pads are read after ReLU-like activations only)' : ''}`);
  }
  const window: Window2d = { kh, kw, strideY: sy, strideX: sx, dilationY: 1, dilationX: 1, padding };
  const shape = [windowOutput(x.shape[0], kh, sy, 1, padding), windowOutput(x.shape[1], kw, sx, 1, padding), x.shape[2]];
  if (!(shape[0] >= 1 && shape[1] >= 1)) throw new Error(`${node.opType} '${label}': a ${kh}×${kw} window does not fit its ${x.shape[0]}×${x.shape[1]} input`);
  pushOp(cx, { kind: node.opType === 'MaxPool' ? 'maxpool' : 'avgpool', name: label, className: node.opType, inputs: [x.op], shape, window }, node.output[0]);
}

/** GlobalAveragePool / GlobalMaxPool: one value per channel. */
export function globalPoolOp(cx: Converter, node: NodeProto): void {
  const x = valueAt(cx, node, 0);
  if (x.shape.length !== 3) throw new Error(`${node.opType} '${labelOf(node)}' pools a vector, not an image`);
  // ONNX keeps a 1 × 1 map; as a vector it flattens to the same C values in the same order.
  pushOp(cx, { kind: 'globalpool', name: labelOf(node), className: node.opType, inputs: [x.op], shape: [x.shape[2]], mode: node.opType === 'GlobalAveragePool' ? 'avg' : 'max' }, node.output[0], [x.shape[2], 1, 1]);
}

/** Pad with zeros on the image's rows and columns (pads from input 1 since opset 11, an attribute before). */
export function padOp(cx: Converter, node: NodeProto, a: Attributes): void {
  const label = labelOf(node);
  const x = valueAt(cx, node, 0);
  const mode = a.get('mode')?.s || 'constant';
  if (mode !== 'constant') throw new Error(`Pad '${label}' pads in mode '${mode}'; nnwalk reads zero (constant) padding`);
  const value = node.input[2] ? constantAt(cx, node, 2).data[0] : a.get('value')?.f ?? 0;
  if (value !== 0) throw new Error(`Pad '${label}' pads with ${value}; nnwalk reads zero padding`);
  let pads = node.input[1] ? intsAt(cx, node, 1) : a.get('pads')?.ints ?? [];
  if (x.shape.length !== 3) throw new Error(`Pad '${label}' pads a vector, not an image`);
  if (node.input[3]) {
    // Opset 18: pads for the listed axes only.
    const axes = intsAt(cx, node, 3).map((v) => (v < 0 ? v + 4 : v));
    const full = new Array(8).fill(0);
    axes.forEach((axis, k) => { full[axis] = pads[k]; full[axis + 4] = pads[k + axes.length]; });
    pads = full;
  }
  if (pads.length !== 8 || pads[0] || pads[1] || pads[4] || pads[5]) throw new Error(`Pad '${label}' pads [${pads.join(', ')}]; nnwalk reads padding of an image's rows and columns only`);
  const v = pushZeroPad(cx, node, x, [pads[2], pads[3], pads[6], pads[7]]);
  cx.values.set(node.output[0], v);
}

/** Concat of images along channels (axis 1 of NCHW). */
export function concatOp(cx: Converter, node: NodeProto, a: Attributes): void {
  const parts = node.input.map((_, k) => valueAt(cx, node, k));
  const axis = a.get('axis')?.i ?? 1;
  if ((axis !== 1 && axis !== -3) || parts.some((v) => v.shape.length !== 3 || v.shape[0] !== parts[0].shape[0] || v.shape[1] !== parts[0].shape[1])) {
    throw new Error(`Concat '${labelOf(node)}' must join images of one size along channels (axis 1)`);
  }
  const shape = [parts[0].shape[0], parts[0].shape[1], parts.reduce((n, v) => n + v.shape[2], 0)];
  pushOp(cx, { kind: 'concat', name: labelOf(node), className: 'Concat', inputs: parts.map((v) => v.op), shape }, node.output[0]);
}
