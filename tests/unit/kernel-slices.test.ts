/**
 * Kernel slices of a selected channel on hand-built graphs: exact values and order for conv, depthwise and
 * dense (after a flatten and on a vector), notes for weightless ops, the walk back through folded BN / ReLU.
 */
import { describe, expect, it } from 'vitest';
import { buildChannelGraph } from '../../processing/graph/channel-graph';
import { channelKernels } from '../../processing/graph/kernel-slices';
import { kLinear, type ModelGraph, type Op, type Window2d } from '../../processing/model/model-graph';

const win = (k: number): Window2d => ({ kh: k, kw: k, strideY: 1, strideX: 1, dilationY: 1, dilationX: 1, padding: 'valid' });
const input = (shape: number[]): Op => ({ name: 'input', className: 'InputLayer', kind: 'input', inputs: [], shape });
const graphOf = (ops: Op[]): ModelGraph => ({ name: 'k', ops, output: ops.length - 1, classCount: 0, classNames: [] });
const ramp = (n: number) => Float32Array.from({ length: n }, (_, i) => i + 1);
const vals = (s: { values: Float32Array }) => Array.from(s.values);

/** Input 3×3×2 → conv 3 @ 2×2 (kernel[i] = i + 1, but input 0 → output 1 ten times larger), bias [0.5, −1, 2]. */
function convOp(): Op {
  const kernel = ramp(24);
  // Index (t·2 + ci)·3 + c: ci 0, c 1 sits at 1, 7, 13, 19.
  for (const i of [1, 7, 13, 19]) kernel[i] *= 10;
  return { name: 'conv', className: 'Conv2D', kind: 'conv2d', inputs: [0], shape: [2, 2, 3], window: win(2), kernel, bias: Float32Array.from([0.5, -1, 2]), activation: kLinear };
}

