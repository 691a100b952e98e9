/**
 * Kernel slices for the details panel: the weights that feed one output channel of a layer, one 2-D slice
 * per input channel, strongest first. A plane's op may be a BatchNormalization or activation folded after
 * the kernel (channel-graph.ts), so the lookup walks back through those to the op that holds the weights.
 */
import { channelsOf, isSpatial, type ModelGraph, type Op } from '../model/model-graph';

export interface KernelSlice {
  /** Input channel (or input unit) index; naming it (plane label, channel) is the caller's job. */
  inputChannel: number;
  kh: number;
  kw: number;
  /** kh × kw weights, row-major. */
  values: Float32Array;
  /** L2 norm of values. */
  norm: number;
}

export interface ChannelKernels {
  /** Layer name of the op holding the kernel (or of the weightless op). */
  op: string;
  kind: 'conv2d' | 'depthwise2d' | 'dense' | 'none';
  /** Strongest (largest norm) first. */
  slices: KernelSlice[];
  bias: number | null;
  /** Why there is no kernel, or what the slices leave out (folded batch normalisation); '' if nothing to say. */
  note: string;
}

type Folded = Extract<Op, { kind: 'batchnorm' | 'activation' | 'identity' }>;

const fmt = (v: number) => String(Number(v.toPrecision(3)));

/** The incoming kernel slices of output channel `channel` of `op` (graph op index), strongest first, at most `limit` (default 64), plus the total count. */
export function channelKernels(graph: ModelGraph, op: number, channel: number, limit = 64): ChannelKernels & { total: number } {
  const ops = graph.ops;
  if (!Number.isInteger(op) || op < 0 || op >= ops.length) throw new Error(`op index ${op} is out of range (the graph has ${ops.length} ops)`);
  const C = channelsOf(ops[op].shape);
  if (!Number.isInteger(channel) || channel < 0 || channel >= C) throw new Error(`channel ${channel} is out of range: ${ops[op].name} has ${C} channel${C === 1 ? '' : 's'}`);
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`limit ${limit} must be a non-negative integer`);

  // These ops map channel c to channel c, so the same channel index holds all the way back.
  const chain: Folded[] = [];
  let base = ops[op];
  while ((base.kind === 'batchnorm' || base.kind === 'activation' || base.kind === 'identity') && base.inputs.length === 1) {
    chain.push(base);
    base = ops[base.inputs[0]];
  }
  const after = foldedNote(chain.reverse(), channel);

  switch (base.kind) {
    case 'conv2d': {
      const { kh, kw } = base.window;
      const kernel = base.kernel;
      const cin = kernel.length / (kh * kw * C);
      const r = pick(cin, kh, kw, limit, (ci, out) => {
        for (let t = 0; t < kh * kw; t++) out[t] = kernel[(t * cin + ci) * C + channel];
      });
      return { op: base.name, kind: 'conv2d', ...r, bias: base.bias ? base.bias[channel] : null, note: after };
    }
    case 'depthwise2d': {
      const { kh, kw } = base.window;
      const M = base.multiplier;
      const cin = C / M;
      const ci = Math.floor(channel / M);
      const m = channel % M;
      const values = new Float32Array(kh * kw);
      for (let t = 0; t < kh * kw; t++) values[t] = base.kernel[(t * cin + ci) * M + m];
      const slices = limit > 0 ? [{ inputChannel: ci, kh, kw, values, norm: l2(values) }] : [];
      const note = join(`depthwise: channel ${channel} filters only input channel ${ci} (multiplier ${M}, copy ${m})`, after);
      return { op: base.name, kind: 'depthwise2d', slices, total: 1, bias: base.bias ? base.bias[channel] : null, note };
    }
    case 'dense': {
      const kernel = base.kernel;
      const nin = kernel.length / C;
      const map = flattenedMap(graph, base.inputs[0]);
      if (map && map[0] * map[1] * map[2] === nin) {
        // Keras flattens channels-last: row (y·W + x)·Cin + ci of the kernel is pixel (y, x) of channel ci.
        const [H, W, Cin] = map;
        const r = pick(Cin, H, W, limit, (ci, out) => {
          for (let p = 0; p < H * W; p++) out[p] = kernel[(p * Cin + ci) * C + channel];
        });
        const note = join(`dense after flattening a ${H} × ${W} × ${Cin} map: each slice is one input channel's ${H} × ${W} weights to unit ${channel}`, after);
        return { op: base.name, kind: 'dense', ...r, bias: base.bias ? base.bias[channel] : null, note };
      }
      const r = pick(nin, 1, 1, limit, (i, out) => { out[0] = kernel[i * C + channel]; });
      return { op: base.name, kind: 'dense', ...r, bias: base.bias ? base.bias[channel] : null, note: after };
    }
    default:
      return { op: base.name, kind: 'none', slices: [], total: 0, bias: null, note: join(weightless(graph, base, channel), after) };
  }
}

