/** "Generate random network": layer sizes typed by the user → a straight network with seeded random importance. */
import type { ProcessingConfig } from '../../processing/config/processing-config';
import type { RenderingConfig } from '../../processing/config/rendering-config';
import type { ProcessedNetwork } from '../../processing/format/processed-network';
import { randomImportance } from '../../processing/importance/random';
import { buildStraightNetwork, type NetworkShape } from '../../processing/network/build-straight';
import type { NetworkImportance } from '../../processing/importance/types';
import { kViewerMaxEdges } from './load-network';

/** Largest layer the field accepts (the connection budget limits the whole network anyway). */
const kMaxLayer = 100_000;

/** Parses "100-50-10" (also spaces or commas) into layer sizes; throws naming what is wrong. */
export function parseLayerSizes(text: string): number[] {
  const parts = text.trim().split(/[\s,x×-]+/).filter(Boolean);
  if (parts.length < 2) throw new Error(`layer sizes: give at least two layers, e.g. 100-50-10 (got "${text}")`);
  return parts.map((p, i) => {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 1 || n > kMaxLayer) throw new Error(`layer sizes: layer ${i + 1} must be a whole number from 1 to ${kMaxLayer}, got "${p}"`);
    return n;
  });
}

/** A random network of the given sizes (the last layer's nodes are the classes), seeded so it is repeatable. */
export function randomNetwork(text: string, configs: { processing: ProcessingConfig; rendering: RenderingConfig }): { network: ProcessedNetwork; origin: { shape: NetworkShape; importance: NetworkImportance }; name: string } {
  const layerSizes = parseLayerSizes(text);
  const classes = layerSizes[layerSizes.length - 1];
  const shape: NetworkShape = { name: `random ${layerSizes.join('-')}`, layerSizes, classNames: Array.from({ length: classes }, (_, c) => String(c)) };
  const importance = randomImportance(layerSizes, 1);
  return { network: buildStraightNetwork(shape, importance, configs, kViewerMaxEdges), origin: { shape, importance }, name: shape.name };
}
