/** A framework-free description of a feed-forward network: the input to every processing stage. */

/** One fully connected layer. The kernel is row-major [inputSize][outputSize], as Keras/tfjs store it. */
export interface DenseLayer {
  name: string;
  inputSize: number;
  outputSize: number;
  /** Activation name as the model file gives it, normalised to snake_case (`relu`, `softmax`, `linear`, …). */
  activation: string;
  kernel: Float32Array;
  bias: Float32Array | null;
}

/** A chain of Dense layers after an input that is flattened to `inputSize` values. */
export interface ModelGraph {
  name: string;
  /** The model's declared per-sample input shape (without the batch dimension). */
  inputShape: number[];
  inputSize: number;
  layers: DenseLayer[];
  /** Size of the last layer. */
  classCount: number;
  classNames: string[];
}

/** Node counts per layer, input first: e.g. [784, 81, 49, 10]. */
export function layerSizes(graph: ModelGraph): number[] {
  return [graph.inputSize, ...graph.layers.map((l) => l.outputSize)];
}

/** Total number of connections (weights, not biases) over all layer gaps. */
export function edgeCount(graph: ModelGraph): number {
  return graph.layers.reduce((sum, l) => sum + l.inputSize * l.outputSize, 0);
}

/** Upper bound on connections, so hostile sizes fail with a message instead of an allocation error. */
export const kMaxConnections = 50_000_000;

/** Counts the connections of a fully connected chain and throws, naming both numbers, above `max`. */
export function checkConnectionBudget(layerSizes: readonly number[], max = kMaxConnections): number {
  let total = 0;
  for (let g = 0; g + 1 < layerSizes.length; g++) total += layerSizes[g] * layerSizes[g + 1];
  if (total > max) {
    const hint = max < kMaxConnections ? ' (process it with `npx nnwalk process`, pruned by prune_percentage, and open the .nnwalk file)' : '';
    throw new Error(`network has ${total.toLocaleString('en')} connections; this handles at most ${max.toLocaleString('en')}${hint}`);
  }
  return total;
}
