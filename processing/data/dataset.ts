/**
 * Labelled data for the data-driven importance methods and pruning evaluation.
 *
 * Accepted files (`--data`):
 *  - `.nnwd` digit sets (processing/format/digits.ts): inputs are pixel / 255;
 *  - JSON `{ "inputs": [[x, …], …], "labels": [k, …], "classNames"?: […] }`: one row of numbers per
 *    sample (flattened model input) and one class index per sample.
 */
import type { DenseChain } from '../model/dense-chain';
import { decodeDigitSet, type DigitSet } from '../format/digits';

/** What a data set must fit: a model's input shape and classes (a DenseChain has these; so does any model graph's summary). */
export type ModelInputs = Pick<DenseChain, 'inputShape' | 'inputSize' | 'classCount'>;

export interface LabeledData {
  count: number;
  inputSize: number;
  /** count × inputSize, row-major. */
  inputs: Float32Array;
  labels: Uint32Array;
  /** Number of distinct classes the labels may take (max label + 1 at least). */
  classCount: number;
  source: string;
}

const kMaxValues = 1 << 28;

/** A digit set as model inputs (pixel / 255). */
export function fromDigitSet(set: DigitSet, source: string): LabeledData {
  const inputs = new Float32Array(set.pixels.length);
  for (let i = 0; i < inputs.length; i++) inputs[i] = set.pixels[i] / 255;
  let classes = 0;
  for (const l of set.labels) classes = Math.max(classes, l + 1);
  return { count: set.count, inputSize: set.rows * set.cols, inputs, labels: Uint32Array.from(set.labels), classCount: classes, source };
}

/** Parses the JSON dataset format, checking every row and label. */
export function parseJsonDataset(text: string, source: string): LabeledData {
  let raw: { inputs?: unknown; labels?: unknown };
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source}: not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(raw?.inputs) || !Array.isArray(raw.labels)) throw new Error(`${source}: needs "inputs" (list of rows) and "labels" (list of class indices)`);
  const rows = raw.inputs as unknown[];
  const labels = raw.labels as unknown[];
  if (rows.length === 0) throw new Error(`${source}: holds no samples`);
  if (rows.length !== labels.length) throw new Error(`${source}: ${rows.length} input rows but ${labels.length} labels`);
  const width = Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : -1;
  if (width <= 0) throw new Error(`${source}: input row 0 is not a non-empty list of numbers`);
  if (rows.length * width > kMaxValues) throw new Error(`${source}: ${rows.length} × ${width} values exceed the ${kMaxValues}-value limit`);
  const inputs = new Float32Array(rows.length * width);
  const out = new Uint32Array(rows.length);
  let classes = 0;
  rows.forEach((row, s) => {
    if (!Array.isArray(row) || row.length !== width) throw new Error(`${source}: input row ${s} has ${Array.isArray(row) ? row.length : 'no'} values, row 0 has ${width}`);
    row.forEach((v, i) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${source}: input row ${s} value ${i} is not a finite number`);
      inputs[s * width + i] = v;
    });
    const label = labels[s];
    if (typeof label !== 'number' || !Number.isInteger(label) || label < 0) throw new Error(`${source}: label ${s} (${JSON.stringify(label)}) is not a class index`);
    out[s] = label;
    classes = Math.max(classes, label + 1);
  });
  return { count: rows.length, inputSize: width, inputs, labels: out, classCount: classes, source };
}

/** Reads a dataset from file bytes, choosing the format by name. */
export function parseDataset(bytes: Uint8Array, name: string): LabeledData {
  if (name.endsWith('.nnwd')) return fromDigitSet(decodeDigitSet(bytes), name);
  if (name.endsWith('.json')) return parseJsonDataset(new TextDecoder().decode(bytes), name);
  throw new Error(`${name}: unknown dataset format (use .nnwd or .json)`);
}

/** Throws, naming both shapes, unless `data` fits `graph`'s input and classes. */
export function checkDataFits(graph: ModelInputs, data: LabeledData): void {
  if (data.inputSize !== graph.inputSize || data.classCount > graph.classCount) {
    throw new Error(
      `data ${data.source} does not fit the model: samples have ${data.inputSize} values with labels up to ${data.classCount - 1}, ` +
      `the model takes input [${graph.inputShape.join(', ')}] (${graph.inputSize} values) and has ${graph.classCount} classes`,
    );
  }
}

/** The first `count` samples (or all). */
export function takeSamples(data: LabeledData, count: number): LabeledData {
  if (count >= data.count) return data;
  return { ...data, count, inputs: data.inputs.subarray(0, count * data.inputSize), labels: data.labels.subarray(0, count) };
}
