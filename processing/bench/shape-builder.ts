/** Building published architectures as model graphs with seeded random weights (the scale benches' shapes). */
import type { Activation, Op, Window2d } from '../model/model-graph';
import { createRng } from '../util/rng';

/** A square window of side k and stride s, 'same' padding. */
export const squareWindow = (k: number, s: number): Window2d => ({ kh: k, kw: k, strideY: s, strideX: s, dilationY: 1, dilationX: 1, padding: 'same' });

/** An op list being built: `push` returns the op's index; weights are uniform in ±scale from `seed`. */
export function shapeBuilder(seed: number) {
  const rng = createRng(seed);
  const ops: Op[] = [];
  const push = (op: Op) => { ops.push(op); return ops.length - 1; };
  const randomArray = (n: number, scale: number) => { const a = new Float32Array(n); for (let i = 0; i < n; i++) a[i] = (rng() * 2 - 1) * scale; return a; };
  /** A k×k convolution cin → cout at stride s, output size × size, He-like weight scale. */
  const conv = (from: number, cin: number, cout: number, k: number, s: number, size: number, act: Activation, name: string) =>
    push({ kind: 'conv2d', name, className: 'Conv2D', inputs: [from], shape: [size, size, cout], window: squareWindow(k, s), kernel: randomArray(k * k * cin * cout, 1 / Math.sqrt(k * k * cin)), bias: new Float32Array(cout), activation: act });
  return { ops, push, randomArray, conv };
}
