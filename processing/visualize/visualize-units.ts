/**
 * A plane's visualizations in batches (DeepVisionVR climbs 32 channels at once): every unit of a target,
 * or a chosen few (a selected node), with progress over all of them. The CLI and the app's worker both
 * call this, with the typed-array ascent or another engine of the same contract (the tfjs route).
 */
import { shapeSize, type ModelGraph } from '../model/model-graph';
import { ascend, kAscentDefaults, type AscentOptions, type AscentResult } from './ascent';
import type { VisualTarget } from './targets';

/** Units per ascent batch (DeepVisionVR's 32 channels). */
export const kVisualizeBatch = 32;
/** Held-out samples the honesty checks read (all 2,000 digits cost a ResNet ~35 s on the 2-core VM). */
export const kHonestySamples = 500;

/** Climbs one batch: the typed-array `ascend` or an engine with its contract. */
export type AscentEngine = (graph: ModelGraph, target: VisualTarget, units: readonly number[], options: AscentOptions) => AscentResult;

export interface UnitsOptions extends Omit<AscentOptions, 'onProgress'> {
  /** Which units (default: every unit of the target, in order). */
  units?: readonly number[];
  /** Iterations done over all units (one unit-iteration each), and their total. */
  onProgress?: (done: number, total: number) => void;
  engine?: AscentEngine;
}

/** The visualizations of `options.units` (or all) of `target`: images (units × input size) and what each reached. */
export function visualizeUnits(graph: ModelGraph, target: VisualTarget, options: UnitsOptions): { units: number[]; images: Float32Array; reached: Float32Array } {
  const units = options.units ? [...options.units] : Array.from({ length: target.units }, (_, u) => u);
  if (!units.length) throw new Error(`visualization: no unit of plane '${target.name}' was asked for`);
  const n = shapeSize(graph.ops[0].shape);
  const engine = options.engine ?? ascend;
  const iterations = options.settings?.iterations ?? kAscentDefaults.iterations;
  const images = new Float32Array(units.length * n);
  const reached = new Float32Array(units.length);
  for (let from = 0; from < units.length; from += kVisualizeBatch) {
    const batch = units.slice(from, from + kVisualizeBatch);
    const r = engine(graph, target, batch, {
      ...options,
      onProgress: (it) => options.onProgress?.(from * iterations + it * batch.length, units.length * iterations),
    });
    images.set(r.images, from * n);
    reached.set(r.reached, from);
  }
  return { units, images, reached };
}

/**
 * `units` in at most `parts` contiguous chunks of about equal size, for workers that climb them side by
 * side (an iteration's time goes with the units in the batch, so equal chunks finish together).
 */
export function splitUnits(units: readonly number[], parts: number): number[][] {
  const chunks = Math.max(1, Math.min(Math.floor(parts) || 1, units.length));
  const size = Math.ceil(units.length / chunks);
  const out: number[][] = [];
  for (let from = 0; from < units.length; from += size) out.push(units.slice(from, from + size));
  return out;
}
