/**
 * Feature visualization on tfjs (the GPU route): the same ascent as ascent.ts — the same start, the same
 * seeded warps (each image its own generator), blur, blend, normalised step and clamp — with the images, the forward
 * pass and its gradient kept as tfjs tensors on the active backend (WebGL in the app's worker) between
 * iterations. Only each iteration's warp taps go up (computed from the seeded draws on the CPU, so both
 * routes resample alike) and the finished images come back down once. What they reach is read with the
 * typed-array forward pass, as the CPU route does.
 */
import type * as tfNamespace from '@tensorflow/tfjs';
import type { ModelGraph } from '../model/model-graph';
import { forwardGraph } from '../nn/graph-forward';
import { ascentSetup, unitValues, type AscentOptions, type AscentResult } from './ascent';
import { drawWarp, gaussianTaps, warpTaps, type ImageShape, type ImageStats, type RegulariseSettings } from './regularise';
import type { VisualTarget } from './targets';
import { tfGraph } from './tf-graph';

type Tf = typeof tfNamespace;
type Tensor = tfNamespace.Tensor;

/** An ascent engine (visualize-units.ts's contract) on tfjs `tf` with its backend already set. */
export function tfAscentEngine(tf: Tf) {
  return (graph: ModelGraph, target: VisualTarget, units: readonly number[], options: AscentOptions): AscentResult => tfAscend(tf, graph, target, units, options);
}

/** The blur's horizontal and vertical depthwise kernels (the same 5 taps for each of `c` channels). */
function blurKernels(tf: Tf, taps: Float32Array, c: number): [tfNamespace.Tensor4D, tfNamespace.Tensor4D] {
  const values = Array.from({ length: 5 * c }, (_, i) => taps[Math.floor(i / c)]);
  return [tf.tensor4d(values, [1, 5, c, 1]), tf.tensor4d(values, [5, 1, c, 1])];
}

/** Separable 5-tap blur with edge-replicated borders (as regularise.ts's), on [B, H, W, C]. */
function blurTf(tf: Tf, x: Tensor, [kx, ky]: [tfNamespace.Tensor4D, tfNamespace.Tensor4D]): Tensor {
  const [, H, W] = x.shape;
  const padX = tf.concat([tf.slice(x, [0, 0, 0, 0], [-1, -1, 1, -1]), tf.slice(x, [0, 0, 0, 0], [-1, -1, 1, -1]), x, tf.slice(x, [0, 0, W! - 1, 0], [-1, -1, 1, -1]), tf.slice(x, [0, 0, W! - 1, 0], [-1, -1, 1, -1])], 2);
  const h = tf.depthwiseConv2d(padX as tfNamespace.Tensor4D, kx, 1, 'valid');
  const padY = tf.concat([tf.slice(h, [0, 0, 0, 0], [-1, 1, -1, -1]), tf.slice(h, [0, 0, 0, 0], [-1, 1, -1, -1]), h, tf.slice(h, [0, H! - 1, 0, 0], [-1, 1, -1, -1]), tf.slice(h, [0, H! - 1, 0, 0], [-1, 1, -1, -1])], 1);
  return tf.depthwiseConv2d(padY as tfNamespace.Tensor4D, ky, 1, 'valid');
}

/** One regularisation of the batch: warp by the given taps, blur, blend toward the data's statistics. */
function regulariseTf(tf: Tf, x: Tensor, shape: ImageShape, at: Int32Array, weight: Float32Array, blur: [tfNamespace.Tensor4D, tfNamespace.Tensor4D], stats: ImageStats, settings: RegulariseSettings): Tensor {
  const { h, w, c } = shape;
  const B = x.shape[0];
  const pixels = tf.reshape(x, [B, h * w, c]);
  const gathered = tf.reshape(tf.gather(pixels, tf.tensor2d(at, [B, h * w * 4], 'int32'), 1, 1), [B, h * w, 4, c]);
  const warped = tf.reshape(tf.sum(tf.mul(gathered, tf.tensor4d(weight, [B, h * w, 4, 1])), 2), [B, h, w, c]);
  const blurred = blurTf(tf, warped, blur);
  const { mean, variance } = tf.moments(blurred, [1, 2, 3], true);
  const std = tf.sqrt(variance);
  const k = tf.where(tf.greater(std, 1e-8), tf.div(stats.std, tf.maximum(std, 1e-8)), tf.zerosLike(std));
  const target = tf.clipByValue(tf.add(stats.mean, tf.mul(tf.sub(blurred, mean), k)), stats.lo, stats.hi);
  return tf.add(tf.mul(blurred, 1 - settings.blend), tf.mul(target, settings.blend));
}

/** `ascend` on tfjs: visualizes `units` of `target` in one batch. */
export function tfAscend(tf: Tf, graph: ModelGraph, target: VisualTarget, units: readonly number[], options: AscentOptions): AscentResult {
  const { settings, n, B, rngs, start, spatial, op, seed } = ascentSetup(graph, target, units, options);
  const { lo, hi, std } = options.stats;
  const blur = blurKernels(tf, gaussianTaps(settings.regularisers.blurSigma), spatial?.c ?? 1);
  const at = spatial ? new Int32Array(B * spatial.h * spatial.w * 4) : null;
  const weight = spatial ? new Float32Array(B * spatial.h * spatial.w * 4) : null;
  const opShape = graph.ops[op].shape;
  const model = tfGraph(tf, graph);
  const inShape = spatial ? [B, spatial.h, spatial.w, spatial.c] : [B, n];
  let x: Tensor = tf.tensor(start, inShape);
  const mask = tf.tensor(seed, [B, ...opShape]);
  const scale = settings.step * std * Math.sqrt(n);
  const objective = (images: Tensor) => tf.sum(tf.mul(model.run(images, op, target.objectivePre), mask)) as tfNamespace.Scalar;
  const gradient = tf.grad(objective);
  try {
    for (let it = 0; it < settings.iterations; it++) {
      if (options.signal?.aborted) throw new Error('visualization cancelled');
      const regularise = spatial && it < settings.iterations - settings.plainLast;
      if (regularise) for (let b = 0; b < B; b++) warpTaps(spatial, drawWarp(rngs[b], settings.regularisers), at!, weight!, b * spatial.h * spatial.w * 4);
      const next = tf.tidy(() => {
        const images = regularise ? regulariseTf(tf, x, spatial, at!, weight!, blur, options.stats, settings.regularisers) : x;
        const g = gradient(images);
        const sq = tf.sum(tf.square(g), inShape.slice(1).map((_, a) => a + 1), true);
        // A flat or broken gradient leaves that image where it is (as the CPU route does).
        const ok = tf.logicalAnd(tf.greater(sq, 0), tf.isFinite(sq));
        const k = tf.where(ok, tf.div(scale, tf.sqrt(tf.where(ok, sq, tf.onesLike(sq)))), tf.zerosLike(sq));
        return tf.clipByValue(tf.add(images, tf.mul(tf.where(tf.isFinite(g), g, tf.zerosLike(g)), k)), lo, hi);
      });
      x.dispose();
      x = next;
      options.onProgress?.(it + 1, settings.iterations);
    }
    const images = Float32Array.from(x.dataSync());
    const reached = new Float32Array(B);
    const pass = forwardGraph(graph, images, B, { until: Math.max(op, target.honestyOp) });
    unitValues(graph, pass, target, target.honestyOp, target.honestyPre, units, reached);
    return { images, reached };
  } finally {
    x.dispose();
    mask.dispose();
    for (const k of blur) k.dispose();
    model.dispose();
  }
}
