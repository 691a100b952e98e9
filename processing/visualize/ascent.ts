/**
 * Feature visualization by regularised gradient ascent (DeepVisionVR's recipe, spec cnn-and-graphs.md
 * §5): a batch of images, one per unit or channel of a plane, climbs its target's value (a dense unit's,
 * or a conv channel's mean over its map) along the normalised gradient, clamped to the data's range; the
 * regularisers run on every iteration but the last ten. Forward and backward passes are the typed-array
 * ones of processing/nn (no framework), stopped at the target's op. Seeded: the same settings give the
 * same images, each image drawing from its own generator (the seed and its unit), so how units are
 * batched or spread over workers does not change them.
 *
 * The step: DeepVisionVR moves 20 × the L2-normalised gradient on 224 × 224 × 3 standardised images, an
 * RMS change of 20/√150528 ≈ 0.05 standard deviations per value and iteration. On 28 × 28 digits steps
 * that small leave most output units below their largest value on real digits after 200 iterations
 * (measured: 0.07 left 7 of LeNet's 10 below, 0.036 8 of the MLP's 10); 0.15 (3×) lifts 99.6 % of LeNet's and every MLP unit above it (measured with
 * `npm run bench:visualize`), while 0.7 (DeepVisionVR's 20 taken literally on 784 values) saturates the
 * images into black-and-white noise.
 */
import { shapeSize, type ModelGraph } from '../model/model-graph';
import { backwardGraph } from '../nn/graph-backward';
import { forwardGraph, type GraphPass } from '../nn/graph-forward';
import { squareImageShape } from '../tiles/image-shape';
import { createRng } from '../util/rng';
import { createRegulariser, kDeepVisionRegularisers, type ImageShape, type ImageStats, type RegulariseSettings } from './regularise';
import type { VisualTarget } from './targets';

export interface AscentSettings {
  iterations: number;
  /** Step: the RMS change of each input value per iteration, in the data's standard deviations. */
  step: number;
  /** Final iterations without regularisers. */
  plainLast: number;
  seed: number;
  regularisers: RegulariseSettings;
}

export const kAscentDefaults: AscentSettings = { iterations: 200, step: 0.15, plainLast: 10, seed: 1, regularisers: kDeepVisionRegularisers };

export interface AscentOptions {
  settings?: Partial<AscentSettings>;
  /** The data's range and statistics (clamp, noise, blend target). */
  stats: ImageStats;
  /** Start every image from this input (the current one) instead of noise. */
  start?: Float32Array;
  signal?: AbortSignal;
  onProgress?: (iteration: number, iterations: number) => void;
}

export interface AscentResult {
  /** units.length × input size, the images. */
  images: Float32Array;
  /** Per image: its target's value as the honesty checks read it (see targets.ts). */
  reached: Float32Array;
}

/** The image shape of a model input ([H, W, C], or a square flat input), or null (no spatial regularisers). */
export function inputImageShape(graph: ModelGraph): ImageShape | null {
  const s = graph.ops[0].shape;
  const hwc = s.length === 3 ? s : squareImageShape(shapeSize(s));
  return hwc ? { h: hwc[0], w: hwc[1], c: hwc[2] } : null;
}

/** Per sample: the target unit's value (the mean of its map for channels) in op `op` of `pass`. */
export function unitValues(graph: ModelGraph, pass: GraphPass, target: VisualTarget, op: number, pre: boolean, units: readonly number[] | null, out: Float32Array): void {
  const values = (pre ? pass.pre[op] : null) ?? pass.values[op];
  const size = shapeSize(graph.ops[op].shape);
  const C = target.units;
  for (let s = 0; s < pass.samples; s++) {
    const u = units ? units[s] : -1;
    for (let k = 0; k < (units ? 1 : C); k++) {
      const unit = units ? u : k;
      let sum = 0;
      for (let p = 0; p < target.perUnit; p++) sum += values[s * size + p * C + unit];
      out[units ? s : s * C + k] = sum / target.perUnit;
    }
  }
}

