/** The analysis worker's feature-visualization job: one plane's units in batches, with progress. */
import type { LabeledData } from '../../processing/data/dataset';
import { buildChannelGraph } from '../../processing/graph/channel-graph';
import type { LiveModel } from '../../processing/input/live-model';
import { graphOfChain } from '../../processing/model/dense-chain';
import { ascend, inputImageShape, kAscentDefaults } from '../../processing/visualize/ascent';
import { heldOutStats } from '../../processing/visualize/honesty';
import { imageStatsOf } from '../../processing/visualize/regularise';
import { planeTargets, targetByName } from '../../processing/visualize/targets';
import type { AnalysisJob, VisualizeResult } from './analysis-protocol';

/** Units per ascent batch (DeepVisionVR's 32 channels). */
const kBatch = 32;
/** Held-out digits the honesty checks read (as `nnwalk visualize`). */
const kHonestySamples = 500;

/** Visualizes every unit of `job.plane` of `model`; `progress` hears iterations done over all units. */
export function visualizePlane(model: LiveModel, data: LabeledData, job: Extract<AnalysisJob, { kind: 'visualize' }>, progress: (done: number, total: number, what: string) => void): VisualizeResult {
  const t0 = performance.now();
  const graph = model.kind === 'graph' ? model.graph : graphOfChain(model.chain);
  const channels = model.kind === 'graph' ? model.channels : buildChannelGraph(graph);
  const target = targetByName(planeTargets(graph, channels), job.plane);
  const shape = inputImageShape(graph);
  if (!shape) throw new Error(`the model's input [${graph.ops[0].shape.join(', ')}] is not an image: there is nothing to draw a preferred input on`);
  const stats = imageStatsOf(data.inputs);
  const n = shape.h * shape.w * shape.c;
  if (job.start && job.start.length !== n) throw new Error(`the start image holds ${job.start.length} values, the model reads ${n}`);
  const iterations = job.settings?.iterations ?? kAscentDefaults.iterations;
  const images = new Float32Array(target.units * n);
  const reached = new Float32Array(target.units);
  for (let from = 0; from < target.units; from += kBatch) {
    const units = Array.from({ length: Math.min(kBatch, target.units - from) }, (_, k) => from + k);
    const r = ascend(graph, target, units, {
      stats, settings: job.settings, start: job.start ?? undefined,
      onProgress: (it) => { if (it % 10 === 0) progress(from * iterations + it * units.length, target.units * iterations, target.name); },
    });
    images.set(r.images, from * n);
    reached.set(r.reached, from);
  }
  const honest = heldOutStats(graph, target, data, kHonestySamples);
  return {
    kind: 'visualize', plane: target.name, spatial: target.spatial, shape, range: [stats.lo, stats.hi],
    images, reached, heldOutMean: honest.mean, heldOutMax: honest.max, ms: performance.now() - t0,
  };
}
