/**
 * Receptive fields on hand-built graphs, with every box worked out on paper in the comments; the clamped
 * boxes are also checked against brute force (all-ones kernels, one lit pixel per sample, forwardGraph).
 */
import { describe, expect, it } from 'vitest';
import { describePixelBox, receptiveField, receptiveFieldUnclamped, type PixelBox } from '../../processing/graph/receptive-field';
import { kLinear, shapeSize, windowOutput, type ModelGraph, type Op, type Window2d } from '../../processing/model/model-graph';
import { forwardGraph } from '../../processing/nn/graph-forward';

/** Small graph builder: each method appends an op and returns its index; weights are all ones. */
class Builder {
  ops: Op[] = [];
  constructor(h: number, w: number, c = 1) {
    this.ops.push({ name: 'input', className: 'InputLayer', kind: 'input', inputs: [], shape: [h, w, c] });
  }
  private push(op: Op): number { this.ops.push(op); return this.ops.length - 1; }
  private windowed(from: number, k: number, s: number, padding: 'same' | 'valid', d: number): { w: Window2d; shape: number[] } {
    const [H, W, C] = this.ops[from].shape;
    const w: Window2d = { kh: k, kw: k, strideY: s, strideX: s, dilationY: d, dilationX: d, padding };
    return { w, shape: [windowOutput(H, k, s, d, padding), windowOutput(W, k, s, d, padding), C] };
  }
  conv(name: string, from: number, k: number, s = 1, padding: 'same' | 'valid' = 'valid', d = 1, cout = 1): number {
    const { w, shape } = this.windowed(from, k, s, padding, d);
    const cin = this.ops[from].shape[2];
    return this.push({ name, className: 'Conv2D', kind: 'conv2d', inputs: [from], shape: [shape[0], shape[1], cout], window: w, kernel: new Float32Array(k * k * cin * cout).fill(1), bias: null, activation: kLinear });
  }
  pool(name: string, from: number, k: number, s = k, kind: 'maxpool' | 'avgpool' = 'maxpool'): number {
    const { w, shape } = this.windowed(from, k, s, 'valid', 1);
    return this.push({ name, className: 'MaxPooling2D', kind, inputs: [from], shape, window: w });
  }
  zeropad(name: string, from: number, top: number, bottom: number, left: number, right: number): number {
    const [H, W, C] = this.ops[from].shape;
    return this.push({ name, className: 'ZeroPadding2D', kind: 'zeropad', inputs: [from], shape: [H + top + bottom, W + left + right, C], top, bottom, left, right });
  }
  add(name: string, ...from: number[]): number {
    return this.push({ name, className: 'Add', kind: 'add', inputs: from, shape: this.ops[from[0]].shape });
  }
  concat(name: string, ...from: number[]): number {
    const [H, W] = this.ops[from[0]].shape;
    const C = from.reduce((a, j) => a + this.ops[j].shape[2], 0);
    return this.push({ name, className: 'Concatenate', kind: 'concat', inputs: from, shape: [H, W, C] });
  }
  relu(name: string, from: number): number {
    return this.push({ name, className: 'ReLU', kind: 'activation', inputs: [from], shape: this.ops[from].shape, activation: { name: 'relu' } });
  }
  flatten(name: string, from: number): number {
    return this.push({ name, className: 'Flatten', kind: 'flatten', inputs: [from], shape: [shapeSize(this.ops[from].shape)] });
  }
  dense(name: string, from: number, units: number): number {
    const nin = this.ops[from].shape[0];
    return this.push({ name, className: 'Dense', kind: 'dense', inputs: [from], shape: [units], kernel: new Float32Array(nin * units).fill(1), bias: null, activation: kLinear });
  }
  graph(): ModelGraph {
    return { name: 'rf', ops: this.ops, output: this.ops.length - 1, classCount: 0, classNames: [] };
  }
}

const box = (y0: number, y1: number, x0: number, x1: number): PixelBox => ({ y0, x0, y1, x1 });

