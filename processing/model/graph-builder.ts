/** Planned layers (config + shapes + matched tensors) → the ModelGraph's ops, with the size guards that run first. */
import { kMaxConnections } from './dense-chain';
import type { LayerPlan } from './keras-layers';
import { channelsOf, kLinear, type Op } from './model-graph';
import type { TensorEntry } from './tfjs-weights';

export interface PlannedLayer {
  name: string;
  className: string;
  inbound: string[];
  plan: LayerPlan;
  shape: number[];
  /** Matched tensors, in the order keras-layers.ts lists the needs. */
  tensors: TensorEntry[];
}

/** Channel connections of a planned layer: what its edges in the channel graph will number. */
function connections(p: PlannedLayer, inputChannels: number): number {
  switch (p.plan.kind) {
    case 'conv2d': case 'dense': return inputChannels * channelsOf(p.shape);
    case 'separable2d': return inputChannels * p.plan.multiplier * (1 + channelsOf(p.shape));
    case 'input': case 'flatten': case 'identity': case 'activation': case 'batchnorm': case 'zeropad': return 0;
    default: return channelsOf(p.shape);
  }
}

/** Counts channel connections over all layers and throws, naming both numbers, above `max`. */
export function checkGraphBudget(planned: PlannedLayer[], max = kMaxConnections): number {
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
export function buildOps(planned: PlannedLayer[], output: string, decode: (t: TensorEntry) => Float32Array): { ops: Op[]; output: number } {
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
