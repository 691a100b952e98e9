/**
 * Receptive fields: the box of input pixels one output pixel of an op can depend on, found by walking the
 * graph backwards with a row and a column interval per op (hulls, not pixel sets, so the walk is linear in
 * the number of ops). Where paths meet again (residual blocks, concatenations) the intervals are unioned.
 */
import { isSpatial, padBefore, type ModelGraph, type Op } from '../model/model-graph';

/** Input-pixel box (inclusive, clamped to the input image) that output pixel (y, x) of op `op` sees, through every path back to the input. */
export interface PixelBox { y0: number; x0: number; y1: number; x1: number }

/** The clamped receptive field of pixel (y, x) of op `op`; empty (y1 < y0) if the pixel sees only padding; y, x are ignored for vector ops. */
export function receptiveField(graph: ModelGraph, op: number, y: number, x: number): PixelBox {
  return walk(graph, op, y, x, true);
}

/** The unclamped box as well (may extend into the padding), for tests and the details panel text. */
export function receptiveFieldUnclamped(graph: ModelGraph, op: number, y: number, x: number): PixelBox {
  return walk(graph, op, y, x, false);
}

/** "rows 3–9, columns 0–6 (7 × 7 pixels)" for the details panel. */
export function describePixelBox(box: PixelBox): string {
  if (box.y1 < box.y0 || box.x1 < box.x0) return 'only padding (no input pixels)';
  return `rows ${box.y0}–${box.y1}, columns ${box.x0}–${box.x1} (${box.y1 - box.y0 + 1} × ${box.x1 - box.x0 + 1} pixels)`;
}

function checkTarget(graph: ModelGraph, op: number, y: number, x: number): void {
  const ops = graph.ops;
  if (!Number.isInteger(op) || op < 0 || op >= ops.length) throw new Error(`op index ${op} is out of range (the graph has ${ops.length} ops)`);
  if (!isSpatial(ops[0].shape)) throw new Error(`model input '${ops[0].name}' is a vector of ${ops[0].shape[0]}, not an image: receptive fields need an H × W × C input`);
  const shape = ops[op].shape;
  if (!isSpatial(shape)) return;
  const [H, W] = shape;
  if (!Number.isInteger(y) || !Number.isInteger(x) || y < 0 || y >= H || x < 0 || x >= W) {
    throw new Error(`pixel (${y}, ${x}) is outside ${ops[op].name}'s ${H} × ${W} map`);
  }
}

/** Ops whose every output value reads the whole input map, so a pixel interval cannot be narrowed through them. */
function readsWholeInput(o: Op): boolean {
  return o.kind === 'globalpool' || o.kind === 'flatten' || o.kind === 'dense' || !isSpatial(o.shape);
}

function walk(graph: ModelGraph, target: number, y: number, x: number, clamp: boolean): PixelBox {
  checkTarget(graph, target, y, x);
  const ops = graph.ops;
  const n = target + 1;
  // Empty intervals are (+∞, −∞) so a union is plain min / max. Vector ops only need "reached": [0, 0].
  const ry0 = new Float64Array(n).fill(Infinity);
  const ry1 = new Float64Array(n).fill(-Infinity);
  const rx0 = new Float64Array(n).fill(Infinity);
  const rx1 = new Float64Array(n).fill(-Infinity);
  const spatial = isSpatial(ops[target].shape);
  ry0[target] = spatial ? y : 0; ry1[target] = spatial ? y : 0;
  rx0[target] = spatial ? x : 0; rx1[target] = spatial ? x : 0;

  // Clamping at every op, not only at the input, keeps the box to pixels that are really read: a valid
  // strided window can skip the last rows, and a zero-padding border reads no input pixel at all.
  const merge = (j: number, a0: number, a1: number, b0: number, b1: number) => {
    const shape = ops[j].shape;
    if (clamp && isSpatial(shape)) {
      a0 = Math.max(a0, 0); a1 = Math.min(a1, shape[0] - 1);
      b0 = Math.max(b0, 0); b1 = Math.min(b1, shape[1] - 1);
      if (a1 < a0 || b1 < b0) return;
    }
    ry0[j] = Math.min(ry0[j], a0); ry1[j] = Math.max(ry1[j], a1);
    rx0[j] = Math.min(rx0[j], b0); rx1[j] = Math.max(rx1[j], b1);
  };

  // Topological order: every consumer of op j has a larger index, so j is complete when the loop reaches it.
  for (let i = target; i > 0; i--) {
    if (ry1[i] < ry0[i]) continue;
    const o = ops[i];
    const a0 = ry0[i], a1 = ry1[i], b0 = rx0[i], b1 = rx1[i];
    if (readsWholeInput(o)) {
      for (const j of o.inputs) {
        const s = ops[j].shape;
        if (isSpatial(s)) merge(j, 0, s[0] - 1, 0, s[1] - 1);
        else merge(j, 0, 0, 0, 0);
      }
      continue;
    }
    switch (o.kind) {
      case 'conv2d': case 'depthwise2d': case 'maxpool': case 'avgpool': {
        const w = o.window;
        const [H, W] = ops[o.inputs[0]].shape;
        const pt = padBefore(H, w.kh, w.strideY, w.dilationY, w.padding);
        const pl = padBefore(W, w.kw, w.strideX, w.dilationX, w.padding);
        merge(o.inputs[0],
          a0 * w.strideY - pt, a1 * w.strideY - pt + (w.kh - 1) * w.dilationY,
          b0 * w.strideX - pl, b1 * w.strideX - pl + (w.kw - 1) * w.dilationX);
        break;
      }
      case 'zeropad':
        merge(o.inputs[0], a0 - o.top, a1 - o.top, b0 - o.left, b1 - o.left);
        break;
      default:
        // Elementwise and merge ops (batchnorm, activation, identity, add, concat): same pixels in every input.
        for (const j of o.inputs) merge(j, a0, a1, b0, b1);
    }
  }
  if (ry1[0] < ry0[0]) return { y0: 0, x0: 0, y1: -1, x1: -1 };
  return { y0: ry0[0], x0: rx0[0], y1: ry1[0], x1: rx1[0] };
}
