/** "Generate random network": layer sizes typed by the user → a straight network with seeded random importance. */
import type { ProcessingConfig } from '../../processing/config/processing-config';
import type { RenderingConfig } from '../../processing/config/rendering-config';
import type { ProcessedNetwork } from '../../processing/format/processed-network';
import { randomImportance } from '../../processing/importance/random';
import { buildStraightNetwork, type NetworkShape } from '../../processing/network/build-straight';
import type { NetworkOrigin } from './bundling-controller';
import { kViewerMaxEdges } from './load-network';
import { kBundlingBudgetEdges } from '../../processing/pruning/prune';
import { parseLayerSizes } from '../../processing/network/layer-sizes';

/** Largest layer the field accepts (the connection budget limits the whole network anyway). */
const kMaxLayer = 100_000;

/** A random network of the given sizes (the last layer's nodes are the classes), seeded so it is repeatable. */
export function randomNetwork(text: string, configs: { processing: ProcessingConfig; rendering: RenderingConfig }): { network: ProcessedNetwork; origin: NetworkOrigin; name: string } {
  const layerSizes = parseLayerSizes(text, kMaxLayer);
  const classes = layerSizes[layerSizes.length - 1];
  const shape: NetworkShape = { name: `random ${layerSizes.join('-')}`, layerSizes, classNames: Array.from({ length: classes }, (_, c) => String(c)) };
  const importance = randomImportance(layerSizes, 1);
  return { network: buildStraightNetwork(shape, importance, configs, kViewerMaxEdges, kBundlingBudgetEdges), origin: { rebuild: (c) => buildStraightNetwork(shape, importance, c, kViewerMaxEdges, kBundlingBudgetEdges) }, name: shape.name };
}
