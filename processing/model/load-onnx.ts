/**
 * ONNX (torch.onnx.export and others) → ModelGraph. The protobuf is decoded by onnx-buf (pinned; the
 * ONNX 1.20 schema compiled for @bufbuild/protobuf) behind our own checks; the nodes are then converted
 * one by one (onnx-ops.ts) from ONNX's NCHW world into nnwalk's per-sample H × W × C one. Unsupported
 * operations are listed all at once, with where they sit.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, type ModelProto } from 'onnx-buf';
import type { ModelGraph, Op } from './model-graph';
import { attributesOf, labelOf, type Converter } from './onnx-context';
import { checkFiniteWeights } from './finite-weights';
import { kOnnxOps } from './onnx-ops';
import { intTensor, isIntTensor, type ExternalFiles } from './onnx-tensors';

/** The operations listed in messages (shape arithmetic on constants is folded, not listed). */
const kReadOps = 'Conv (ordinary and depthwise), Gemm, MatMul (+ Add as bias), Relu, LeakyRelu, Clip (ReLU6), Sigmoid, HardSigmoid, HardSwish, Tanh, Softmax, BatchNormalization, MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool, Pad, Flatten, Reshape (flattening), Add, Concat, Dropout, Identity, Constant';

/** Upper bound on nodes, so a hostile file fails with a message instead of a long walk. */
export const kMaxOnnxNodes = 100_000;

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

/**
 * The model graph of an ONNX model (see the file comment). `files` holds the external data files given
 * with the model, by name; a tensor kept in a file that is not there is named in the error.
 */
export function onnxToGraph(model: ModelProto, name = 'model', files?: ExternalFiles): ModelGraph {
  const g = model.graph!;
  if (g.node.length > kMaxOnnxNodes) throw new Error(`${name} has ${g.node.length} nodes; nnwalk reads at most ${kMaxOnnxNodes}`);
  const cx: Converter = { ops: [], values: new Map(), constants: new Map(), ints: new Map(), uses: new Map(), files };
  for (const t of g.initializer) {
    if (isIntTensor(t)) cx.ints.set(t.name, intTensor(t, 'initializer'));
    else cx.constants.set(t.name, t);
  }
  for (const node of g.node) for (const i of node.input) cx.uses.set(i, (cx.uses.get(i) ?? 0) + 1);
  for (const o of g.output) cx.uses.set(o.name, (cx.uses.get(o.name) ?? 0) + 1);
  const input = g.input.find((i) => !cx.constants.has(i.name) && !cx.ints.has(i.name));
  if (!input) throw new Error(`${name} has no graph input besides its weights`);
  const type = input.type?.value;
  const dims = type?.case === 'tensorType' ? (type.value.shape?.dim ?? []).map((d) => (d.value.case === 'dimValue' ? Number(d.value.value) : -1)) : [];
  const perSample = dims.slice(1);
  if (perSample.length !== 3 && perSample.length !== 1) throw new Error(`${name}'s input '${input.name}' has shape [${dims.join(', ')}]; nnwalk reads [batch, C, H, W] images or [batch, N] vectors`);
  if (perSample.some((d) => !(d > 0) || d > 1 << 16)) throw new Error(`${name}'s input '${input.name}' has an unknown or huge size in [${dims.join(', ')}] besides the batch`);
  const inShape = perSample.length === 3 ? [perSample[1], perSample[2], perSample[0]] : perSample;
  const first: Op = { kind: 'input', name: input.name, className: 'Input', inputs: [], shape: inShape };
  cx.ops.push(first);
  cx.values.set(input.name, { op: 0, shape: inShape, flatOf: null });
  const unsupported: string[] = [];
  g.node.forEach((node, k) => {
    const handler = kOnnxOps[node.opType];
    if (!handler || (node.domain !== '' && node.domain !== 'ai.onnx')) {
      const after = node.input.find((i) => cx.values.has(i));
      unsupported.push(`${node.domain && node.domain !== 'ai.onnx' ? `${node.domain}.` : ''}${node.opType} '${labelOf(node)}' (node ${k + 1} of ${g.node.length}${after ? `, reading '${after}'` : ''})`);
      return;
    }
    try {
      handler(cx, node, attributesOf(node));
    } catch (err) {
      // Past an unsupported op its consumers cannot be read: keep going only to list every unsupported op.
      if (unsupported.length) return;
      throw err;
    }
  });
  if (unsupported.length) throw new Error(`${name} uses ${unsupported.length} operation${unsupported.length > 1 ? 's' : ''} nnwalk does not read: ${unsupported.slice(0, 12).join(', ')}${unsupported.length > 12 ? ` and ${unsupported.length - 12} more` : ''}. It reads ${kReadOps}`);
  const out = cx.values.get(g.output[0]?.name ?? '');
  if (!out) throw new Error(`${name}'s output '${g.output[0]?.name}' is not made by any node`);
  if (out.shape.length !== 1) throw new Error(`${name}'s output has shape [${out.shape.join(', ')}]; nnwalk needs one score per class (a vector)`);
  const classCount = out.shape[0];
  checkFiniteWeights(cx.ops, name);
  // Exporters name graphs generically ('torch_jit', 'main_graph'): the file's own name says more.
  return { name, ops: cx.ops, output: out.op, classCount, classNames: classNamesOf(model, classCount, name) };
}

/** Class names from metadata_props `class_names` (a JSON list), else 0 … C−1. */
function classNamesOf(model: ModelProto, classCount: number, name: string): string[] {
  const meta = model.metadataProps.find((m) => m.key === 'class_names')?.value;
  if (!meta) return Array.from({ length: classCount }, (_, c) => String(c));
  let parsed: unknown;
  try {
    parsed = JSON.parse(meta);
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || parsed.length !== classCount || !parsed.every((n) => typeof n === 'string')) throw new Error(`${name}'s metadata class_names must be a JSON list of ${classCount} strings`);
  return parsed as string[];
}
