/**
 * ONNX (torch.onnx.export and others) → ModelGraph. The protobuf is decoded by onnx-buf (pinned; the
 * ONNX 1.20 schema compiled for @bufbuild/protobuf) behind our own checks; the graph is then rewritten
 * from ONNX's NCHW world into nnwalk's per-sample H × W × C one: conv kernels [cout, cin/g, kh, kw] →
 * [kh, kw, cin, cout] (groups = channels → depthwise), explicit pads → a zero-padding op and a valid
 * window (PyTorch's symmetric pads are not tfjs's `same` at stride 2), Gemm after a Flatten of a C × H × W
 * map gets its rows reordered to H × W × C. Unsupported operations are listed all at once.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, type ModelProto, type NodeProto, type TensorProto } from 'onnx-buf';
import { kLinear, padBefore, windowOutput, type Activation, type ModelGraph, type Op, type Window2d } from './model-graph';

/** What a tensor name stands for while converting: an op's output (with its layout) or a constant. */
interface Value { op: number; shape: number[]; flatOf: [number, number, number] | null }
interface Constant { dims: number[]; data: Float32Array }

const kFloat = 1;

/** Reads a float tensor (raw_data at any alignment, or float_data), naming what is wrong. */
function floatTensor(t: TensorProto, what: string): Constant {
  const dims = t.dims.map(Number);
  const n = dims.reduce((a, b) => a * b, 1);
  if (t.dataType !== kFloat) throw new Error(`${what} '${t.name}' holds data type ${t.dataType}; nnwalk reads float32 weights only`);
  if (t.externalData.length) throw new Error(`${what} '${t.name}' keeps its weights in an external file ('${t.externalData.find((e) => e.key === 'location')?.value ?? '?'}'): give that file too`);
  if (t.rawData.length) {
    if (t.rawData.length !== n * 4) throw new Error(`${what} '${t.name}' declares ${n} floats but holds ${t.rawData.length} bytes`);
    // raw_data views may start at offsets not divisible by 4: read through a DataView.
    const view = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = view.getFloat32(i * 4, true);
    return { dims, data };
  }
  if (t.floatData.length !== n) throw new Error(`${what} '${t.name}' declares ${n} floats but holds ${t.floatData.length}`);
  return { dims, data: Float32Array.from(t.floatData) };
}

function attrs(node: NodeProto): Map<string, { i: number; f: number; ints: number[]; floats: number[]; s: string; t?: TensorProto }> {
  return new Map(node.attribute.map((a) => [a.name, { i: Number(a.i), f: a.f, ints: a.ints.map(Number), floats: a.floats, s: new TextDecoder().decode(a.s), t: a.t }]));
}

/** Decodes ONNX bytes, naming a file that is not one. */
export function decodeOnnx(bytes: Uint8Array, name = 'the file'): ModelProto {
  let model: ModelProto;
  try {
    model = fromBinary(ModelProtoSchema, bytes);
  } catch (err) {
    throw new Error(`${name} is not a readable ONNX model: ${(err as Error).message}`);
  }
  if (!model.graph || model.graph.node.length === 0) throw new Error(`${name} is not an ONNX model: it holds no graph (ONNX files start with the model's IR version and opset)`);
  const opset = model.opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx');
  const version = opset ? Number(opset.version) : 0;
  if (version < 9 || version > 21) throw new Error(`${name} uses ONNX opset ${version || 'none'}; nnwalk reads opsets 9–21`);
  return model;
}

