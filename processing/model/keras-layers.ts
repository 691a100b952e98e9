/**
 * Keras layer configs (tfjs, Keras 2 and Keras 3 spellings) → operation specs: what each layer computes,
 * which weight tensors it needs and the shape it gives. No weights are read here, so every size check
 * runs before any shard is touched.
 */
import { channelsOf, isSpatial, shapeSize, windowOutput, type Activation, type Window2d } from './model-graph';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Guards against absurd declared sizes before any allocation happens. */
export const kMaxUnits = 1 << 24;

/** The layer classes the loader reads. */
export const kSupportedLayers = [
  'InputLayer', 'Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'MaxPooling2D', 'AveragePooling2D',
  'GlobalAveragePooling2D', 'GlobalMaxPooling2D', 'BatchNormalization', 'Activation', 'ReLU', 'LeakyReLU',
  'ZeroPadding2D', 'Add', 'Concatenate', 'Flatten', 'Reshape', 'Dense', 'Dropout',
];
const kAliases: Record<string, string> = { Convolution2D: 'Conv2D', MaxPool2D: 'MaxPooling2D', AvgPool2D: 'AveragePooling2D', AveragePool2D: 'AveragePooling2D', GlobalAvgPool2D: 'GlobalAveragePooling2D', GlobalMaxPool2D: 'GlobalMaxPooling2D', Functional: 'Model' };

/** The canonical class name (Keras aliases folded). */
export function canonicalClass(name: string): string {
  return kAliases[name] ?? name;
}

/** A weight tensor a layer needs: its suffix after `layer/` and the shape the topology implies. */
export interface TensorNeed { suffix: string; shape: number[] }

/** One layer, resolved against its input shapes: the op(s) it becomes and the tensors it needs. */
export type LayerPlan =
  | { kind: 'conv2d'; window: Window2d; filters: number; useBias: boolean; activation: Activation }
  | { kind: 'depthwise2d'; window: Window2d; multiplier: number; useBias: boolean; activation: Activation }
  | { kind: 'separable2d'; window: Window2d; multiplier: number; filters: number; useBias: boolean; activation: Activation }
  | { kind: 'dense'; units: number; useBias: boolean; activation: Activation }
  | { kind: 'maxpool' | 'avgpool'; window: Window2d }
  | { kind: 'globalpool'; mode: 'avg' | 'max' }
  | { kind: 'batchnorm'; epsilon: number; center: boolean; scale: boolean }
  | { kind: 'activation'; activation: Activation }
  | { kind: 'zeropad'; top: number; bottom: number; left: number; right: number }
  | { kind: 'add' | 'concat' | 'flatten' | 'identity' | 'input' };

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** The activation of a layer config, by snake_case name. */
export function activationOf(config: Json, layer: string): Activation {
  const a = config.activation ?? 'linear';
  if (typeof a === 'string') return { name: snakeCase(a) };
  // Keras 3 may serialise the activation as {class_name, config}.
  if (isObject(a) && typeof a.class_name === 'string') return { name: snakeCase(a.class_name) };
  if (isObject(a) && isObject(a.config) && typeof a.config.name === 'string') return { name: snakeCase(a.config.name) };
  throw new Error(`layer '${layer}': activation ${JSON.stringify(a)} is not a name`);
}

/** `at` names the layer in messages: "Dense layer 'fc1'". */
function whole(v: unknown, what: string, at: string, min = 1): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > kMaxUnits) {
    throw new Error(`${at}: ${what} ${JSON.stringify(v)} must be a whole number in ${min}..${kMaxUnits}`);
  }
  return v;
}

function pair(v: unknown, what: string, at: string, fallback?: [number, number], min = 1): [number, number] {
  if ((v === undefined || v === null) && fallback) return fallback;
  if (typeof v === 'number') return [whole(v, what, at, min), whole(v, what, at, min)];
  if (Array.isArray(v) && v.length === 2) return [whole(v[0], what, at, min), whole(v[1], what, at, min)];
  throw new Error(`${at}: ${what} ${JSON.stringify(v)} must be a number or a pair of numbers`);
}