/** What both ascent routes start from: settings, batch, seeded generator and start images, the image shape (null: no spatial regularisers), the objective's weights. */
export function ascentSetup(graph: ModelGraph, target: VisualTarget, units: readonly number[], options: AscentOptions) {
  const settings = { ...kAscentDefaults, ...options.settings };
  checkSettings(settings, target, units);
  const n = shapeSize(graph.ops[0].shape);
  const B = units.length;
  // Each image draws from its own generator, seeded by the seed and its unit: an image does not depend
  // on which batch (or worker) climbs it.
  const rngs = units.map((u) => createRng(unitSeed(settings.seed, u)));
  const start = startImages(B, n, options, rngs);
  const shape = inputImageShape(graph);
  const spatial = shape && shapeSize([shape.h, shape.w, shape.c]) === n ? shape : null;
  const op = target.objectiveOp;
  const size = shapeSize(graph.ops[op].shape);
  // ∂(mean of the unit's map)/∂(its values): 1/(H·W) on each image's own unit, at every position.
  const seed = new Float32Array(B * size);
  for (let b = 0; b < B; b++) for (let p = 0; p < target.perUnit; p++) seed[b * size + p * target.units + units[b]] = 1 / target.perUnit;
  return { settings, n, B, rngs, start, spatial, op, seed };
}

/** Visualizes `units` of `target`, all in one batch; resolves the images and the values they reach. */
export function ascend(graph: ModelGraph, target: VisualTarget, units: readonly number[], options: AscentOptions): AscentResult {
  const { settings, n, B, rngs, start: x, spatial, op, seed } = ascentSetup(graph, target, units, options);
  const { lo, hi, std } = options.stats;
  const regulariser = spatial ? createRegulariser(spatial, settings.regularisers, options.stats) : null;
  const last = settings.iterations;
  for (let it = 0; it < last; it++) {
    if (options.signal?.aborted) throw new Error('visualization cancelled');
    if (regulariser && it < last - settings.plainLast) for (let b = 0; b < B; b++) regulariser.apply(x.subarray(b * n, (b + 1) * n), rngs[b]);
    const pass = forwardGraph(graph, x, B, { until: op });
    const dx = backwardGraph(graph, pass, seed, { from: op, seedAfterActivation: !target.objectivePre }).dValues[0];
    if (!dx) throw new Error(`plane '${target.name}' does not depend on the input`);
    for (let b = 0; b < B; b++) {
      let sq = 0;
      for (let i = b * n; i < (b + 1) * n; i++) sq += dx[i] * dx[i];
      if (!(sq > 0) || !Number.isFinite(sq)) continue; // a flat spot: this image waits for the next regularisation
      const k = (settings.step * std * Math.sqrt(n)) / Math.sqrt(sq);
      for (let i = b * n; i < (b + 1) * n; i++) x[i] = Math.min(hi, Math.max(lo, x[i] + k * dx[i]));
    }
    options.onProgress?.(it + 1, last);
  }
  const reached = new Float32Array(B);
  const pass = forwardGraph(graph, x, B, { until: Math.max(op, target.honestyOp) });
  unitValues(graph, pass, target, target.honestyOp, target.honestyPre, units, reached);
  return { images: x, reached };
}

/** The seed of unit `unit`'s generator under `seed` (distinct per unit, mixed so neighbours do not correlate). */
export function unitSeed(seed: number, unit: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(unit + 1, 0x85ebca77)) >>> 0;
}

/** The batch's start: the given image in every slot, or seeded noise (the data's mean ± a tenth of its spread, so the first gradients are those of a plain image). */
export function startImages(B: number, n: number, options: AscentOptions, rngs: readonly (() => number)[]): Float32Array {
  const { lo, hi, mean, std } = options.stats;
  const x = new Float32Array(B * n);
  for (let b = 0; b < B; b++) {
    if (options.start) x.set(options.start.subarray(0, n), b * n);
    else for (let i = 0; i < n; i++) x[b * n + i] = Math.min(hi, Math.max(lo, mean + (rngs[b]() * 2 - 1) * 0.1 * std));
  }
  return x;
}

/** Throws one sentence for settings or units the ascent cannot run with. */
export function checkSettings(s: AscentSettings, target: VisualTarget, units: readonly number[]): void {
  if (!Number.isInteger(s.iterations) || s.iterations < 1 || s.iterations > 10_000) throw new Error(`visualization: iterations must be a whole number from 1 to 10000, got ${s.iterations}`);
  if (!(s.step > 0) || !Number.isFinite(s.step)) throw new Error(`visualization: the step must be a positive number, got ${s.step}`);
  if (!Number.isInteger(s.plainLast) || s.plainLast < 0) throw new Error(`visualization: plainLast must be a whole number ≥ 0, got ${s.plainLast}`);
  for (const u of units) if (!Number.isInteger(u) || u < 0 || u >= target.units) throw new Error(`visualization: plane '${target.name}' has ${target.units} units, there is no unit ${u}`);
}