/** Hull of the input pixels that change output pixel (y, x) of `op`: all weights 1, no bias, so any lit pixel in the field makes it > 0. */
function bruteForce(graph: ModelGraph, op: number, y: number, x: number): PixelBox {
  const [H, W, C] = graph.ops[0].shape;
  const S = H * W;
  const inputs = new Float32Array(S * H * W * C);
  for (let p = 0; p < S; p++) inputs.fill(1, p * H * W * C + p * C, p * H * W * C + (p + 1) * C);
  const pass = forwardGraph(graph, inputs, S, { until: op });
  const shape = graph.ops[op].shape;
  const n = shapeSize(shape);
  // A spatial pixel counts if any of its channels lights up (a concatenation's channels come from different branches).
  const at = shape.length === 3 ? (y * shape[1] + x) * shape[2] : 0;
  const width = shape.length === 3 ? shape[2] : 1;
  const hull = box(Infinity, -Infinity, Infinity, -Infinity);
  for (let p = 0; p < S; p++) {
    if (!pass.values[op].subarray(p * n + at, p * n + at + width).some((v) => v > 0)) continue;
    const py = Math.floor(p / W), px = p % W;
    hull.y0 = Math.min(hull.y0, py); hull.y1 = Math.max(hull.y1, py);
    hull.x0 = Math.min(hull.x0, px); hull.x1 = Math.max(hull.x1, px);
  }
  return hull;
}

/** Checks the clamped box of every pixel of `op` against brute force. */
function expectMatchesBruteForce(graph: ModelGraph, op: number): void {
  const [Ho, Wo] = graph.ops[op].shape;
  for (let y = 0; y < Ho; y++) for (let x = 0; x < Wo; x++) expect(receptiveField(graph, op, y, x), `pixel (${y}, ${x})`).toEqual(bruteForce(graph, op, y, x));
}

