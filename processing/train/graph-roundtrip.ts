/** A tfjs LayersModel ↔ our ModelGraph, in memory: read through the real loader, write trained values back. */
import * as tf from '@tensorflow/tfjs';
import { loadTfjsGraph } from '../model/load-tfjs';
import type { ModelGraph, Op } from '../model/model-graph';
import { mapWeightSource } from '../model/weight-source';

/** The model as a model.json object and its one weight shard ('weights.bin'), in memory. */
export async function modelFiles(model: tf.LayersModel): Promise<{ json: Record<string, unknown>; bytes: Uint8Array }> {
  let json: Record<string, unknown> = {};
  let bytes = new Uint8Array(0);
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const data = artifacts.weightData;
    bytes = Array.isArray(data) ? new Uint8Array(await new Blob(data).arrayBuffer()) : new Uint8Array(data as ArrayBuffer);
    json = { format: 'layers-model', modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }] };
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return { json, bytes };
}

/** The model as nnwalk's loader reads it (the same path as a model.json on disk). */
export async function graphOfModel(model: tf.LayersModel): Promise<ModelGraph> {
  const { json, bytes } = await modelFiles(model);
  return loadTfjsGraph(JSON.stringify(json), mapWeightSource(new Map([['weights.bin', bytes]])));
}

function field(op: Op, suffix: string): Float32Array | null {
  switch (suffix) {
    case 'kernel': case 'depthwise_kernel': return 'kernel' in op ? op.kernel : null;
    case 'bias': return 'bias' in op ? op.bias : null;
    case 'gamma': return op.kind === 'batchnorm' ? op.gamma : null;
    case 'beta': return op.kind === 'batchnorm' ? op.beta : null;
    case 'moving_mean': return op.kind === 'batchnorm' ? op.mean : null;
    case 'moving_variance': return op.kind === 'batchnorm' ? op.variance : null;
    default: return null;
  }
}

/** Copies the graph's (trained) values into the tfjs model's variables. */
export function writeBack(model: tf.LayersModel, graph: ModelGraph): void {
  const byName = new Map(graph.ops.map((op) => [op.name, op]));
  const values = model.weights.map((w) => {
    const name = w.originalName;
    const cut = name.lastIndexOf('/');
    const layer = name.slice(0, cut);
    const suffix = name.slice(cut + 1);
    // A SeparableConv2D is two ops: its depthwise kernel lives on '<layer>/depthwise'.
    const op = suffix === 'depthwise_kernel' && byName.has(`${layer}/depthwise`) ? byName.get(`${layer}/depthwise`) : byName.get(layer);
    const data = op ? field(op, suffix === 'pointwise_kernel' ? 'kernel' : suffix) : null;
    if (!data) throw new Error(`no value in the trained graph for tfjs weight '${name}'`);
    return tf.tensor(data, w.shape as number[]);
  });
  model.setWeights(values);
  tf.dispose(values);
}
