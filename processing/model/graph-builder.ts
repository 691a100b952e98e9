/**
 * Planned layers (config + shapes + matched tensors) → the ModelGraph's ops, with the size guards that
 * run first. Shared by the Keras-family readers (tfjs model.json, Keras 3 .keras, Keras 2 .h5): they
 * differ only in where a layer's tensors are found (`T`, a handle the reader decodes later).
 */
import { kMaxConnections } from './dense-chain';
import { planLayer, type LayerPlan, type TensorNeed } from './keras-layers';
import { channelsOf, kLinear, type Op } from './model-graph';
import type { Topology } from './tfjs-topology';

export interface PlannedLayer<T> {
  name: string;
  className: string;
  inbound: string[];
  plan: LayerPlan;
  shape: number[];
  /** Matched tensors, in the order keras-layers.ts lists the needs. */
  tensors: T[];
}

/** Weight roles named in messages ("Conv2D layer 'c1'"), by plan kind. */
const kRole: Record<string, string> = { conv2d: 'Conv2D', depthwise2d: 'DepthwiseConv2D', separable2d: 'SeparableConv2D', dense: 'Dense', batchnorm: 'BatchNormalization' };

/**
 * Plans every layer of a topology against its input shapes; `match` finds the tensors a layer needs
 * (it is given the layer, the class named in messages, and the needs with their implied shapes).
 */
export function planLayers<T>(topo: Topology, inputShape: number[], match: (layer: string, cls: string, needs: TensorNeed[]) => T[]): PlannedLayer<T>[] {
  const shapes = new Map<string, number[]>();
  const planned: PlannedLayer<T>[] = [];
  for (const layer of topo.layers) {
    if (layer.className === 'InputLayer') {
      if (layer.inbound.length > 0) throw new Error(`input layer '${layer.name}' takes inputs`);
      shapes.set(layer.name, inputShape);
      planned.push({ name: layer.name, className: 'InputLayer', inbound: [], plan: { kind: 'input' }, shape: inputShape, tensors: [] });
      continue;
    }
    if (layer.inbound.length === 0) throw new Error(`layer '${layer.name}' (${layer.className}) has no input`);
    const ins = layer.inbound.map((n) => shapes.get(n)!);
    const { plan, shape, tensors } = planLayer(layer.className, layer.config, layer.name, ins);
    shapes.set(layer.name, shape);
    planned.push({ name: layer.name, className: layer.className, inbound: layer.inbound, plan, shape, tensors: tensors.length ? match(layer.name, kRole[plan.kind] ?? layer.className, tensors) : [] });
  }
  return planned;
}

/** Channel connections of a planned layer: what its edges in the channel graph will number. */
function connections(p: PlannedLayer<unknown>, inputChannels: number): number {
  switch (p.plan.kind) {
    case 'conv2d': case 'dense': return inputChannels * channelsOf(p.shape);
    case 'separable2d': return inputChannels * p.plan.multiplier * (1 + channelsOf(p.shape));
    case 'input': case 'flatten': case 'identity': case 'activation': case 'batchnorm': case 'zeropad': return 0;
    default: return channelsOf(p.shape);
  }
}

/** Counts channel connections over all layers and throws, naming both numbers, above `max`. */
export function checkGraphBudget<T>(planned: PlannedLayer<T>[], max = kMaxConnections): number {
  const shapes = new Map(planned.map((p) => [p.name, p.shape]));
  let total = 0;
  for (const p of planned) {
    const cin = p.inbound.reduce((a, n) => a + channelsOf(shapes.get(n)!), 0);
    total += connections(p, cin);
  }
  if (total > max) {
    const hint = max < kMaxConnections ? ' (process it with `npx nnwalk process`, pruned by prune_percentage, and open the .nnwalk file)' : '';
    throw new Error(`network has ${total.toLocaleString('en')} connections; this handles at most ${max.toLocaleString('en')}${hint}`);
  }
  return total;
}

/** Decodes the planned layers' tensors into ops; a SeparableConv2D becomes a depthwise op and a 1×1 conv. */
export function buildOps<T>(planned: PlannedLayer<T>[], output: string, decode: (t: T) => Float32Array): { ops: Op[]; output: number } {
  const ops: Op[] = [];
  const index = new Map<string, number>();
  for (const p of planned) {
    const inputs = p.inbound.map((n) => index.get(n)!);
    const base = { name: p.name, className: p.className, inputs, shape: p.shape };
    const t = p.tensors.map(decode);
    const plan = p.plan;
    let op: Op;
    switch (plan.kind) {
      case 'input': op = { ...base, kind: 'input' }; break;
      case 'conv2d': op = { ...base, kind: 'conv2d', window: plan.window, kernel: t[0], bias: plan.useBias ? t[1] : null, activation: plan.activation }; break;
      case 'depthwise2d': op = { ...base, kind: 'depthwise2d', window: plan.window, multiplier: plan.multiplier, kernel: t[0], bias: plan.useBias ? t[1] : null, activation: plan.activation }; break;
      case 'separable2d': {
        const inShape = ops[inputs[0]].shape;
        const mid = [p.shape[0], p.shape[1], channelsOf(inShape) * plan.multiplier];
        ops.push({ name: `${p.name}/depthwise`, className: p.className, inputs, shape: mid, kind: 'depthwise2d', window: plan.window, multiplier: plan.multiplier, kernel: t[0], bias: null, activation: kLinear });
        const one = { kh: 1, kw: 1, strideY: 1, strideX: 1, dilationY: 1, dilationX: 1, padding: 'valid' as const };
        op = { ...base, inputs: [ops.length - 1], kind: 'conv2d', window: one, kernel: t[1], bias: plan.useBias ? t[2] : null, activation: plan.activation };
        break;
      }
      case 'dense': op = { ...base, kind: 'dense', kernel: t[0], bias: plan.useBias ? t[1] : null, activation: plan.activation }; break;
      case 'maxpool': case 'avgpool': op = { ...base, kind: plan.kind, window: plan.window }; break;
      case 'globalpool': op = { ...base, kind: 'globalpool', mode: plan.mode }; break;
      case 'batchnorm': {
        const c = channelsOf(p.shape);
        let k = 0;
        const gamma = plan.scale ? t[k++] : new Float32Array(c).fill(1);
        const beta = plan.center ? t[k++] : new Float32Array(c);
        op = { ...base, kind: 'batchnorm', gamma, beta, mean: t[k++], variance: t[k++], epsilon: plan.epsilon };
        if (op.variance.some((v) => v < 0)) throw new Error(`BatchNormalization layer '${p.name}': moving_variance holds a negative value`);
        break;
      }
      case 'activation': op = { ...base, kind: 'activation', activation: plan.activation }; break;
      case 'zeropad': op = { ...base, kind: 'zeropad', top: plan.top, bottom: plan.bottom, left: plan.left, right: plan.right }; break;
      default: op = { ...base, kind: plan.kind };
    }
    index.set(p.name, ops.length);
    ops.push(op);
  }
  return { ops, output: index.get(output)! };
}
