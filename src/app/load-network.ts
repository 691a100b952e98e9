/** Turns what a user gives the app (the default model, a model URL, dropped files) into a ProcessedNetwork. */
import type { ProcessingConfig } from '../../processing/config/processing-config';
import type { RenderingConfig } from '../../processing/config/rendering-config';
import { decodeProcessedNetwork } from '../../processing/format/codec';
import type { ProcessedNetwork } from '../../processing/format/processed-network';
import { sniffFile } from '../../processing/format/sniff';
import type { DenseChain } from '../../processing/model/dense-chain';
import type { ModelGraph } from '../../processing/model/model-graph';
import { buildChannelNetwork } from '../../processing/graph/build-channel-network';
import { kBundlingBudgetEdges } from '../../processing/pruning/prune';
import type { ChannelGraph } from '../../processing/graph/channel-graph';
import { channelTaylor, channelWeightPath, type ChannelImportance } from '../../processing/graph/channel-importance';
import { liveInputSize, liveModelOf, type LiveModel } from '../../processing/input/live-model';
import type { LabeledData } from '../../processing/data/dataset';
import { parseInWorker, readFiles, readUrl, type OnProgress } from './model-reading';
import { fromDigitSet } from '../../processing/data/dataset';
import { decodeDigitSet } from '../../processing/format/digits';
import { taylorImportance } from '../../processing/importance/taylor';
import type { NetworkImportance } from '../../processing/importance/types';
import { buildStraightNetwork, dataFreeImportance, shapeOf } from '../../processing/network/build-straight';
import type { NetworkOrigin } from './bundling-controller';

type Configs = { processing: ProcessingConfig; rendering: RenderingConfig };

/** URL of the embedded default network (served from src/assets). */
export const kDefaultModelUrl = `${import.meta.env.BASE_URL}models/mnist-mlp/model.json`;

/** URL of the built-in held-out MNIST digits (served from src/assets). */
export const kHeldOutDigitsUrl = `${import.meta.env.BASE_URL}digits/mnist-heldout.nnwd`;

/**
 * Importance for the viewer: per-class node importance by Taylor (activation × gradient) on the built-in
 * held-out digits when they fit the model (784 inputs, 10 classes), else the data-free weight-path measure;
 * edges by |w| per gap either way, so edge visibility follows the weights.
 */
async function viewerImportance(graph: DenseChain): Promise<NetworkImportance> {
  const free = dataFreeImportance(graph);
  if (graph.inputSize !== 784 || graph.classCount !== 10) return free;
  const taylor = taylorImportance(graph, await heldOutDigits(Infinity));
  return { method: 'taylor', nodes: taylor.nodes, edges: free.edges };
}

/**
 * Held-out digits per class for the viewer's CNN importance: a CNN's forward and backward pass costs
 * milliseconds per digit on the main thread (the embedded ResNet ~17 ms), so the viewer takes a balanced
 * sample (`nnwalk process` uses all 2,000).
 */
const kViewerCnnDigitsPerClass = 10;

async function heldOutDigits(perClass: number): Promise<LabeledData> {
  const response = await fetchOk(new URL(kHeldOutDigitsUrl, location.href).toString(), 'digits');
  const all = fromDigitSet(decodeDigitSet(new Uint8Array(await response.arrayBuffer())), 'built-in MNIST held-out digits');
  if (!Number.isFinite(perClass)) return all;
  const taken = new Uint32Array(all.classCount);
  const keep: number[] = [];
  for (let s = 0; s < all.count; s++) if (taken[all.labels[s]]++ < perClass) keep.push(s);
  const n = all.inputSize;
  const inputs = new Float32Array(keep.length * n);
  keep.forEach((s, k) => inputs.set(all.inputs.subarray(s * n, (s + 1) * n), k * n));
  return { ...all, count: keep.length, inputs, labels: Uint32Array.from(keep, (s) => all.labels[s]) };
}