describe('receptive field', () => {
  it('of a 3×3 valid conv is the 3×3 window under the pixel', () => {
    const b = new Builder(5, 5);
    const c = b.conv('conv', 0, 3);
    const g = b.graph();
    expect(receptiveField(g, c, 0, 0)).toEqual(box(0, 2, 0, 2));
    expect(receptiveFieldUnclamped(g, c, 0, 0)).toEqual(box(0, 2, 0, 2));
    expect(receptiveField(g, c, 2, 1)).toEqual(box(2, 4, 1, 3));
    expectMatchesBruteForce(g, c);
  });

  it('of a 3×3 same conv reaches one pixel into the padding at the border', () => {
    const b = new Builder(5, 5);
    const c = b.conv('conv', 0, 3, 1, 'same');
    const g = b.graph();
    // padBefore = floor(((5 − 1)·1 + 3 − 5) / 2) = 1: pixel 0 sees −1…1.
    expect(receptiveFieldUnclamped(g, c, 0, 0)).toEqual(box(-1, 1, -1, 1));
    expect(receptiveField(g, c, 0, 0)).toEqual(box(0, 1, 0, 1));
    expect(receptiveFieldUnclamped(g, c, 4, 2)).toEqual(box(3, 5, 1, 3));
    expect(receptiveField(g, c, 4, 2)).toEqual(box(3, 4, 1, 3));
    expectMatchesBruteForce(g, c);
  });

  it('of a stride-2 same conv follows tfjs: the odd padding goes after the map', () => {
    // 6 wide, k 3, s 2: 3 outputs, total padding (3 − 1)·2 + 3 − 6 = 1, all of it after → padBefore 0.
    const even = new Builder(6, 6);
    const c = even.conv('conv', 0, 3, 2, 'same');
    const g = even.graph();
    expect(g.ops[c].shape).toEqual([3, 3, 1]);
    expect(receptiveFieldUnclamped(g, c, 0, 0)).toEqual(box(0, 2, 0, 2));
    expect(receptiveFieldUnclamped(g, c, 2, 1)).toEqual(box(4, 6, 2, 4));
    expect(receptiveField(g, c, 2, 1)).toEqual(box(4, 5, 2, 4));
    expectMatchesBruteForce(g, c);
    // 5 wide: total (3 − 1)·2 + 3 − 5 = 2 → one before, one after.
    const odd = new Builder(5, 5);
    const d = odd.conv('conv', 0, 3, 2, 'same');
    expect(receptiveFieldUnclamped(odd.graph(), d, 0, 2)).toEqual(box(-1, 1, 3, 5));
    expect(receptiveField(odd.graph(), d, 0, 2)).toEqual(box(0, 1, 3, 4));
  });

  it('of a dilated conv spans (k − 1)·d + 1 pixels', () => {
    const b = new Builder(7, 7);
    const c = b.conv('conv', 0, 3, 1, 'valid', 2);
    const g = b.graph();
    expect(g.ops[c].shape).toEqual([3, 3, 1]);
    expect(receptiveField(g, c, 0, 0)).toEqual(box(0, 4, 0, 4));
    expect(receptiveField(g, c, 1, 2)).toEqual(box(1, 5, 2, 6));
    expectMatchesBruteForce(g, c);
    // Same padding with dilation 2: effective 5, total 4 → padBefore 2.
    const s = new Builder(7, 7);
    const e = s.conv('conv', 0, 3, 1, 'same', 2);
    expect(receptiveFieldUnclamped(s.graph(), e, 0, 6)).toEqual(box(-2, 2, 4, 8));
  });

  it('of a LeNet pool pixel is 6 × 6 (5×5 conv, then 2×2 pool with stride 2)', () => {
    const b = new Builder(28, 28);
    const c = b.conv('conv1', 0, 5);
    const p = b.pool('pool1', c, 2);
    const g = b.graph();
    expect(g.ops[p].shape).toEqual([12, 12, 1]);
    // Pool 0 → conv 0…1 → input 0…1+4 = 0…5; pool 11 → conv 22…23 → input 22…27.
    expect(receptiveField(g, p, 0, 0)).toEqual(box(0, 5, 0, 5));
    expect(receptiveField(g, p, 11, 3)).toEqual(box(22, 27, 6, 11));
  });

  it('of a conv3 → conv3 → pool2 → conv3 stack matches the paper calculation', () => {
    const b = new Builder(16, 16);
    const c1 = b.conv('c1', 0, 3);     // 14
    const c2 = b.conv('c2', c1, 3);    // 12
    const p = b.pool('p', c2, 2);      // 6
    const c3 = b.conv('c3', p, 3);     // 4
    const g = b.graph();
    expect(g.ops[c3].shape).toEqual([4, 4, 1]);
    // Rows of (3, 1): c3 3 → p 3…5 → c2 6…11 → c1 6…13 → input 6…15; columns 1 → 1…3 → 2…7 → 2…9 → 2…11.
    expect(receptiveField(g, c3, 3, 1)).toEqual(box(6, 15, 2, 11));
    expect(receptiveField(g, c3, 0, 0)).toEqual(box(0, 9, 0, 9));
    expectMatchesBruteForce(g, c3);
  });

  it('shifts through zero padding, and a pixel of the padded border sees no input', () => {
    const b = new Builder(4, 4);
    const z = b.zeropad('pad', 0, 2, 0, 1, 0); // 6 × 5
    const c = b.conv('conv', z, 3);           // 4 × 3
    const g = b.graph();
    // Conv (0, 0) reads padded rows 0…2, columns 0…2 → input rows −2…0, columns −1…1.
    expect(receptiveFieldUnclamped(g, c, 0, 0)).toEqual(box(-2, 0, -1, 1));
    expect(receptiveField(g, c, 0, 0)).toEqual(box(0, 0, 0, 1));
    expect(receptiveField(g, c, 3, 2)).toEqual(box(1, 3, 1, 3));
    expectMatchesBruteForce(g, c);
    expect(receptiveFieldUnclamped(g, z, 0, 0)).toEqual(box(-2, -2, -1, -1));
    const none = receptiveField(g, z, 1, 0);
    expect(none.y1).toBeLessThan(none.y0);
    expect(describePixelBox(none)).toBe('only padding (no input pixels)');
    expect(describePixelBox(receptiveField(g, c, 3, 2))).toBe('rows 1–3, columns 1–3 (3 × 3 pixels)');
  });

  it('of a residual block is the union of the main path and the 1×1 stride-2 shortcut', () => {
    const b = new Builder(8, 8);
    const m1 = b.conv('main1', 0, 3, 2, 'same'); // 4 × 4, padBefore 0
    const r1 = b.relu('main1_relu', m1);
    const m2 = b.conv('main2', r1, 3, 1, 'same'); // 4 × 4, padBefore 1
    const sc = b.conv('shortcut', 0, 1, 2, 'same'); // 4 × 4, padBefore 0
    const a = b.add('add', m2, sc);
    const g = b.graph();
    // (1, 1): main2 reads main1 0…2 → input 0…2·2 + 2 = 0…6; shortcut reads input 2…2.
    expect(receptiveField(g, a, 1, 1)).toEqual(box(0, 6, 0, 6));
    // (0, 3): rows main1 −1…1 → −2…4 unclamped, 0…1 → 0…4 clamped; columns main1 2…4 → 4…10 / 2…3 → 4…7.
    expect(receptiveFieldUnclamped(g, a, 0, 3)).toEqual(box(-2, 4, 4, 10));
    expect(receptiveField(g, a, 0, 3)).toEqual(box(0, 4, 4, 7));
    expect(receptiveField(g, sc, 0, 3)).toEqual(box(0, 0, 6, 6));
    expectMatchesBruteForce(g, a);
  });

  it('unions skewed branches that meet in a concatenation', () => {
    const b = new Builder(6, 6);
    const one = b.conv('one', 0, 1);
    const pad = b.zeropad('pad', 0, 2, 0, 0, 2);
    const three = b.conv('three', pad, 3);
    const cat = b.concat('cat', one, three);
    const g = b.graph();
    // Branch "three" reads rows o−2…o and columns o…o+2; "one" reads (o, o): the union is one box.
    expect(receptiveFieldUnclamped(g, cat, 3, 3)).toEqual(box(1, 3, 3, 5));
    expect(receptiveFieldUnclamped(g, cat, 0, 5)).toEqual(box(-2, 0, 5, 7));
    expect(receptiveField(g, cat, 0, 5)).toEqual(box(0, 0, 5, 5));
    expectMatchesBruteForce(g, cat);
  });

  it('of a dense unit after flatten is the whole image, less what a valid strided conv never reads', () => {
    const b = new Builder(6, 7);
    const c = b.conv('conv', 0, 3);
    const d = b.dense('dense', b.flatten('flat', c), 3);
    const g = b.graph();
    expect(receptiveField(g, d, 0, 0)).toEqual(box(0, 5, 0, 6));
    // y, x do not matter for a vector.
    expect(receptiveFieldUnclamped(g, d, 5, 9)).toEqual(box(0, 5, 0, 6));
    // 3×3 stride 2 valid on 6: outputs 0…1 read rows 0…4; row 5 never reaches the dense layer.
    const s = new Builder(6, 6);
    const cs = s.conv('conv', 0, 3, 2);
    const ds = s.dense('dense', s.flatten('flat', cs), 2);
    expect(receptiveField(s.graph(), ds, 0, 0)).toEqual(box(0, 4, 0, 4));
    expect(bruteForce(s.graph(), ds, 0, 0)).toEqual(box(0, 4, 0, 4));
  });

  it('is the pixel itself at the input', () => {
    const g = new Builder(4, 5).graph();
    expect(receptiveField(g, 0, 3, 4)).toEqual(box(3, 3, 4, 4));
  });

  it('throws on a bad op index, a pixel off the map and a vector input', () => {
    const b = new Builder(28, 28);
    const c = b.conv('conv1', 0, 3, 1, 'same');
    const g = b.graph();
    expect(() => receptiveField(g, 5, 0, 0)).toThrow('op index 5 is out of range (the graph has 2 ops)');
    expect(() => receptiveField(g, -1, 0, 0)).toThrow('out of range');
    expect(() => receptiveField(g, c, 30, 2)).toThrow("pixel (30, 2) is outside conv1's 28 × 28 map");
    expect(() => receptiveFieldUnclamped(g, c, 0, -1)).toThrow("pixel (0, -1) is outside conv1's 28 × 28 map");
    expect(() => receptiveField(g, c, 0.5, 0)).toThrow('outside');
    const vec: ModelGraph = { name: 'v', ops: [{ name: 'in', className: 'InputLayer', kind: 'input', inputs: [], shape: [4] }], output: 0, classCount: 0, classNames: [] };
    expect(() => receptiveField(vec, 0, 0, 0)).toThrow("model input 'in' is a vector of 4, not an image");
  });
});
