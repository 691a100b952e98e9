/** Picks and computes the importance a CLI run asked for. */
import { taylorImportance } from '../../importance/taylor';
import type { NetworkImportance } from '../../importance/types';
import { weightMagnitude } from '../../importance/weight-magnitude';
import { weightPathImportance } from '../../importance/weight-path';
import type { DenseChain } from '../../model/dense-chain';
import { graphInputs, heldOutData, mnistFits, trainingData, UsageError } from '../inputs';
import type { ModelInputs } from '../../data/dataset';
import type { ModelGraph } from '../../model/model-graph';
import type { ChannelGraph } from '../../graph/channel-graph';
import { channelTaylor, channelWeightPath, type ChannelImportance } from '../../graph/channel-importance';
import { channelBnGamma, kChannelBnDefaults } from '../../graph/channel-bn-gamma';
import type { Progress } from '../progress';

export type ImportanceMethod = 'bn' | 'taylor' | 'weight';

/** The method a run uses when none is named: Taylor when data fits the model, else weight. */
export function defaultMethod(graph: ModelInputs, dataFile?: string): ImportanceMethod {
  return dataFile || mnistFits(graph) ? 'taylor' : 'weight';
}

/** Validates a --importance value. */
export function parseMethod(value: string | undefined): ImportanceMethod | undefined {
  if (value === undefined) return undefined;
  if (value !== 'bn' && value !== 'taylor' && value !== 'weight') throw new UsageError(`--importance must be bn, taylor or weight, got '${value}'`);
  return value;
}

/** `weight`: data-free weight-path nodes and |w| edges. */
export function weightImportance(graph: DenseChain): NetworkImportance {
  return { method: 'weight', nodes: weightPathImportance(graph), edges: weightMagnitude(graph) };
}

/** Channel importance of a CNN (model graph): Taylor on held-out data, BN-γ fine-tuned on training data, or the weight path. */
export function computeChannelImportance(graph: ModelGraph, cg: ChannelGraph, method: ImportanceMethod, dataFile: string | undefined, progress: Progress, bnEpochs?: number): ChannelImportance {
  const t0 = performance.now();
  let result: ChannelImportance;
  if (method === 'weight') result = channelWeightPath(cg);
  else if (method === 'taylor') result = channelTaylor(graph, cg, heldOutData(graphInputs(graph), dataFile));
  else {
    const options = { ...kChannelBnDefaults, epochs: bnEpochs ?? kChannelBnDefaults.epochs };
    result = channelBnGamma(graph, cg, trainingData(graphInputs(graph), dataFile), options, (k, C) => progress.update('importance', k, C, `BN-γ class ${k}`));
  }
  progress.done('importance', `${method} in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  return result;
}

/** Computes the importance, reporting BN-γ's per-class progress. */
export async function computeImportance(graph: DenseChain, method: ImportanceMethod, dataFile: string | undefined, progress: Progress, bnEpochs?: number): Promise<NetworkImportance> {
  const t0 = performance.now();
  let result: NetworkImportance;
  if (method === 'weight') result = weightImportance(graph);
  else if (method === 'taylor') result = taylorImportance(graph, heldOutData(graph, dataFile));
  else {
    const data = trainingData(graph, dataFile);
    // tfjs loads only when BN-γ runs: merely loading it slows the bundling loops by ~20 % (measured).
    const { bnGammaImportance, kBnGammaDefaults } = await import('../../importance/bn-gamma');
    const options = { ...kBnGammaDefaults, epochs: bnEpochs ?? kBnGammaDefaults.epochs };
    result = await bnGammaImportance(graph, data, options, (k, C) => progress.update('importance', k, C, `BN-γ class ${k}`));
  }
  progress.done('importance', `${method} in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  return result;
}
