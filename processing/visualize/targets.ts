/**
 * What feature visualization maximises for each plane of the channel graph: a dense unit's value or a
 * conv channel's mean over its map. A unit's ascent climbs its value before the plane's last
 * non-linearity (a dead ReLU has no gradient; the value under it still has one, and ReLU, sigmoid and tanh
 * only grow with it). A channel's climbs the mean of the map the plane shows: the mean of a map before its
 * ReLU is nearly linear in the image's mean brightness (a filter summed over every position), so it would
 * only make the image uniformly bright or dark, while the mean after the ReLU rewards the filter's pattern
 * wherever it fits. The honesty checks read the value the plane shows, except after a softmax, where they
 * read the logit (a probability is normalised against the other classes and saturates at 1).
 */
import type { ChannelGraph } from '../graph/channel-graph';
import { channelsOf, isSpatial, type ModelGraph } from '../model/model-graph';

export interface VisualTarget {
  /** Index of the plane in the channel graph, and its name. */
  plane: number;
  name: string;
  /** The op whose output ascent climbs: before its activation (`objectivePre`) or after. */
  objectiveOp: number;
  objectivePre: boolean;
  /** The op whose output the honesty checks read (the plane's own, or the logits under a softmax). */
  honestyOp: number;
  /** Read `honestyOp`'s pre-activation (a softmax plane's logits) rather than its output. */
  honestyPre: boolean;
  /** Channel means over an H × W map (true) or single units (false). */
  spatial: boolean;
  /** Units or channels. */
  units: number;
  /** Values per unit in the map (H·W; 1 for units). */
  perUnit: number;
}

/** Every plane but the input, as a visualization target. */
export function planeTargets(graph: ModelGraph, cg: ChannelGraph): VisualTarget[] {
  const out: VisualTarget[] = [];
  cg.planes.forEach((plane, index) => {
    if (plane.kind === 'input') return;
    let op = plane.op;
    // Under the plane's trailing activation ops (folded into it), down to the plane's own start at most.
    while (op > plane.start && graph.ops[op].kind === 'activation') op = graph.ops[op].inputs[0];
    const shown = graph.ops[plane.op];
    const own = graph.ops[op];
    const shape = shown.shape;
    const spatial = isSpatial(shape);
    const softmax = (shown.kind === 'activation' && shown.activation.name === 'softmax') || ('activation' in own && own.activation.name === 'softmax' && op === plane.op);
    out.push({
      plane: index, name: plane.name, objectiveOp: spatial ? plane.op : op, objectivePre: !spatial, honestyOp: softmax ? op : plane.op, honestyPre: softmax,
      spatial, units: channelsOf(shape), perUnit: spatial ? shape[0] * shape[1] : 1,
    });
  });
  return out;
}

/** The target of plane `name` (its layer name), or an error naming the planes there are. */
export function targetByName(targets: VisualTarget[], name: string): VisualTarget {
  const t = targets.find((x) => x.name === name);
  if (!t) throw new Error(`no plane '${name}': the planes are ${targets.map((x) => x.name).join(', ')}`);
  return t;
}
