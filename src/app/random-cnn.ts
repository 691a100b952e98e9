/** "?random=cnn:10x1000@32": a seeded random CNN with its weights (live input and feature maps work), drawn straight. */
import type { ProcessingConfig } from '../../processing/config/processing-config';
import type { RenderingConfig } from '../../processing/config/rendering-config';
import type { ProcessedNetwork } from '../../processing/format/processed-network';
import { buildChannelNetwork } from '../../processing/graph/build-channel-network';
import { channelWeightPath } from '../../processing/graph/channel-importance';
import { parseRandomCnn, randomCnnGraph } from '../../processing/graph/random-cnn';
import { liveModelOf } from '../../processing/input/live-model';
import type { NetworkOrigin } from './bundling-controller';

/** The random CNN of `text` ("cnn", "cnn:PxC@S") as a network with the weight-path importance and its live model. */
export function randomCnnNetwork(text: string, configs: { processing: ProcessingConfig; rendering: RenderingConfig }): { network: ProcessedNetwork; origin: NetworkOrigin; name: string } {
  const graph = randomCnnGraph(parseRandomCnn(text));
  const model = liveModelOf(graph);
  if (model.kind !== 'graph') throw new Error('the random CNN came out as a chain of Dense layers');
  const importance = channelWeightPath(model.channels);
  const build = (c: typeof configs) => buildChannelNetwork(model.channels, importance, c);
  return { network: build(configs), origin: { model, rebuild: build }, name: graph.name };
}