/** Fills one slice per input channel, keeps the `limit` largest norms (ties: lower channel first). */
function pick(count: number, kh: number, kw: number, limit: number, fill: (ci: number, out: Float32Array) => void): { slices: KernelSlice[]; total: number } {
  const taps = kh * kw;
  // Norms of all slices first, so only the kept ones get their own arrays.
  const scratch = new Float32Array(taps);
  const norms = new Float64Array(count);
  for (let ci = 0; ci < count; ci++) { fill(ci, scratch); norms[ci] = l2(scratch); }
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => norms[b] - norms[a] || a - b);
  const slices = order.slice(0, limit).map((ci) => {
    const values = new Float32Array(taps);
    fill(ci, values);
    return { inputChannel: ci, kh, kw, values, norm: norms[ci] };
  });
  return { slices, total: count };
}

function l2(v: Float32Array): number {
  let sq = 0;
  for (let i = 0; i < v.length; i++) sq += v[i] * v[i];
  return Math.sqrt(sq);
}

/** [H, W, C] of the map a Flatten turns into this op's input (through Dropout-like identities), or null. */
function flattenedMap(graph: ModelGraph, j: number): number[] | null {
  let o = graph.ops[j];
  while (o.kind === 'identity' && o.inputs.length === 1) o = graph.ops[o.inputs[0]];
  if (o.kind !== 'flatten') return null;
  const s = graph.ops[o.inputs[0]].shape;
  return isSpatial(s) ? s : null;
}

function join(a: string, b: string): string {
  return a && b ? `${a}; ${b}` : a || b;
}

/** What the ops after the kernel do to this channel: the slices show the raw kernel, before them. */
function foldedNote(chain: Folded[], c: number): string {
  const parts = chain.map((o) => {
    if (o.kind === 'batchnorm') {
      const scale = o.gamma[c] / Math.sqrt(o.variance[c] + o.epsilon);
      const shift = o.beta[c] - o.mean[c] * scale;
      return `batch normalisation ${o.name} folded after this kernel is not applied to the slices (it scales channel ${c} by ${fmt(scale)} and shifts it by ${fmt(shift)})`;
    }
    if (o.kind === 'activation') return `then ${o.className} ${o.name}`;
    return '';
  }).filter((s) => s);
  return parts.join('; ');
}

/** The note for an op without weights, saying which input channels the selected channel comes from. */
function weightless(graph: ModelGraph, o: Op, c: number): string {
  const input = (j: number) => graph.ops[j].name;
  switch (o.kind) {
    case 'input': return `the input has no weights: channel ${c} is a channel of the image itself`;
    case 'maxpool': return `a max-pooling plane has no weights: each channel pools channel c of its input (here channel ${c} of ${input(o.inputs[0])})`;
    case 'avgpool': return `an average-pooling plane has no weights: each channel averages channel c of its input (here channel ${c} of ${input(o.inputs[0])})`;
    case 'globalpool': return `a global ${o.mode === 'avg' ? 'average' : 'max'}-pooling plane has no weights: unit ${c} pools the whole map of channel ${c} of ${input(o.inputs[0])}`;
    case 'add': return `an add plane has no weights: channel ${c} is the sum of channel ${c} of ${o.inputs.map(input).join(', ')}`;
    case 'concat': {
      let at = 0;
      for (const j of o.inputs) {
        const n = channelsOf(graph.ops[j].shape);
        if (c < at + n) return `a concatenation plane has no weights: channel ${c} is channel ${c - at} of ${input(j)}`;
        at += n;
      }
      return 'a concatenation plane has no weights';
    }
    case 'zeropad': return `zero padding has no weights: channel ${c} is channel ${c} of ${input(o.inputs[0])} with a border of zeros`;
    case 'flatten': return `a flatten op has no weights: it reorders ${input(o.inputs[0])} into a vector`;
    default: return `${o.className} ${o.name} has no weights`;
  }
}
