/**
 * Honesty checks of feature visualization: what a unit's value is over real data (its mean and maximum
 * over the held-out digits), so each visualization is shown with the value it reaches relative to them,
 * and the tool can say when ascent did not beat real data.
 */
import type { LabeledData } from '../data/dataset';
import { shapeSize, type ModelGraph } from '../model/model-graph';
import { forwardGraph } from '../nn/graph-forward';
import { unitValues } from './ascent';
import type { VisualTarget } from './targets';

export interface UnitStats {
  /** Per unit: mean and maximum of its value (as the honesty checks read it) over the data. */
  mean: Float32Array;
  max: Float32Array;
  samples: number;
}

/** The target's per-unit mean and max over (at most `limit` samples of) `data`, in batches. */
export function heldOutStats(graph: ModelGraph, target: VisualTarget, data: LabeledData, limit = Infinity): UnitStats {
  const n = shapeSize(graph.ops[0].shape);
  if (data.inputSize !== n) throw new Error(`the data has ${data.inputSize} values per sample, the model reads ${n}`);
  const S = Math.min(data.count, limit);
  const C = target.units;
  const sum = new Float64Array(C);
  const max = new Float32Array(C).fill(-Infinity);
  const batch = 100;
  const out = new Float32Array(batch * C);
  for (let from = 0; from < S; from += batch) {
    const m = Math.min(batch, S - from);
    const pass = forwardGraph(graph, data.inputs.subarray(from * n, (from + m) * n), m, { until: target.honestyOp });
    unitValues(graph, pass, target, target.honestyOp, target.honestyPre, null, out);
    for (let s = 0; s < m; s++) {
      for (let c = 0; c < C; c++) {
        const v = out[s * C + c];
        sum[c] += v;
        if (v > max[c]) max[c] = v;
      }
    }
  }
  return { mean: Float32Array.from(sum, (v) => v / Math.max(1, S)), max, samples: S };
}

export interface Honesty {
  /** reached ÷ the unit's held-out mean (NaN when that mean is 0). */
  overMean: number;
  /** reached ÷ the unit's held-out max. */
  overMax: number;
  /** Whether the visualization reaches at least the unit's largest value on real data. */
  beatsData: boolean;
}

/** How the value a visualization reached compares with the unit on real data. */
export function honestyOf(reached: number, stats: UnitStats, unit: number): Honesty {
  const mean = stats.mean[unit];
  const max = stats.max[unit];
  return { overMean: mean !== 0 ? reached / mean : Number.NaN, overMax: max !== 0 ? reached / max : Number.NaN, beatsData: reached >= max };
}
