import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromDigitSet, takeSamples } from '../../processing/data/dataset';
import { edgeTimesSourceMean, evaluateCriteria, evaluationChart } from '../../processing/evaluate/evaluate';
import { fractionsUpTo, pruneOrder } from '../../processing/evaluate/pruning-curves';
import { normalisedAuc, ranks, spearman } from '../../processing/evaluate/stats';
import { decodeDigitSet } from '../../processing/format/digits';
import { bnGammaImportance } from '../../processing/importance/bn-gamma';
import { taylorImportance } from '../../processing/importance/taylor';
import { weightMagnitude } from '../../processing/importance/weight-magnitude';
import { weightPathImportance } from '../../processing/importance/weight-path';
import { loadTfjsModelFile } from '../../processing/model/load-node';

const root = join(import.meta.dirname, '..', '..');

describe('statistics helpers', () => {
  it('ranks with ties, Spearman ρ and normalised AUC', () => {
    expect(Array.from(ranks([10, 30, 20, 20]))).toEqual([0, 3, 1.5, 1.5]);
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 10);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 10);
    expect(normalisedAuc([0, 0.5, 1], [1, 1, 1])).toBeCloseTo(1, 10);
    expect(normalisedAuc([0, 1], [1, 0])).toBeCloseTo(0.5, 10);
    expect(fractionsUpTo(0.95, 0.05)).toHaveLength(20);
    const order = pruneOrder([Float32Array.from([0.3, 0.1]), Float32Array.from([0.2])], 'ascending');
    expect(Array.from(order)).toEqual([1, 2, 0]);
    expect(Array.from(pruneOrder([Float32Array.from([0.3, 0.1]), Float32Array.from([0.2])], 'descending'))).toEqual([0, 2, 1]);
  });
});

describe('pruning evaluation on the default model', () => {
  it('orders AUC_ascending > AUC_random > AUC_descending for BN-γ, Taylor and |w|, and scores the oracle', async () => {
    const graph = await loadTfjsModelFile(join(root, 'src/assets/models/mnist-mlp/model.json'));
    const all = fromDigitSet(decodeDigitSet(new Uint8Array(readFileSync(join(root, 'src/assets/digits/mnist-heldout.nnwd')))), 'held-out');
    const data = takeSamples(all, 500);
    const taylor = taylorImportance(graph, all);
    // A short BN-γ fine-tune (1 epoch, 100 samples per class) keeps this test to seconds.
    const bn = await bnGammaImportance(graph, all, { epochs: 1, batchSize: 64, samplesPerClass: 100, learningRate: 0.01, l1: 1e-4, seed: 1 });
    const weight = { method: 'weight', nodes: weightPathImportance(graph), edges: weightMagnitude(graph) };
    const report = evaluateCriteria(graph, data, [
      { name: 'bn', importance: bn, edgeScores: edgeTimesSourceMean(bn, 10) },
      { name: 'taylor', importance: taylor, edgeScores: taylor.edges },
      { name: 'weight', importance: weight, edgeScores: weight.edges },
    ], { fractions: fractionsUpTo(0.9, 0.1), randomSeeds: 3 });
    for (const name of ['bn', 'taylor', 'weight']) {
      const a = report.auc[name];
      expect(a.ascending, name).toBeGreaterThan(a.random);
      expect(a.random, name).toBeGreaterThan(a.descending);
      expect(a.ordered).toBe(true);
    }
    expect(report.curves[0].perClass[0]).toHaveLength(10);
    expect(report.baseline.overall).toBeGreaterThan(0.9);
    // Taylor is a first-order estimate of exactly what the oracle measures.
    expect(report.oracle.taylor.mean).toBeGreaterThan(0.7);
    const svg = evaluationChart(report);
    for (const text of ['edges pruned (%)', 'held-out accuracy', 'taylor: least important first', 'random order, 3 seeds', '<path']) expect(svg).toContain(text);
  }, 120_000);
});
