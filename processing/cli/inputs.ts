/** Resolving what the CLI is given: models (files or random specs), configs and labelled data. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { processingSchema, type ProcessingConfig } from '../config/processing-config';
import { renderingSchema, type RenderingConfig } from '../config/rendering-config';
import { parseConfig, defaultsOf } from '../config/schema';
import { checkDataFits, fromDigitSet, parseDataset, type LabeledData, type ModelInputs } from '../data/dataset';
import { loadMnistPackage, splitMnist } from '../data/mnist-node';
import { decodeDigitSet } from '../format/digits';
import { loadModelFile, loadTfjsModelFile } from '../model/load-node';
import { shapeSize, type ModelGraph } from '../model/model-graph';
import { liveModelOf, type LiveModel } from '../input/live-model';
import { parseLayerSizes } from '../network/layer-sizes';
import type { DenseChain } from '../model/dense-chain';

export { UsageError } from './usage-error';
import { UsageError } from './usage-error';

const kRepoRoot = join(import.meta.dirname, '..', '..');
/** Upper bounds for random networks: connections, and nodes in one layer. */
const kMaxRandomEdges = 20_000_000;
const kMaxRandomLayer = 1_000_000;

/** Parses `random:784,81,49,10` into layer sizes, or returns null for anything else. */
export function parseRandomSpec(spec: string): number[] | null {
  if (!spec.startsWith('random:')) return null;
  let sizes: number[];
  try {
    sizes = parseLayerSizes(spec.slice(7), kMaxRandomLayer);
  } catch (err) {
    throw new UsageError(`'${spec}': ${(err as Error).message} (e.g. random:784,81,49,10)`);
  }
  let edges = 0;
  for (let l = 0; l + 1 < sizes.length; l++) edges += sizes[l] * sizes[l + 1];
  if (edges > kMaxRandomEdges) throw new UsageError(`'${spec}' has ${edges} connections; at most ${kMaxRandomEdges}`);
  return sizes;
}

/** Reads configs (file or defaults), validated with the file name in any error. */
export function readConfigs(processingFile?: string, renderingFile?: string): { processing: ProcessingConfig; rendering: RenderingConfig } {
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      throw new Error(`cannot read config '${file}': ${(err as Error).message}`);
    }
  };
  return {
    processing: processingFile ? parseConfig(processingSchema, read(processingFile), processingFile) : defaultsOf(processingSchema),
    rendering: renderingFile ? parseConfig(renderingSchema, read(renderingFile), renderingFile) : defaultsOf(renderingSchema),
  };
}

/** Loads a tfjs model.json that must be a chain of Dense layers (the MLP path). */
export function loadModel(path: string): Promise<DenseChain> {
  return loadTfjsModelFile(path);
}

/** Loads any supported model file (ONNX, .keras, .h5, tfjs): a Dense chain (MLP path) or a model graph with its channel graph. */
export async function loadAnyModel(path: string): Promise<LiveModel> {
  return liveModelOf(await loadModelFile(path));
}

/** A model graph's input shape and classes, for the data checks. */
export function graphInputs(graph: ModelGraph): ModelInputs {
  const inputShape = graph.ops[0].shape;
  return { inputShape, inputSize: shapeSize(inputShape), classCount: graph.classCount };
}

/** Whether the built-in MNIST digits fit a model (784 inputs, 10 classes). */
export function mnistFits(graph: ModelInputs): boolean {
  return graph.inputSize === 784 && graph.classCount === 10;
}

/** The held-out data for a model: --data, else the built-in MNIST held-out digits, else an error naming both shapes. */
export function heldOutData(graph: ModelInputs, dataFile?: string): LabeledData {
  let data: LabeledData;
  if (dataFile) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(dataFile));
    } catch (err) {
      throw new Error(`cannot read data '${dataFile}': ${(err as Error).message}`);
    }
    data = parseDataset(bytes, dataFile);
  } else {
    if (!mnistFits(graph)) {
      throw new Error(`the built-in MNIST digits (784 values, 10 classes) do not fit this model (input [${graph.inputShape.join(', ')}] = ${graph.inputSize} values, ${graph.classCount} classes): give --data, or use --importance weight`);
    }
    data = fromDigitSet(decodeDigitSet(new Uint8Array(readFileSync(join(kRepoRoot, 'src', 'assets', 'digits', 'mnist-heldout.nnwd')))), 'built-in MNIST held-out digits');
  }
  checkDataFits(graph, data);
  return data;
}

/** Training data for BN-γ fine-tuning: --data, else the built-in MNIST training split. */
export function trainingData(graph: ModelInputs, dataFile?: string): LabeledData {
  if (dataFile) return heldOutData(graph, dataFile);
  if (!mnistFits(graph)) return heldOutData(graph); // throws the shape message
  return fromDigitSet(splitMnist(loadMnistPackage()).train, 'built-in MNIST training digits');
}
