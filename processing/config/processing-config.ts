/** `configs/processing.json`: nn_vis's processing keys and defaults (spec §4, §1.1). */
import { defaultsOf, type ConfigOf, type Schema } from './schema';

export const processingSchema = {
  layer_distance: { type: 'number', default: 0.4, min: 0, max: 100, minExclusive: true, doc: 'Distance between consecutive layer planes along the depth (z) axis.' },
  layer_width: { type: 'number', default: 1.0, min: 0, max: 100, minExclusive: true, doc: 'Side length of the square each layer\'s node grid fills.' },
  sampling_rate: { type: 'number', default: 15, min: 1, max: 200, doc: 'Edge samples per layer_width: sample length L = layer_width / sampling_rate.' },
  prune_percentage: { type: 'number', default: 0, min: 0, max: 1, maxExclusive: true, doc: 'Fraction of edges dropped, lowest |w|·source mean importance first.' },
  node_bandwidth_reduction: { type: 'number', default: 0.95, min: 0, max: 1, minExclusive: true, maxExclusive: true, doc: 'Per-iteration factor on the node-advection bandwidth.' },
  edge_bandwidth_reduction: { type: 'number', default: 0.9, min: 0, max: 1, minExclusive: true, maxExclusive: true, doc: 'Per-iteration factor on the edge-advection bandwidth.' },
  edge_importance_type: { type: 'integer', default: 0, min: 0, max: 3, doc: 'Which class vector a sample carries: 0 interpolate source→target, 1 source, 2 both combined, 3 target.' },
  smoothing: { type: 'boolean', default: true, doc: 'Laplacian smoothing of the polylines after each edge iteration.' },
  smoothing_iterations: { type: 'integer', default: 8, min: 0, max: 100, doc: 'Smoothing passes per edge iteration.' },
  class_components: { type: 'integer', default: 16, min: 1, max: 256, doc: 'nnwalk: a network with more classes is bundled on this many principal directions of its nodes\' class vectors (exact classes kept for colour and details).' },
  fix_input_layer: { type: 'boolean', default: true, doc: 'nnwalk: keep the input layer on its grid during node advection (an image model\'s input stays an image).' },
} as const satisfies Schema;

export type ProcessingConfig = ConfigOf<typeof processingSchema>;

export const defaultProcessingConfig: ProcessingConfig = defaultsOf(processingSchema);