function channelsLast(config: Json, layer: string): void {
  const f = config.data_format ?? config.dataFormat;
  if (f !== undefined && f !== null && f !== 'channels_last') {
    throw new Error(`layer '${layer}': data_format '${String(f)}' is not supported (nnwalk reads channels_last models)`);
  }
}

function windowOf(config: Json, layer: string, sizeKey: string, defaults: { strides?: [number, number] }): Window2d {
  const at = `layer '${layer}'`;
  const [kh, kw] = pair(config[sizeKey], sizeKey, at);
  const [strideY, strideX] = pair(config.strides, 'strides', at, defaults.strides ?? [kh, kw]);
  const [dilationY, dilationX] = pair(config.dilation_rate, 'dilation_rate', at, [1, 1]);
  const padding = config.padding ?? 'valid';
  if (padding !== 'same' && padding !== 'valid') throw new Error(`layer '${layer}': padding '${String(padding)}' is not supported (same, valid)`);
  if ((strideY > 1 || strideX > 1) && (dilationY > 1 || dilationX > 1)) throw new Error(`layer '${layer}': strides and dilation_rate both above 1 are not allowed (as in Keras)`);
  return { kh, kw, strideY, strideX, dilationY, dilationX, padding };
}

function spatialInput(shape: number[], layer: string, cls: string): [number, number, number] {
  if (!isSpatial(shape)) throw new Error(`layer '${layer}' (${cls}) needs an H × W × C input, it receives [${shape.join(', ')}]`);
  return shape as [number, number, number];
}

function windowShape(shape: number[], w: Window2d, layer: string, channels: number): number[] {
  const h = windowOutput(shape[0], w.kh, w.strideY, w.dilationY, w.padding);
  const wd = windowOutput(shape[1], w.kw, w.strideX, w.dilationX, w.padding);
  if (h < 1 || wd < 1) throw new Error(`layer '${layer}': a ${w.kh}×${w.kw} window does not fit its ${shape[0]}×${shape[1]} input with padding '${w.padding}'`);
  return [h, wd, channels];
}

