/** `nnwalk evaluate`: pruning curves and oracle agreement for each importance criterion, as JSON and SVG. */
import { mkdirSync } from 'node:fs';
import { writeAtomically } from '../write-atomic';
import { basename, dirname, join } from 'node:path';
import { takeSamples } from '../../data/dataset';
import { edgeTimesSourceMean, evaluateCriteria, evaluationChart, type Criterion } from '../../evaluate/evaluate';
import { fractionsUpTo } from '../../evaluate/pruning-curves';
import { graphInputs, heldOutData, loadAnyModel, UsageError } from '../inputs';
import type { ModelGraph } from '../../model/model-graph';
import type { ChannelGraph } from '../../graph/channel-graph';
import { evaluateChannels } from '../../evaluate/channel-pruning';
import type { Progress } from '../progress';
import { computeChannelImportance, computeImportance, parseMethod, type ImportanceMethod } from './importance';

export interface EvaluateArgs {
  model: string;
  data?: string;
  outDir?: string;
  methods?: string;
  step?: string;
  seeds?: string;
  samples?: string;
  bnEpochs?: string;
}

function num(value: string | undefined, flag: string, min: number, max: number, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} must be ${integer ? 'a whole number' : 'a number'} in [${min}, ${max}], got '${value}'`);
  }
  return n;
}

/** Runs the command; returns the summary printed on stdout. */
export async function runEvaluate(args: EvaluateArgs, progress: Progress): Promise<string> {
  const model = await loadAnyModel(args.model);
  if (model.kind === 'graph') return evaluateGraph(args, model.graph, model.channels, progress);
  const graph = model.chain;
  const methods = (args.methods ?? 'bn,taylor,weight').split(',').map((m) => parseMethod(m.trim()) as ImportanceMethod);
  const step = num(args.step, '--step', 0.01, 0.5, false) ?? 0.05;
  const seeds = num(args.seeds, '--seeds', 1, 100, true) ?? 5;
  let data = heldOutData(graph, args.data);
  const samples = num(args.samples, '--samples', 10, 1e7, true);
  if (samples) data = takeSamples(data, samples);
  const criteria: Criterion[] = [];
  for (const method of methods) {
    const importance = await computeImportance(graph, method, args.data, progress, num(args.bnEpochs, '--bn-epochs', 1, 1000, true));
    // BN-γ ranks edges as nn_vis's "BN node γ and edge α": |w| × the source node's mean γ.
    const edgeScores = method === 'bn' ? edgeTimesSourceMean(importance, graph.classCount) : importance.edges;
    criteria.push({ name: method, importance, edgeScores });
  }
  const t0 = performance.now();
  const report = evaluateCriteria(graph, data, criteria, { fractions: fractionsUpTo(0.95, step), randomSeeds: seeds }, (done, total, what) => progress.update('evaluate', done, total, what));
  progress.done('evaluate', `${((performance.now() - t0) / 1000).toFixed(1)} s on ${data.count} samples`);
  const { jsonPath, svgPath } = writeReport(args, report, evaluationChart(report));
  const lines = [`wrote ${jsonPath} and ${svgPath}`, `baseline accuracy ${(report.baseline.overall * 100).toFixed(2)} % on ${report.samples} samples (${report.data})`];
  lines.push('criterion   AUC least-first   AUC random   AUC most-first   ordered   Spearman ρ vs ablation oracle');
  for (const c of criteria) {
    const a = report.auc[c.name];
    lines.push(`${c.name.padEnd(11)} ${a.ascending.toFixed(3).padStart(15)} ${a.random.toFixed(3).padStart(12)} ${a.descending.toFixed(3).padStart(16)} ${String(a.ordered).padStart(9)} ${report.oracle[c.name].mean.toFixed(3).padStart(8)}`);
  }
  return lines.join('\n');
}

/** Default held-out samples for a CNN's curves: every point is a forward pass over all of them. */
const kCnnSamples = 500;

/** `evaluate` on a network with planes: channels pruned in importance order (channel-pruning.ts). */
function evaluateGraph(args: EvaluateArgs, graph: ModelGraph, cg: ChannelGraph, progress: Progress): string {
  const methods = (args.methods ?? 'bn,taylor,weight').split(',').map((m) => parseMethod(m.trim()) as ImportanceMethod);
  const step = num(args.step, '--step', 0.01, 0.5, false) ?? 0.1;
  const seeds = num(args.seeds, '--seeds', 1, 100, true) ?? 3;
  const data = takeSamples(heldOutData(graphInputs(graph), args.data), num(args.samples, '--samples', 10, 1e7, true) ?? kCnnSamples);
  const criteria = methods.map((m) => computeChannelImportance(graph, cg, m, args.data, progress, num(args.bnEpochs, '--bn-epochs', 1, 1000, true)));
  const t0 = performance.now();
  const report = evaluateChannels(graph, cg, data, criteria, fractionsUpTo(0.95, step), seeds, (done, total, what) => progress.update('evaluate', done, total, what));
  progress.done('evaluate', `${((performance.now() - t0) / 1000).toFixed(1)} s on ${data.count} samples`);
  const { jsonPath, svgPath } = writeReport(args, report, evaluationChart(report, 'channels'));
  const lines = [`wrote ${jsonPath} and ${svgPath}`, `baseline accuracy ${(report.baseline.overall * 100).toFixed(2)} % on ${report.samples} samples (${report.data}); ${report.prunable} prunable channels and units`];
  lines.push('criterion     AUC least-first   AUC random   AUC most-first   ordered');
  for (const c of criteria) {
    const a = report.auc[c.method];
    lines.push(`${c.method.padEnd(13)} ${a.ascending.toFixed(3).padStart(15)} ${a.random.toFixed(3).padStart(12)} ${a.descending.toFixed(3).padStart(16)} ${String(a.ordered).padStart(9)}`);
  }
  return lines.join('\n');
}

/** Writes `<model folder>.evaluation.json` and `.pruning.svg` into --out-dir; returns their paths. */
function writeReport(args: EvaluateArgs, report: unknown, svg: string): { jsonPath: string; svgPath: string } {
  const outDir = args.outDir ?? '.';
  const name = basename(dirname(args.model)) || 'model';
  mkdirSync(outDir, { recursive: true });
  const jsonPath = join(outDir, `${name}.evaluation.json`);
  const svgPath = join(outDir, `${name}.pruning.svg`);
  writeAtomically(jsonPath, JSON.stringify(report, null, 1) + '\n');
  writeAtomically(svgPath, svg);
  return { jsonPath, svgPath };
}
