/** A chain of Dense layers: the MLP case of the ModelGraph (model-graph.ts), which the MLP path keeps using. */
import { shapeSize, type ModelGraph } from './model-graph';

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
export interface DenseChain {
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
export function layerSizes(graph: DenseChain): number[] {
  return [graph.inputSize, ...graph.layers.map((l) => l.outputSize)];
}

/** Total number of connections (weights, not biases) over all layer gaps. */
export function edgeCount(graph: DenseChain): number {
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

/**
 * The ModelGraph as a chain of Dense layers when it is one (input, then Dense layers with only
 * Flatten / Dropout between them); otherwise throws naming the first op that is not.
 */
export function denseChainOf(graph: ModelGraph): DenseChain {
  const layers: DenseLayer[] = [];
  let previous = 0;
  for (let i = 1; i < graph.ops.length; i++) {
    const op = graph.ops[i];
    if (op.inputs.length !== 1 || op.inputs[0] !== previous) throw new Error(`model is not a chain of Dense layers: layer '${op.name}' (${op.className}) branches`);
    previous = i;
    if (op.kind === 'flatten' || op.kind === 'identity') continue;
    if (op.kind !== 'dense') throw new Error(`model is not a chain of Dense layers: layer '${op.name}' is ${op.className}`);
    if (op.activation.maxValue !== undefined || op.activation.negativeSlope !== undefined || op.activation.alpha !== undefined) throw new Error(`layer '${op.name}': a capped, leaky or parametrised activation is not a plain Dense chain`);
    layers.push({ name: op.name, inputSize: op.kernel.length / op.shape[0], outputSize: op.shape[0], activation: op.activation.name, kernel: op.kernel, bias: op.bias });
  }
  if (layers.length === 0) throw new Error('model has no Dense layer');
  const inputShape = graph.ops[0].shape;
  const inputSize = shapeSize(inputShape);
  return { name: graph.name, inputShape, inputSize, layers, classCount: graph.classCount, classNames: graph.classNames };
}

/** The model graph of a Dense chain (an input op, then one dense op per layer): what graph-level stages read. */
export function graphOfChain(chain: DenseChain): ModelGraph {
  const ops: ModelGraph['ops'] = [{ kind: 'input', name: 'input', className: 'InputLayer', inputs: [], shape: [chain.inputSize] }];
  for (const layer of chain.layers) {
    ops.push({ kind: 'dense', name: layer.name, className: 'Dense', inputs: [ops.length - 1], shape: [layer.outputSize], kernel: layer.kernel, bias: layer.bias, activation: { name: layer.activation } });
  }
  return { name: chain.name, ops, output: ops.length - 1, classCount: chain.classCount, classNames: chain.classNames };
}