function zeroPadding(v: unknown, layer: string): { top: number; bottom: number; left: number; right: number } {
  const n = (x: unknown) => whole(x, 'padding', `layer '${layer}'`, 0);
  if (typeof v === 'number') return { top: n(v), bottom: n(v), left: n(v), right: n(v) };
  if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number') return { top: n(v[0]), bottom: n(v[0]), left: n(v[1]), right: n(v[1]) };
  if (Array.isArray(v) && v.length === 2 && Array.isArray(v[0]) && Array.isArray(v[1])) return { top: n(v[0][0]), bottom: n(v[0][1]), left: n(v[1][0]), right: n(v[1][1]) };
  throw new Error(`layer '${layer}': padding ${JSON.stringify(v)} is not a number, a pair or a pair of pairs`);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Resolves one layer against its input shapes: the plan, the output shape and the tensors it needs.
 * Throws one sentence naming the layer for any config or shape that does not fit.
 */
export function planLayer(cls: string, config: Json, layer: string, inputs: number[][]): { plan: LayerPlan; shape: number[]; tensors: TensorNeed[] } {
  const one = () => {
    if (inputs.length !== 1) throw new Error(`layer '${layer}' (${cls}) takes one input, it has ${inputs.length}`);
    return inputs[0];
  };
  switch (cls) {
    case 'Dropout':
    case 'SpatialDropout2D':
    case 'GaussianNoise':
      return { plan: { kind: 'identity' }, shape: one(), tensors: [] };
    case 'Flatten':
      return { plan: { kind: 'flatten' }, shape: [shapeSize(one())], tensors: [] };
    case 'Reshape': {
      const s = one();
      const target = (config.target_shape ?? config.targetShape) as unknown;
      if (!Array.isArray(target) || target.length !== 1 || (target[0] !== -1 && target[0] !== shapeSize(s))) {
        throw new Error(`layer '${layer}' (Reshape) to ${JSON.stringify(target)}: nnwalk reads only reshapes that flatten (to [${shapeSize(s)}])`);
      }
      return { plan: { kind: 'flatten' }, shape: [shapeSize(s)], tensors: [] };
    }
    case 'Dense': {
      const s = one();
      const units = whole(config.units, 'units', `Dense layer '${layer}'`);
      if (s.length !== 1) throw new Error(`Dense layer '${layer}' receives shape [${s.join(', ')}]; nnwalk needs a Flatten before it`);
      const useBias = config.use_bias !== false;
      return { plan: { kind: 'dense', units, useBias, activation: activationOf(config, layer) }, shape: [units], tensors: [{ suffix: 'kernel', shape: [s[0], units] }, ...(useBias ? [{ suffix: 'bias', shape: [units] }] : [])] };
    }
    case 'Conv2D': {
      channelsLast(config, layer);
      const [h, w, c] = spatialInput(one(), layer, cls);
      if (config.groups !== undefined && config.groups !== 1) throw new Error(`layer '${layer}' (Conv2D): groups = ${JSON.stringify(config.groups)} is not supported (1)`);
      const filters = whole(config.filters, 'filters', `${cls} layer '${layer}'`);
      const window = windowOf(config, layer, 'kernel_size', { strides: [1, 1] });
      const useBias = config.use_bias !== false;
      return {
        plan: { kind: 'conv2d', window, filters, useBias, activation: activationOf(config, layer) },
        shape: windowShape([h, w], window, layer, filters),
        tensors: [{ suffix: 'kernel', shape: [window.kh, window.kw, c, filters] }, ...(useBias ? [{ suffix: 'bias', shape: [filters] }] : [])],
      };
    }
    case 'DepthwiseConv2D':
    case 'SeparableConv2D': {
      channelsLast(config, layer);
      const [h, w, c] = spatialInput(one(), layer, cls);
      const multiplier = whole(config.depth_multiplier ?? 1, 'depth_multiplier', `${cls} layer '${layer}'`);
      const window = windowOf(config, layer, 'kernel_size', { strides: [1, 1] });
      const useBias = config.use_bias !== false;
      const activation = activationOf(config, layer);
      const dw = { suffix: 'depthwise_kernel', shape: [window.kh, window.kw, c, multiplier] };
      if (cls === 'DepthwiseConv2D') {
        return { plan: { kind: 'depthwise2d', window, multiplier, useBias, activation }, shape: windowShape([h, w], window, layer, c * multiplier), tensors: [dw, ...(useBias ? [{ suffix: 'bias', shape: [c * multiplier] }] : [])] };
      }
      const filters = whole(config.filters, 'filters', `${cls} layer '${layer}'`);
      return {
        plan: { kind: 'separable2d', window, multiplier, filters, useBias, activation },
        shape: windowShape([h, w], window, layer, filters),
        tensors: [dw, { suffix: 'pointwise_kernel', shape: [1, 1, c * multiplier, filters] }, ...(useBias ? [{ suffix: 'bias', shape: [filters] }] : [])],
      };
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      channelsLast(config, layer);
      const [h, w, c] = spatialInput(one(), layer, cls);
      const window = windowOf(config, layer, 'pool_size', {});
      return { plan: { kind: cls === 'MaxPooling2D' ? 'maxpool' : 'avgpool', window }, shape: windowShape([h, w], window, layer, c), tensors: [] };
    }
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D': {
      channelsLast(config, layer);
      const [, , c] = spatialInput(one(), layer, cls);
      if (config.keepdims === true) throw new Error(`layer '${layer}' (${cls}): keepdims = true is not supported`);
      return { plan: { kind: 'globalpool', mode: cls === 'GlobalMaxPooling2D' ? 'max' : 'avg' }, shape: [c], tensors: [] };
    }
    case 'BatchNormalization': {
      const s = one();
      const axis = config.axis ?? -1;
      const axes = Array.isArray(axis) ? axis : [axis];
      if (axes.length !== 1 || (axes[0] !== -1 && axes[0] !== s.length)) throw new Error(`layer '${layer}' (BatchNormalization): axis ${JSON.stringify(axis)} is not supported (the last axis)`);
      const c = channelsOf(s);
      const epsilon = typeof config.epsilon === 'number' && config.epsilon >= 0 ? config.epsilon : 1e-3;
      const center = config.center !== false;
      const scale = config.scale !== false;
      return {
        plan: { kind: 'batchnorm', epsilon, center, scale }, shape: s,
        tensors: [...(scale ? [{ suffix: 'gamma', shape: [c] }] : []), ...(center ? [{ suffix: 'beta', shape: [c] }] : []), { suffix: 'moving_mean', shape: [c] }, { suffix: 'moving_variance', shape: [c] }],
      };
    }
    case 'Activation':
      return { plan: { kind: 'activation', activation: activationOf(config, layer) }, shape: one(), tensors: [] };
    case 'ReLU': {
      const max = config.max_value ?? config.maxValue;
      const slope = config.negative_slope ?? 0;
      const threshold = config.threshold ?? 0;
      if (threshold !== 0) throw new Error(`layer '${layer}' (ReLU): threshold ${JSON.stringify(threshold)} is not supported (0)`);
      if (max !== undefined && max !== null && (typeof max !== 'number' || !(max > 0))) throw new Error(`layer '${layer}' (ReLU): max_value ${JSON.stringify(max)} must be a positive number`);
      if (typeof slope !== 'number' || !Number.isFinite(slope)) throw new Error(`layer '${layer}' (ReLU): negative_slope ${JSON.stringify(slope)} must be a number`);
      const activation: Activation = { name: 'relu', ...(typeof max === 'number' ? { maxValue: max } : {}), ...(slope ? { negativeSlope: slope } : {}) };
      return { plan: { kind: 'activation', activation }, shape: one(), tensors: [] };
    }
    case 'LeakyReLU': {
      const slope = config.negative_slope ?? config.alpha ?? 0.3;
      if (typeof slope !== 'number' || !Number.isFinite(slope)) throw new Error(`layer '${layer}' (LeakyReLU): alpha ${JSON.stringify(slope)} must be a number`);
      return { plan: { kind: 'activation', activation: { name: 'relu', negativeSlope: slope } }, shape: one(), tensors: [] };
    }
    case 'ZeroPadding2D': {
      channelsLast(config, layer);
      const [h, w, c] = spatialInput(one(), layer, cls);
      const p = zeroPadding(config.padding ?? 1, layer);
      return { plan: { kind: 'zeropad', ...p }, shape: [h + p.top + p.bottom, w + p.left + p.right, c], tensors: [] };
    }
    case 'Add': {
      if (inputs.length < 2) throw new Error(`layer '${layer}' (Add) needs at least two inputs, it has ${inputs.length}`);
      for (const s of inputs.slice(1)) if (!sameShape(s, inputs[0])) throw new Error(`layer '${layer}' (Add) receives shapes ${inputs.map((x) => `[${x.join(', ')}]`).join(' and ')}; they must be equal`);
      return { plan: { kind: 'add' }, shape: inputs[0], tensors: [] };
    }
    case 'Concatenate': {
      if (inputs.length < 2) throw new Error(`layer '${layer}' (Concatenate) needs at least two inputs, it has ${inputs.length}`);
      const rank = inputs[0].length;
      const axis = config.axis ?? -1;
      if (axis !== -1 && axis !== rank) throw new Error(`layer '${layer}' (Concatenate): axis ${JSON.stringify(axis)} is not supported (the channel axis, -1)`);
      for (const s of inputs) if (s.length !== rank || !sameShape(s.slice(0, -1), inputs[0].slice(0, -1))) throw new Error(`layer '${layer}' (Concatenate) receives shapes ${inputs.map((x) => `[${x.join(', ')}]`).join(' and ')}; all but the channels must be equal`);
      return { plan: { kind: 'concat' }, shape: [...inputs[0].slice(0, -1), inputs.reduce((a, s) => a + channelsOf(s), 0)], tensors: [] };
    }
    default:
      throw new Error(`layer '${layer}' of class ${cls} is not supported`);
  }
}
