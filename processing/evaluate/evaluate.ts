/** `nnwalk evaluate`: pruning curves per importance criterion plus agreement with the ablation oracle. */
import type { LabeledData } from '../data/dataset';
import type { NetworkImportance } from '../importance/types';
import type { DenseChain } from '../model/dense-chain';
import { ablationOracle, oracleAgreement } from './ablation-oracle';
import { accuracy, fractionsUpTo, pruneOrder, pruningCurve, type PruneOrder, type PruningCurve } from './pruning-curves';
import { lineChart, type Series } from './svg-chart';
import { normalisedAuc } from './stats';

/** An importance criterion: its node importance (for the oracle) and the edge scores pruning sorts by. */
export interface Criterion {
  name: string;
  importance: NetworkImportance;
  edgeScores: Float32Array[];
}

export interface EvaluationReport {
  model: string;
  data: string;
  samples: number;
  baseline: { overall: number; perClass: number[] };
  fractions: number[];
  randomSeeds: number;
  curves: PruningCurve[];
  /** Mean over seeds of the random-order curve. */
  random: PruningCurve;
  auc: Record<string, { ascending: number; random: number; descending: number; ordered: boolean }>;
  /** Spearman ρ of each criterion's hidden-unit importance against the ablation oracle. */
  oracle: Record<string, { perClass: number[]; mean: number }>;
}

/** nn_vis's BNN_EDGE key: edge |w| (normalised) × mean over classes of the source node's importance. */
export function edgeTimesSourceMean(importance: NetworkImportance, classCount: number): Float32Array[] {
  return importance.edges.map((edges, g) => {
    const src = importance.nodes[g];
    const nDst = edges.length / (src.length / classCount);
    const out = new Float32Array(edges.length);
    for (let k = 0; k < edges.length; k++) {
      const i = Math.floor(k / nDst);
      let mean = 0;
      for (let c = 0; c < classCount; c++) mean += src[i * classCount + c];
      out[k] = edges[k] * (mean / classCount);
    }
    return out;
  });
}

/** Runs every curve and the oracle; `onStep` reports (done, total) curve evaluations. */
export function evaluateCriteria(
  graph: DenseChain, data: LabeledData, criteria: Criterion[],
  options: { fractions?: number[]; randomSeeds?: number } = {}, onStep?: (done: number, total: number, what: string) => void,
): EvaluationReport {
  const fractions = options.fractions ?? fractionsUpTo(0.95, 0.05);
  const seeds = options.randomSeeds ?? 5;
  const total = criteria.length * 2 + seeds + 1;
  const { curves, randomRuns } = runCurves(criteria.map((c) => c.name), seeds, (m, order, seed) => {
    const scores = criteria[m === -1 ? 0 : m].edgeScores;
    return pruningCurve(graph, data, pruneOrder(scores, order, seed), fractions, m === -1 ? 'random' : criteria[m].name, order);
  }, (done, what) => onStep?.(done, total, what));
  const { random, auc } = summariseCurves(curves, randomRuns, fractions, criteria.map((c) => c.name));
  const oracleValues = ablationOracle(graph, data);
  onStep?.(total, total, 'ablation oracle');
  const oracle: EvaluationReport['oracle'] = {};
  for (const c of criteria) oracle[c.name] = oracleAgreement(c.importance.nodes, oracleValues, graph.classCount);
  return { model: graph.name, data: data.source, samples: data.count, baseline: accuracy(graph, data), fractions, randomSeeds: seeds, curves, random, auc, oracle };
}

/**
 * Both orders of every method and `seeds` random orders (method -1), each curve made by `run`: the loop
 * every pruning evaluation shares. `onStep` gets the curves done so far and what was just done.
 */
export function runCurves(
  methods: string[], seeds: number, run: (method: number, order: PruneOrder, seed: number) => PruningCurve, onStep?: (done: number, what: string) => void,
): { curves: PruningCurve[]; randomRuns: PruningCurve[] } {
  let done = 0;
  const curves: PruningCurve[] = [];
  methods.forEach((name, m) => {
    for (const order of ['ascending', 'descending'] as const) {
      curves.push(run(m, order, 0));
      onStep?.(++done, `${name} ${order}`);
    }
  });
  const randomRuns: PruningCurve[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    randomRuns.push(run(-1, 'random', seed));
    onStep?.(++done, `random seed ${seed}`);
  }
  return { curves, randomRuns };
}

