/** The analysis worker's feature-visualization job: one plane's units (all, or the few asked for) in batches, with progress. */
import type { LabeledData } from '../../processing/data/dataset';
import { buildChannelGraph } from '../../processing/graph/channel-graph';
import type { LiveModel } from '../../processing/input/live-model';
import { graphOfChain } from '../../processing/model/dense-chain';
import { inputImageShape } from '../../processing/visualize/ascent';
import { heldOutStats } from '../../processing/visualize/honesty';
import { imageStatsOf } from '../../processing/visualize/regularise';
import { planeTargets, targetByName } from '../../processing/visualize/targets';
import { kHonestySamples, visualizeUnits, type AscentEngine } from '../../processing/visualize/visualize-units';
import type { AnalysisJob, VisualizeResult } from './analysis-protocol';

/** Visualizes `job.units` (default: every unit) of `job.plane` of `model`; `progress` hears unit-iterations done over all. */
export function visualizePlane(
  model: LiveModel, data: LabeledData, job: Extract<AnalysisJob, { kind: 'visualize' }>, progress: (done: number, total: number, what: string) => void,
  engine?: { run: AscentEngine | undefined; name: string },
): VisualizeResult {
  const t0 = performance.now();
  const graph = model.kind === 'graph' ? model.graph : graphOfChain(model.chain);
  const channels = model.kind === 'graph' ? model.channels : buildChannelGraph(graph);
  const target = targetByName(planeTargets(graph, channels), job.plane);
  const shape = inputImageShape(graph);
  if (!shape) throw new Error(`the model's input [${graph.ops[0].shape.join(', ')}] is not an image: there is nothing to draw a preferred input on`);
  const stats = imageStatsOf(data.inputs);
  const n = shape.h * shape.w * shape.c;
  if (job.start && job.start.length !== n) throw new Error(`the start image holds ${job.start.length} values, the model reads ${n}`);
  for (const u of job.units ?? []) if (!Number.isInteger(u) || u < 0 || u >= target.units) throw new Error(`plane '${target.name}' has ${target.units} units, there is no unit ${u}`);
  const r = visualizeUnits(graph, target, {
    stats, settings: job.settings, start: job.start ?? undefined, units: job.units ?? undefined, engine: engine?.run,
    onProgress: (done, total) => progress(done, total, target.name),
  });
  const honest = heldOutStats(graph, target, data, kHonestySamples);
  return {
    kind: 'visualize', plane: target.name, planeIndex: target.plane, units: r.units, unitCount: target.units, spatial: target.spatial, shape, range: [stats.lo, stats.hi],
    images: r.images, reached: r.reached, heldOutMean: honest.mean, heldOutMax: honest.max, ms: performance.now() - t0, engine: engine?.name ?? 'cpu',
  };
}