/** Channel importance for the viewer: Taylor on held-out digits when they fit, else the weight path. */
async function viewerChannelImportance(graph: ModelGraph, channels: ChannelGraph): Promise<ChannelImportance> {
  if (liveInputSize({ kind: 'graph', graph, channels }) !== 784 || graph.classCount !== 10) return channelWeightPath(channels);
  return channelTaylor(graph, channels, await heldOutDigits(kViewerCnnDigitsPerClass));
}

/** Connections the browser lays out from a model (the CLI handles up to kMaxConnections). */
export const kViewerMaxEdges = 5_000_000;

/** A straight network and what it was built from (so new layout settings can rebuild it). */
export interface LoadedModel { network: ProcessedNetwork; origin: NetworkOrigin }

/** A loaded model graph laid out: a Dense chain on the MLP path, anything else as a channel graph. */
async function fromGraph(graph: ModelGraph, configs: Configs): Promise<LoadedModel> {
  const model: LiveModel = liveModelOf(graph);
  let origin: NetworkOrigin;
  if (model.kind === 'chain') {
    const shape = shapeOf(model.chain);
    const importance = await viewerImportance(model.chain);
    origin = { model, rebuild: (c) => buildStraightNetwork(shape, importance, c, kViewerMaxEdges, kBundlingBudgetEdges) };
  } else {
    const importance = await viewerChannelImportance(model.graph, model.channels);
    origin = { model, rebuild: (c) => buildChannelNetwork(model.channels, importance, c, kBundlingBudgetEdges) };
  }
  return { network: origin.rebuild(configs), origin };
}

/** Fetches `url`, turning network failures and error statuses into messages naming `what` and the URL. */
async function fetchOk(url: string, what: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw new Error(`could not fetch ${what} ${url}: ${(err as Error).message}`);
  }
  if (!response.ok) throw new Error(`could not fetch ${what} ${url}: the server answered ${response.status}`);
  return response;
}

/** Fetches a model (any format; its companions relative to it), parses it in a worker and lays it out. */
export async function loadModelUrl(url: string, configs: Configs, signal: AbortSignal, onProgress: OnProgress): Promise<LoadedModel> {
  const absolute = new URL(url, location.href).toString();
  const file = await readUrl(absolute, signal, onProgress);
  onProgress({ name: file.name, stage: 'parsing', loaded: 0, total: 0 });
  const graph = await parseInWorker([file], absolute, kViewerMaxEdges, signal);
  onProgress({ name: file.name, stage: 'laying out', loaded: 0, total: 0 });
  return fromGraph(graph, configs);
}

/** Fetches a `.nnwalk` processed network (as written by `nnwalk process` or saved by the app). */
export async function loadNetworkUrl(url: string): Promise<ProcessedNetwork> {
  const absolute = new URL(url, location.href).toString();
  const response = await fetchOk(absolute, 'network');
  return decodeProcessedNetwork(new Uint8Array(await response.arrayBuffer()), absolute.split('/').pop() ?? absolute);
}

/**
 * Loads dropped or picked files: one `.nnwalk` processed network, or one model (ONNX, .keras, .h5,
 * tfjs model.json) with its companions (weight shards, ONNX external data), told apart by their bytes.
 */
export async function loadFiles(files: File[], configs: Configs, signal: AbortSignal, onProgress: OnProgress): Promise<{ network: ProcessedNetwork; source: string; origin: LoadedModel['origin'] | null }> {
  const read = await readFiles(files, signal, onProgress);
  const processed = read.find((f) => sniffFile(f.bytes) === 'nnwalk');
  if (processed) return { network: decodeProcessedNetwork(processed.bytes, processed.name), source: processed.name, origin: null };
  const label = files.length > 1 ? `${files.length} files` : files[0]?.name ?? '';
  onProgress({ name: label, stage: 'parsing', loaded: 0, total: 0 });
  const names = read.map((f) => f.name);
  const graph = await parseInWorker(read, null, kViewerMaxEdges, signal);
  onProgress({ name: label, stage: 'laying out', loaded: 0, total: 0 });
  const source = names.find((n) => /\.(onnx|keras|h5|hdf5|json)$/i.test(n)) ?? names[0];
  return { ...(await fromGraph(graph, configs)), source };
}
