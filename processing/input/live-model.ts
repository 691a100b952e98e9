/**
 * The model behind live input, details and trace: a chain of Dense layers (the MLP path, unchanged) or
 * a model graph with its channel graph (CNNs, branches). One input through either gives per-node values
 * in network node order: units as they are, channels as the mean of their map.
 */
import { buildChannelGraph, type ChannelGraph } from '../graph/channel-graph';
import { denseChainOf, type DenseChain } from '../model/dense-chain';
import { channelsOf, shapeSize, type ModelGraph } from '../model/model-graph';
import { forwardGraph } from '../nn/graph-forward';
import { checkInput, liveActivations, liveResult, type LiveActivations } from './live-activations';

export type LiveModel =
  | { kind: 'chain'; chain: DenseChain }
  | { kind: 'graph'; graph: ModelGraph; channels: ChannelGraph };

/** The live model of a loaded graph: its Dense chain when it is one (so MLPs keep their path), else graph + channels. */
export function liveModelOf(graph: ModelGraph): LiveModel {
  let chain: DenseChain | null = null;
  try {
    chain = denseChainOf(graph);
  } catch {
    chain = null;
  }
  return chain ? { kind: 'chain', chain } : { kind: 'graph', graph, channels: buildChannelGraph(graph) };
}

/** Values one input needs. */
export function liveInputSize(model: LiveModel): number {
  return model.kind === 'chain' ? model.chain.inputSize : shapeSize(model.graph.ops[0].shape);
}

/** Runs one input through the model. */
export function runLive(model: LiveModel, input: Float32Array): LiveActivations {
  if (model.kind === 'chain') return liveActivations(model.chain, input);
  checkInput(input);
  const { graph, channels } = model;
  const pass = forwardGraph(graph, input, 1);
  const layers = channels.planes.map((p) => {
    const v = pass.values[p.op];
    const C = channelsOf(p.shape);
    if (v.length === C) return v;
    const mean = new Float32Array(C);
    const P = v.length / C;
    for (let k = 0; k < v.length; k++) mean[k % C] += v[k];
    for (let c = 0; c < C; c++) mean[c] /= P;
    return mean;
  });
  const maps = channels.planes.map((p) => (p.shape.length === 3 ? pass.values[p.op] : null));
  return { ...liveResult(layers, pass.values[graph.output]), maps };
}