describe('kernel slices', () => {
  it('gives a conv channel one kh × kw slice per input channel, strongest first', () => {
    const g = graphOf([input([3, 3, 2]), convOp()]);
    const k0 = channelKernels(g, 1, 0);
    expect([k0.op, k0.kind, k0.total, k0.bias, k0.note]).toEqual(['conv', 'conv2d', 2, 0.5, '']);
    // Channel 0: ci 0 at 0, 6, 12, 18 → 1, 7, 13, 19; ci 1 at 3, 9, 15, 21 → 4, 10, 16, 22 (larger, so first).
    expect(k0.slices.map((s) => [s.inputChannel, s.kh, s.kw])).toEqual([[1, 2, 2], [0, 2, 2]]);
    expect(vals(k0.slices[0])).toEqual([4, 10, 16, 22]);
    expect(vals(k0.slices[1])).toEqual([1, 7, 13, 19]);
    expect(k0.slices[1].norm).toBeCloseTo(Math.sqrt(1 + 49 + 169 + 361), 10);
    const k1 = channelKernels(g, 1, 1);
    expect(k1.bias).toBe(-1);
    expect(k1.slices.map((s) => s.inputChannel)).toEqual([0, 1]);
    expect(vals(k1.slices[0])).toEqual([20, 80, 140, 200]);
    expect(vals(k1.slices[1])).toEqual([5, 11, 17, 23]);
    const limited = channelKernels(g, 1, 2, 1);
    expect([limited.slices.length, limited.total, limited.slices[0].inputChannel]).toEqual([1, 2, 1]);
    expect(vals(limited.slices[0])).toEqual([6, 12, 18, 24]);
  });

  it('agrees with the channel graph’s edge weights (slice norms)', () => {
    const g = graphOf([input([3, 3, 2]), convOp()]);
    const cg = buildChannelGraph(g);
    for (let c = 0; c < 3; c++) {
      const byInput = new Map(channelKernels(g, 1, c).slices.map((s) => [s.inputChannel, s.norm]));
      for (let e = 0; e < cg.edgeSource.length; e++) {
        if (cg.edgeTarget[e] !== 2 + c) continue;
        expect(cg.edgeWeight[e]).toBeCloseTo(byInput.get(cg.edgeSource[e])!, 4);
      }
    }
  });

  it('gives a depthwise channel the single slice of input channel floor(c / m)', () => {
    // cin 2, multiplier 2, 2×2: index (t·2 + ci)·2 + m, kernel[i] = i + 1.
    const dw: Op = { name: 'dw', className: 'DepthwiseConv2D', kind: 'depthwise2d', inputs: [0], shape: [2, 2, 4], window: win(2), multiplier: 2, kernel: ramp(16), bias: null, activation: kLinear };
    const g = graphOf([input([3, 3, 2]), dw]);
    const expected = [[1, 5, 9, 13], [2, 6, 10, 14], [3, 7, 11, 15], [4, 8, 12, 16]];
    for (let c = 0; c < 4; c++) {
      const k = channelKernels(g, 1, c);
      expect([k.kind, k.total, k.bias, k.slices.length, k.slices[0].inputChannel]).toEqual(['depthwise2d', 1, null, 1, Math.floor(c / 2)]);
      expect(vals(k.slices[0])).toEqual(expected[c]);
    }
    expect(channelKernels(g, 1, 3).note).toBe('depthwise: channel 3 filters only input channel 1 (multiplier 2, copy 1)');
  });

  it('shows a dense unit after a flatten as one H × W map per input channel', () => {
    const ops: Op[] = [
      input([2, 3, 2]),
      { name: 'flat', className: 'Flatten', kind: 'flatten', inputs: [0], shape: [12] },
      { name: 'drop', className: 'Dropout', kind: 'identity', inputs: [1], shape: [12] },
      { name: 'fc', className: 'Dense', kind: 'dense', inputs: [2], shape: [2], kernel: ramp(24), bias: Float32Array.from([0, 3]), activation: kLinear },
    ];
    const k = channelKernels(graphOf(ops), 3, 1);
    expect([k.op, k.kind, k.total, k.bias]).toEqual(['fc', 'dense', 2, 3]);
    // Row (p·2 + ci) of the [12, 2] kernel, column 1: ci 1 → 4p + 4, ci 0 → 4p + 2, for pixels p = y·3 + x.
    expect(k.slices.map((s) => [s.inputChannel, s.kh, s.kw])).toEqual([[1, 2, 3], [0, 2, 3]]);
    expect(vals(k.slices[0])).toEqual([4, 8, 12, 16, 20, 24]);
    expect(vals(k.slices[1])).toEqual([2, 6, 10, 14, 18, 22]);
    expect(k.note).toBe("dense after flattening a 2 × 3 × 2 map: each slice is one input channel's 2 × 3 weights to unit 1");
  });

  it('shows a dense unit on a vector as 1 × 1 slices, one per input unit, by |w|', () => {
    const ops: Op[] = [
      input([3]),
      { name: 'fc', className: 'Dense', kind: 'dense', inputs: [0], shape: [2], kernel: Float32Array.from([1, -5, 2, 0.5, -3, 4]), bias: null, activation: kLinear },
    ];
    const k = channelKernels(graphOf(ops), 1, 0);
    expect(k.slices.map((s) => [s.inputChannel, s.kh, s.kw, s.values[0], s.norm])).toEqual([[2, 1, 1, -3, 3], [1, 1, 1, 2, 2], [0, 1, 1, 1, 1]]);
    expect([k.total, k.bias, k.note]).toEqual([3, null, '']);
    expect(channelKernels(graphOf(ops), 1, 1, 2).slices.map((s) => s.inputChannel)).toEqual([0, 2]);
  });

  it('walks back through folded batch normalisation and ReLU to the conv, and says the BN is left out', () => {
    const ops: Op[] = [
      input([3, 3, 2]),
      convOp(),
      { name: 'bn', className: 'BatchNormalization', kind: 'batchnorm', inputs: [1], shape: [2, 2, 3], gamma: Float32Array.from([1, 2, 1]), beta: Float32Array.from([0, 0.5, 0]), mean: Float32Array.from([0, 1, 0]), variance: Float32Array.from([1, 1, 1]), epsilon: 0 },
      { name: 'relu', className: 'ReLU', kind: 'activation', inputs: [2], shape: [2, 2, 3], activation: { name: 'relu' } },
    ];
    const g = graphOf(ops);
    // The channel graph shows this as one plane whose op is the ReLU.
    expect(buildChannelGraph(g).planes[1].op).toBe(3);
    const k = channelKernels(g, 3, 1);
    expect([k.op, k.kind, k.bias]).toEqual(['conv', 'conv2d', -1]);
    expect(vals(k.slices[0])).toEqual([20, 80, 140, 200]);
    // Scale γ / √(σ² + ε) = 2, shift β − μ·scale = 0.5 − 2 = −1.5.
    expect(k.note).toBe('batch normalisation bn folded after this kernel is not applied to the slices (it scales channel 1 by 2 and shifts it by -1.5); then ReLU relu');
  });

  it('gives weightless ops kind none and a note naming the input channel', () => {
    const pool: Op = { name: 'pool', className: 'MaxPooling2D', kind: 'maxpool', inputs: [1], shape: [1, 1, 3], window: { ...win(2), strideY: 2, strideX: 2 } };
    const other: Op = { name: 'other', className: 'Conv2D', kind: 'conv2d', inputs: [0], shape: [2, 2, 2], window: win(2), kernel: ramp(16), bias: null, activation: kLinear };
    const ops: Op[] = [
      input([3, 3, 2]), convOp(), pool, other,
      { name: 'cat', className: 'Concatenate', kind: 'concat', inputs: [1, 3], shape: [2, 2, 5] },
      { name: 'gap', className: 'GlobalAveragePooling2D', kind: 'globalpool', mode: 'avg', inputs: [4], shape: [5] },
      { name: 'relu', className: 'ReLU', kind: 'activation', inputs: [4], shape: [2, 2, 5], activation: { name: 'relu' } },
    ];
    const g = graphOf(ops);
    const p = channelKernels(g, 2, 2);
    expect([p.op, p.kind, p.slices, p.total, p.bias]).toEqual(['pool', 'none', [], 0, null]);
    expect(p.note).toBe('a max-pooling plane has no weights: each channel pools channel c of its input (here channel 2 of conv)');
    expect(channelKernels(g, 4, 4).note).toBe('a concatenation plane has no weights: channel 4 is channel 1 of other');
    expect(channelKernels(g, 5, 0).note).toBe('a global average-pooling plane has no weights: unit 0 pools the whole map of channel 0 of cat');
    expect(channelKernels(g, 0, 1).note).toBe('the input has no weights: channel 1 is a channel of the image itself');
    // A ReLU after a weightless op: walked back to the concatenation, the ReLU still mentioned.
    const r = channelKernels(g, 6, 0);
    expect([r.op, r.kind]).toEqual(['cat', 'none']);
    expect(r.note).toBe('a concatenation plane has no weights: channel 0 is channel 0 of conv; then ReLU relu');
  });

  it('throws on a bad op index, channel or limit', () => {
    const g = graphOf([input([3, 3, 2]), convOp()]);
    expect(() => channelKernels(g, 1, 3)).toThrow('channel 3 is out of range: conv has 3 channels');
    expect(() => channelKernels(g, 1, -1)).toThrow('channel -1 is out of range');
    expect(() => channelKernels(g, 1, 0.5)).toThrow('out of range');
    expect(() => channelKernels(g, 2, 0)).toThrow('op index 2 is out of range (the graph has 2 ops)');
    expect(() => channelKernels(g, 1, 0, -1)).toThrow('limit -1 must be a non-negative integer');
  });
});