/** The mean random-order curve over seeds, and each criterion's AUC ordering (least-first > random > most-first). */
export function summariseCurves(curves: PruningCurve[], randomRuns: PruningCurve[], fractions: number[], methods: string[]): Pick<EvaluationReport, 'random' | 'auc'> {
  const mean = (rows: number[][]) => rows[0].map((_, i) => rows.reduce((a, r) => a + r[i], 0) / rows.length);
  const accuracy = mean(randomRuns.map((r) => r.accuracy));
  const random: PruningCurve = {
    method: 'random', order: 'random', fractions, accuracy,
    perClass: fractions.map((_, k) => mean(randomRuns.map((r) => r.perClass[k]))),
    auc: normalisedAuc(fractions, accuracy),
  };
  const auc: EvaluationReport['auc'] = {};
  for (const m of methods) {
    const asc = curves.find((k) => k.method === m && k.order === 'ascending')!.auc;
    const desc = curves.find((k) => k.method === m && k.order === 'descending')!.auc;
    auc[m] = { ascending: asc, random: random.auc, descending: desc, ordered: asc > random.auc && random.auc > desc };
  }
  return { random, auc };
}

const kColors = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

/** The report's pruning curves as an SVG chart (solid: least important pruned first, dashed: most important first); `compact`: the app's narrow panel, `marker`: a fraction to mark. */
export function evaluationChart(
  report: Pick<EvaluationReport, 'curves' | 'random' | 'randomSeeds' | 'fractions' | 'model' | 'samples'>, pruned: 'edges' | 'channels' = 'edges',
  options: { compact?: boolean; marker?: number } = {},
): string {
  const pct = (x: number[]) => x.map((v) => v * 100);
  const { compact = false, marker } = options;
  const series: Series[] = [];
  const methods = [...new Set(report.curves.map((c) => c.method))];
  methods.forEach((method, i) => {
    for (const curve of report.curves.filter((c) => c.method === method)) {
      const first = curve.order === 'ascending' ? 'least' : 'most';
      const label = compact ? `${first} important first (AUC ${curve.auc.toFixed(2)})` : `${method}: ${first} important first (AUC ${curve.auc.toFixed(3)})`;
      series.push({ label, x: pct(curve.fractions), y: curve.accuracy, color: kColors[i % kColors.length], dash: curve.order === 'descending' ? '6 4' : undefined });
    }
  });
  const randomLabel = compact ? `random order, ${report.randomSeeds} seeds (AUC ${report.random.auc.toFixed(2)})` : `random order, ${report.randomSeeds} seeds (AUC ${report.random.auc.toFixed(3)})`;
  series.push({ label: randomLabel, x: pct(report.fractions), y: report.random.accuracy, color: '#777', dash: '2 3' });
  const maxX = Math.round(report.fractions[report.fractions.length - 1] * 100);
  return lineChart(series, {
    title: compact ? `held-out accuracy, ${pruned} pruned` : `Pruning ${pruned} by importance — ${report.model} (${report.samples} held-out samples)`,
    xLabel: `${pruned} pruned (%)`, yLabel: 'held-out accuracy',
    xRange: [0, maxX], yRange: [0, 1],
    xTicks: Array.from({ length: Math.floor(maxX / (compact ? 20 : 10)) + 1 }, (_, i) => i * (compact ? 20 : 10)),
    yTicks: [0, 0.2, 0.4, 0.6, 0.8, 1],
    formatY: (v) => v.toFixed(1),
    width: compact ? 300 : 640,
    height: compact ? 230 : undefined,
    ...(compact ? { legend: 'below' as const } : {}),
    ...(marker !== undefined ? { marker: { x: marker * 100, label: `${Math.round(marker * 100)} %` } } : {}),
  });
}