/** The model graph of an ONNX model (see the file comment). */
export function onnxToGraph(model: ModelProto, name = 'model'): ModelGraph {
  const g = model.graph!;
  const constants = new Map<string, Constant>();
  for (const t of g.initializer) constants.set(t.name, floatTensor(t, 'initializer'));
  const input = g.input.find((i) => !constants.has(i.name));
  if (!input) throw new Error(`${name} has no graph input besides its weights`);
  const type = input.type?.value;
  const dims = type?.case === 'tensorType' ? (type.value.shape?.dim ?? []).map((d) => (d.value.case === 'dimValue' ? Number(d.value.value) : -1)) : [];
  const perSample = dims.slice(1);
  if (perSample.length !== 3 && perSample.length !== 1) throw new Error(`${name}'s input '${input.name}' has shape [${dims.join(', ')}]; nnwalk reads [batch, C, H, W] images or [batch, N] vectors`);
  if (perSample.some((d) => !(d > 0))) throw new Error(`${name}'s input '${input.name}' has an unknown size in [${dims.join(', ')}] besides the batch`);
  const ops: Op[] = [];
  const values = new Map<string, Value>();
  const inShape = perSample.length === 3 ? [perSample[1], perSample[2], perSample[0]] : perSample;
  ops.push({ kind: 'input', name: input.name, className: 'Input', inputs: [], shape: inShape });
  values.set(input.name, { op: 0, shape: inShape, flatOf: null });
  const unsupported: string[] = [];
  const push = (op: Op, output: string, flatOf: [number, number, number] | null = null) => {
    ops.push(op);
    values.set(output, { op: ops.length - 1, shape: op.shape, flatOf });
  };
  const valueOf = (node: NodeProto, k: number): Value => {
    const v = values.get(node.input[k]);
    if (!v) throw new Error(`${node.opType} '${node.name}' reads '${node.input[k]}', which no earlier node makes (ONNX nodes must come in topological order)`);
    return v;
  };
  const constantOf = (node: NodeProto, k: number): Constant => {
    const c = constants.get(node.input[k]);
    if (!c) throw new Error(`${node.opType} '${node.name}' needs constant weights at input ${k} ('${node.input[k]}')`);
    return c;
  };
  const activation = (node: NodeProto, act: Activation) => {
    const x = valueOf(node, 0);
    push({ kind: 'activation', name: node.name || node.output[0], className: node.opType, inputs: [x.op], shape: x.shape, activation: act }, node.output[0], x.flatOf);
  };
  /** Explicit pads become a zero-padding op before a valid window; returns the op index to read. */
  const padded = (node: NodeProto, x: Value, pads: number[]): Value => {
    if (!pads.some((p) => p !== 0)) return x;
    const [top, left, bottom, right] = pads;
    const op: Op = { kind: 'zeropad', name: `${node.name || node.output[0]}/pad`, className: 'Pad', inputs: [x.op], shape: [x.shape[0] + top + bottom, x.shape[1] + left + right, x.shape[2]], top, bottom, left, right };
    ops.push(op);
    return { op: ops.length - 1, shape: op.shape, flatOf: null };
  };
  for (const node of g.node) {
    const a = attrs(node);
    const label = node.name || node.output[0];
    try {
      switch (node.opType) {
        case 'Constant': {
          const t = a.get('value')?.t;
          if (!t) throw new Error(`Constant '${label}' holds no tensor value`);
          constants.set(node.output[0], floatTensor(t, 'Constant'));
          break;
        }
        case 'Conv': {
          let x = valueOf(node, 0);
          const w = constantOf(node, 1);
          const bias = node.input[2] ? constantOf(node, 2).data : null;
          if (x.shape.length !== 3 || w.dims.length !== 4) throw new Error(`Conv '${label}' is not a 2-D convolution of an image`);
          const [cout, cinPerGroup, kh, kw] = w.dims;
          const group = a.get('group')?.i || 1;
          const cin = x.shape[2];
          const [sy, sx] = a.get('strides')?.ints ?? [1, 1];
          const [dy, dx] = a.get('dilations')?.ints ?? [1, 1];
          const autoPad = a.get('auto_pad')?.s || 'NOTSET';
          let padding: 'same' | 'valid' = 'valid';
          if (autoPad === 'SAME_UPPER') padding = 'same';
          else if (autoPad === 'NOTSET') x = padded(node, x, a.get('pads')?.ints ?? [0, 0, 0, 0]);
          else if (autoPad !== 'VALID') throw new Error(`Conv '${label}' has auto_pad ${autoPad}; nnwalk reads NOTSET, VALID and SAME_UPPER`);
          const window: Window2d = { kh, kw, strideY: sy, strideX: sx, dilationY: dy, dilationX: dx, padding };
          const shape = [windowOutput(x.shape[0], kh, sy, dy, padding), windowOutput(x.shape[1], kw, sx, dx, padding), cout];
          if (group === 1) {
            if (cinPerGroup !== cin) throw new Error(`Conv '${label}' has ${cinPerGroup} input channels in its kernel but its input has ${cin}`);
            const kernel = new Float32Array(kh * kw * cin * cout);
            for (let co = 0; co < cout; co++) for (let ci = 0; ci < cin; ci++) for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) {
              kernel[((ky * kw + kx) * cin + ci) * cout + co] = w.data[((co * cin + ci) * kh + ky) * kw + kx];
            }
            push({ kind: 'conv2d', name: label, className: 'Conv', inputs: [x.op], shape, window, kernel, bias, activation: kLinear }, node.output[0]);
          } else if (group === cin && cinPerGroup === 1 && cout % cin === 0) {
            const m = cout / cin;
            const kernel = new Float32Array(kh * kw * cin * m);
            for (let ci = 0; ci < cin; ci++) for (let j = 0; j < m; j++) for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) {
              kernel[((ky * kw + kx) * cin + ci) * m + j] = w.data[((ci * m + j) * kh + ky) * kw + kx];
            }
            push({ kind: 'depthwise2d', name: label, className: 'Conv', inputs: [x.op], shape, window, multiplier: m, kernel, bias, activation: kLinear }, node.output[0]);
          } else {
            throw new Error(`Conv '${label}' has ${group} groups of ${cinPerGroup} channels: nnwalk reads ordinary (1 group) and depthwise (one group per channel) convolutions`);
          }
          break;
        }
        case 'Gemm': {
          const x = valueOf(node, 0);
          const b = constantOf(node, 1);
          if ((a.get('transA')?.i ?? 0) !== 0 || x.shape.length !== 1) throw new Error(`Gemm '${label}' must multiply a vector (transA 0)`);
          const transB = (a.get('transB')?.i ?? 0) === 1;
          const alpha = a.has('alpha') ? a.get('alpha')!.f : 1;
          const beta = a.has('beta') ? a.get('beta')!.f : 1;
          const nin = x.shape[0];
          const nout = transB ? b.dims[0] : b.dims[1];
          if ((transB ? b.dims[1] : b.dims[0]) !== nin) throw new Error(`Gemm '${label}' multiplies ${nin} inputs by a [${b.dims.join(', ')}] matrix`);
          const kernel = new Float32Array(nin * nout);
          // A flattened C × H × W map reaches us in H × W × C order: row (y·W + x)·C + c is ONNX's c·H·W + y·W + x.
          const f = x.flatOf;
          for (let r = 0; r < nin; r++) {
            let src = r;
            if (f) {
              const [C, H, W] = f;
              const c = r % C;
              const p = (r - c) / C;
              src = c * H * W + p;
              if (p >= H * W) throw new Error(`Gemm '${label}': flattened map size mismatch`);
            }
            for (let o = 0; o < nout; o++) kernel[r * nout + o] = alpha * (transB ? b.data[o * nin + src] : b.data[src * nout + o]);
          }
          const bias = node.input[2] ? Float32Array.from(constantOf(node, 2).data, (v) => v * beta) : null;
          if (bias && bias.length !== nout) throw new Error(`Gemm '${label}' has ${bias.length} biases for ${nout} outputs`);
          push({ kind: 'dense', name: label, className: 'Gemm', inputs: [x.op], shape: [nout], kernel, bias, activation: kLinear }, node.output[0]);
          break;
        }
        case 'Relu': activation(node, { name: 'relu' }); break;
        case 'LeakyRelu': activation(node, { name: 'relu', negativeSlope: a.get('alpha')?.f ?? 0.01 }); break;
        case 'Sigmoid': activation(node, { name: 'sigmoid' }); break;
        case 'Tanh': activation(node, { name: 'tanh' }); break;
        case 'Softmax': activation(node, { name: 'softmax' }); break;
        case 'Clip': {
          const lo = node.input[1] ? constantOf(node, 1).data[0] : a.get('min')?.f ?? -Infinity;
          const hi = node.input[2] ? constantOf(node, 2).data[0] : a.get('max')?.f ?? Infinity;
          if (lo !== 0) throw new Error(`Clip '${label}' clips at ${lo} … ${hi}; nnwalk reads Clip as ReLU with a cap (min 0)`);
          activation(node, Number.isFinite(hi) ? { name: 'relu', maxValue: hi } : { name: 'relu' });
          break;
        }
        case 'BatchNormalization': {
          const x = valueOf(node, 0);
          const [gamma, beta, mean, variance] = [1, 2, 3, 4].map((k) => constantOf(node, k).data);
          push({ kind: 'batchnorm', name: label, className: 'BatchNormalization', inputs: [x.op], shape: x.shape, gamma, beta, mean, variance, epsilon: a.get('epsilon')?.f ?? 1e-5 }, node.output[0]);
          break;
        }
        case 'MaxPool': case 'AveragePool': {
          const x = valueOf(node, 0);
          const [kh, kw] = a.get('kernel_shape')?.ints ?? [];
          const [sy, sx] = a.get('strides')?.ints ?? [1, 1];
          const pads = a.get('pads')?.ints ?? [0, 0, 0, 0];
          if ((a.get('ceil_mode')?.i ?? 0) !== 0) throw new Error(`${node.opType} '${label}' uses ceil_mode`);
          // Pooling pads are not zeros: they are representable only where they equal tfjs's `same` padding.
          let padding: 'same' | 'valid' = 'valid';
          if (pads.some((p) => p !== 0)) {
            const same = pads[0] === padBefore(x.shape[0], kh, sy, 1, 'same') && pads[1] === padBefore(x.shape[1], kw, sx, 1, 'same')
              && windowOutput(x.shape[0], kh, sy, 1, 'same') === Math.floor((x.shape[0] + pads[0] + pads[2] - kh) / sy) + 1
              && windowOutput(x.shape[1], kw, sx, 1, 'same') === Math.floor((x.shape[1] + pads[1] + pads[3] - kw) / sx) + 1;
            if (!same || node.opType === 'AveragePool') throw new Error(`${node.opType} '${label}' pads [${pads.join(', ')}] in a way nnwalk cannot represent`);
            padding = 'same';
          }
          const window: Window2d = { kh, kw, strideY: sy, strideX: sx, dilationY: 1, dilationX: 1, padding };
          const shape = [windowOutput(x.shape[0], kh, sy, 1, padding), windowOutput(x.shape[1], kw, sx, 1, padding), x.shape[2]];
          push({ kind: node.opType === 'MaxPool' ? 'maxpool' : 'avgpool', name: label, className: node.opType, inputs: [x.op], shape, window }, node.output[0]);
          break;
        }
        case 'GlobalAveragePool': case 'GlobalMaxPool': {
          const x = valueOf(node, 0);
          push({ kind: 'globalpool', name: label, className: node.opType, inputs: [x.op], shape: [x.shape[2]], mode: node.opType === 'GlobalAveragePool' ? 'avg' : 'max' }, node.output[0]);
          break;
        }
        case 'Flatten': {
          const x = valueOf(node, 0);
          if (x.shape.length === 1) values.set(node.output[0], x);
          else push({ kind: 'flatten', name: label, className: 'Flatten', inputs: [x.op], shape: [x.shape[0] * x.shape[1] * x.shape[2]] }, node.output[0], [x.shape[2], x.shape[0], x.shape[1]]);
          break;
        }
        case 'Add': {
          const [p, q] = [valueOf(node, 0), valueOf(node, 1)];
          if (p.shape.join() !== q.shape.join()) throw new Error(`Add '${label}' adds [${p.shape.join(', ')}] and [${q.shape.join(', ')}]`);
          push({ kind: 'add', name: label, className: 'Add', inputs: [p.op, q.op], shape: p.shape }, node.output[0]);
          break;
        }
        case 'Concat': {
          const parts = node.input.map((_, k) => valueOf(node, k));
          const axis = a.get('axis')?.i ?? 1;
          if (axis !== 1 || parts.some((v) => v.shape.length !== 3 || v.shape[0] !== parts[0].shape[0] || v.shape[1] !== parts[0].shape[1])) throw new Error(`Concat '${label}' must join images of one size along channels (axis 1)`);
          push({ kind: 'concat', name: label, className: 'Concat', inputs: parts.map((v) => v.op), shape: [parts[0].shape[0], parts[0].shape[1], parts.reduce((n, v) => n + v.shape[2], 0)] }, node.output[0]);
          break;
        }
        case 'Identity': case 'Dropout':
          // Exporters also alias weights through Identity: a constant stays a constant.
          if (constants.has(node.input[0])) constants.set(node.output[0], constants.get(node.input[0])!);
          else values.set(node.output[0], valueOf(node, 0));
          break;
        default:
          unsupported.push(`${node.opType} '${label}'`);
      }
    } catch (err) {
      // Past an unsupported op its consumers cannot be read: keep going only to list every unsupported op.
      if (unsupported.length) continue;
      throw err;
    }
  }
  if (unsupported.length) throw new Error(`${name} uses operations nnwalk does not read yet: ${unsupported.join(', ')}`);
  const out = values.get(g.output[0]?.name ?? '');
  if (!out) throw new Error(`${name}'s output '${g.output[0]?.name}' is not made by any node`);
  if (out.shape.length !== 1) throw new Error(`${name}'s output has shape [${out.shape.join(', ')}]; nnwalk needs one score per class (a vector)`);
  const classCount = out.shape[0];
  let classNames = Array.from({ length: classCount }, (_, c) => String(c));
  const meta = model.metadataProps.find((m) => m.key === 'class_names')?.value;
  if (meta) {
    const parsed = JSON.parse(meta) as unknown;
    if (!Array.isArray(parsed) || parsed.length !== classCount || !parsed.every((n) => typeof n === 'string')) throw new Error(`${name}'s metadata class_names must list ${classCount} strings`);
    classNames = parsed as string[];
  }
  return { name: g.name || name, ops, output: out.op, classCount, classNames };
}
