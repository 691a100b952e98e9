/**
 * A seeded random convolutional model graph for scale checks: an H × W × 3 input, a 1 × 1 conv to C
 * channels, then depthwise 3 × 3 convs (same padding, ReLU) — every plane C channels of H × W maps, at a
 * cost that grows with C, not C² — a global average pool and a dense layer to 10 classes. "cnn:10x1000@32"
 * is 1 + 10 planes, 10,003 channels, 10 M map values per input.
 */
import { type ModelGraph, type Op, type Window2d } from '../model/model-graph';
import { createRng } from '../util/rng';

export interface RandomCnnSpec { planes: number; channels: number; side: number }

/** Parses "cnn:PxC@S" (planes × channels at side S; "cnn" alone is 10x1000@32), naming what is wrong. */
export function parseRandomCnn(text: string): RandomCnnSpec {
  if (text === 'cnn') return { planes: 10, channels: 1000, side: 32 };
  const m = /^cnn:(\d+)x(\d+)@(\d+)$/.exec(text);
  if (!m) throw new Error(`"${text}" is not a random CNN: write cnn:PLANESxCHANNELS@SIDE, e.g. cnn:10x1000@32`);
  const [planes, channels, side] = m.slice(1).map(Number);
  if (planes < 1 || planes > 50 || channels < 1 || channels > 4096 || side < 2 || side > 128) {
    throw new Error(`random CNN ${text}: planes must be 1–50, channels 1–4096 and the side 2–128`);
  }
  if (planes * channels * side * side > 64e6) throw new Error(`random CNN ${text} holds ${(planes * channels * side * side / 1e6).toFixed(0)} M map values: at most 64 M`);
  return { planes, channels, side };
}

/** The graph of `spec`, weights drawn from a seeded uniform distribution scaled by fan-in. */
export function randomCnnGraph(spec: RandomCnnSpec, seed = 1): ModelGraph {
  const random = createRng(seed);
  const fill = (n: number, fanIn: number) => {
    const out = new Float32Array(n);
    const a = Math.sqrt(6 / fanIn);
    for (let i = 0; i < n; i++) out[i] = (random() * 2 - 1) * a;
    return out;
  };
  const { planes, channels: C, side } = spec;
  const window = (k: number): Window2d => ({ kh: k, kw: k, strideY: 1, strideX: 1, dilationY: 1, dilationX: 1, padding: 'same' });
  const relu = { name: 'relu' };
  const ops: Op[] = [
    { kind: 'input', name: 'input', className: 'InputLayer', inputs: [], shape: [side, side, 3] },
    { kind: 'conv2d', name: 'expand', className: 'Conv2D', inputs: [0], shape: [side, side, C], window: window(1), kernel: fill(3 * C, 3), bias: new Float32Array(C), activation: relu },
  ];
  for (let p = 1; p < planes; p++) {
    ops.push({ kind: 'depthwise2d', name: `depthwise${p}`, className: 'DepthwiseConv2D', inputs: [ops.length - 1], shape: [side, side, C], window: window(3), multiplier: 1, kernel: fill(9 * C, 9), bias: fill(C, 100), activation: relu });
  }
  ops.push({ kind: 'globalpool', name: 'pool', className: 'GlobalAveragePooling2D', inputs: [ops.length - 1], shape: [C], mode: 'avg' });
  ops.push({ kind: 'dense', name: 'classes', className: 'Dense', inputs: [ops.length - 1], shape: [10], kernel: fill(C * 10, C), bias: new Float32Array(10), activation: { name: 'softmax' } });
  return { name: `random cnn ${planes}x${C}@${side}`, ops, output: ops.length - 1, classCount: 10, classNames: Array.from({ length: 10 }, (_, c) => String(c)) };
}
