/**
 * Evaluates the loaded model on the held-out digits off the main thread: predictions and confusion
 * matrix, pruning curves, accuracy at a pruning fraction, feature visualizations. Jobs run one after
 * another in arrival order; Cancel terminates the worker (the app starts a new one for the next job).
 */
import { confusionMatrix } from '../../processing/analysis/confusion';
import { predictSamples } from '../../processing/analysis/predict';
import { accuracyAtFraction, appPruningReport, prunePlan, type PrunePlan } from '../../processing/analysis/app-pruning';
import { fromDigitSet, takeSamples, type LabeledData } from '../../processing/data/dataset';
import { decodeDigitSet } from '../../processing/format/digits';
import { qualityMetrics } from '../../processing/metrics/quality';
import type { AnalysisReply, AnalysisRequest, AnalysisResult, AnalysisSetup } from './analysis-protocol';
import { visualizePlane } from './visualize-job';
import { visualizeEngine } from './visualize-engine';

let setup: AnalysisSetup | null = null;
let plan: PrunePlan | null = null;
let data: { url: string; set: Promise<LabeledData> } | null = null;

function heldOut(url: string): Promise<LabeledData> {
  if (data?.url !== url) {
    data = {
      url,
      set: fetch(url).then(async (r) => {
        if (!r.ok) throw new Error(`could not fetch the held-out digits ${url}: the server answered ${r.status}`);
        return fromDigitSet(decodeDigitSet(new Uint8Array(await r.arrayBuffer())), 'built-in MNIST held-out digits');
      }),
    };
  }
  return data.set;
}

async function run(request: AnalysisRequest, post: (reply: AnalysisReply) => void): Promise<AnalysisResult> {
  if (request.job.kind === 'quality') {
    const t0 = performance.now();
    return { kind: 'quality', metrics: qualityMetrics(request.job.network), ms: performance.now() - t0 };
  }
  if (request.setup) { setup = request.setup; plan = null; }
  if (!setup) throw new Error('no model was given to the analysis worker');
  const { model } = setup;
  const all = await heldOut(setup.digitsUrl);
  const t0 = performance.now();
  const job = request.job;
  const progress = (done: number, total: number, what: string) => post({ id: request.id, progress: { done, total, what } });
  if (job.kind === 'errors') {
    const predicted = predictSamples(model, all, { onBatch: (done, total) => progress(done, total, 'digits') });
    const C = model.kind === 'chain' ? model.chain.classCount : model.graph.classCount;
    return { kind: 'errors', labels: all.labels, predicted, confusion: confusionMatrix(all.labels, predicted, C), samples: all.count, ms: performance.now() - t0 };
  }
  if (job.kind === 'visualize') {
    const engine = await visualizeEngine(job.engine ?? 'auto');
    return visualizePlane(model, all, job, progress, engine.run ? { run: engine.run, name: engine.name } : { run: undefined, name: engine.name });
  }
  plan ??= prunePlan(model, setup.nodeImportance);
  if (job.kind === 'curves') {
    const report = appPruningReport(model, takeSamples(all, job.samples), plan, job.fractions, job.seeds, (done, total) => progress(done, total, 'curves'));
    return { kind: 'curves', report, ms: performance.now() - t0 };
  }
  const data = takeSamples(all, job.samples);
  const acc = accuracyAtFraction(model, data, plan, job.fraction);
  return { kind: 'accuracy', fraction: job.fraction, samples: data.count, ...acc, total: plan.order.length, unit: plan.unit, ms: performance.now() - t0 };
}

// One job at a time: a later message waits until the running job has answered.
let queue: Promise<void> = Promise.resolve();
self.onmessage = (e: MessageEvent<AnalysisRequest>) => {
  const request = e.data;
  const post = (reply: AnalysisReply) => self.postMessage(reply);
  queue = queue.then(() => run(request, post).then(
    (result) => post({ id: request.id, result }),
    (err: unknown) => post({ id: request.id, error: err instanceof Error ? err.message : String(err) }),
  ));
};
