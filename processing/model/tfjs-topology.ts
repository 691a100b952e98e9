/**
 * Reads the topology part of a tfjs LayersModel `model.json` into a chain of layer descriptions.
 * Accepts Sequential and functional (Model/Functional) models that form a single chain, in both the
 * tfjs layout (`modelTopology.{class_name, config}`) and the Keras-converter layout
 * (`modelTopology.model_config`).
 */

/** A layer of the chain after pass-through layers are resolved: what the weight matcher needs. */
export interface DenseSpec {
  name: string;
  /** 0 when the model declares no input shape: the kernel's first dimension decides. */
  inputSize: number;
  units: number;
  activation: string;
  useBias: boolean;
}

export interface ChainSpec {
  name: string;
  inputShape: number[];
  dense: DenseSpec[];
}

type Json = Record<string, unknown>;
interface RawLayer { name: string; className: string; config: Json; inbound: string[] }

const kPassThrough = new Set(['InputLayer', 'Flatten', 'Dropout']);
/** Guards against absurd declared sizes before any allocation happens. */
export const kMaxUnits = 1 << 24;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function activationName(config: Json, layer: string): string {
  const a = config.activation ?? 'linear';
  if (typeof a === 'string') return snakeCase(a);
  // Keras 3 may serialise the activation as {class_name, config}.
  if (isObject(a) && typeof a.class_name === 'string') return snakeCase(a.class_name);
  if (isObject(a) && isObject(a.config) && typeof a.config.name === 'string') return snakeCase(a.config.name);
  throw new Error(`layer '${layer}': activation ${JSON.stringify(a)} is not a name`);
}

function declaredInputShape(config: Json): number[] | null {
  const shape = config.batch_input_shape ?? config.batch_shape ?? config.batchInputShape;
  if (Array.isArray(shape)) return shape.slice(1) as number[];
  const input = config.input_shape ?? config.inputShape;
  if (Array.isArray(input)) return input as number[];
  return null;
}

function checkShape(shape: unknown[], where: string): number[] {
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d <= 0 || d > kMaxUnits) {
      throw new Error(`${where}: input shape ${JSON.stringify(shape)} must hold positive whole sizes (≤ ${kMaxUnits})`);
    }
  }
  return shape as number[];
}

function inboundNames(raw: Json): string[] {
  const nodes = raw.inbound_nodes;
  if (!Array.isArray(nodes) || nodes.length === 0) return [];
  if (nodes.length > 1) throw new Error(`layer '${String(raw.name)}' is used ${nodes.length} times (shared layers are not a chain)`);
  const node = nodes[0] as unknown;
  const names: string[] = [];
  // tfjs / Keras 2: [[name, nodeIndex, tensorIndex, kwargs], …]
  if (Array.isArray(node)) for (const t of node) if (Array.isArray(t) && typeof t[0] === 'string') names.push(t[0]);
  // Keras 3: {args: [{class_name: '__keras_tensor__', config: {keras_history: [name, 0, 0]}}], kwargs}
  if (isObject(node) && Array.isArray(node.args)) {
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(visit);
      else if (isObject(v) && isObject(v.config) && Array.isArray(v.config.keras_history)) names.push(String(v.config.keras_history[0]));
    };
    visit(node.args);
  }
  return names;
}

function rawLayers(list: unknown, where: string): RawLayer[] {
  if (!Array.isArray(list)) throw new Error(`${where}: 'layers' is missing or not a list`);
  return list.map((l, i) => {
    if (!isObject(l) || typeof l.class_name !== 'string' || !isObject(l.config)) {
      throw new Error(`${where}: layer #${i} has no class_name/config`);
    }
    const name = typeof l.config.name === 'string' ? l.config.name : typeof l.name === 'string' ? l.name : `layer_${i}`;
    return { name, className: l.class_name, config: l.config, inbound: inboundNames(l) };
  });
}

/** Orders a functional model's layers from its single input to its single output, rejecting branches. */
function chainOrder(layers: RawLayer[], config: Json): RawLayer[] {
  const byName = new Map(layers.map((l) => [l.name, l]));
  const ends = (key: string): string[] => {
    const v = config[key];
    if (!Array.isArray(v)) return [];
    // [[name, 0, 0], …] (tfjs / Keras 2) or [name, 0, 0] (Keras 3 single output)
    return typeof v[0] === 'string' ? [v[0] as string] : v.map((e) => String((e as unknown[])[0]));
  };
  const inputs = ends('input_layers');
  const outputs = ends('output_layers');
  if (inputs.length !== 1 || outputs.length !== 1) {
    throw new Error(`functional model has ${inputs.length} inputs and ${outputs.length} outputs; nnwalk needs exactly one of each`);
  }
  const order: RawLayer[] = [];
  let current = byName.get(outputs[0]);
  while (current) {
    order.push(current);
    if (order.length > layers.length) throw new Error('functional model has a cycle in its layer graph');
    if (current.inbound.length > 1) {
      throw new Error(`functional model is not a chain: layer '${current.name}' (${current.className}) takes ${current.inbound.length} inputs`);
    }
    if (current.inbound.length === 0) break;
    const next = byName.get(current.inbound[0]);
    if (!next) throw new Error(`layer '${current.name}' takes input from unknown layer '${current.inbound[0]}'`);
    current = next;
  }
  if (!current) throw new Error(`functional model output layer '${outputs[0]}' is not among its layers`);
  order.reverse();
  if (order[0].name !== inputs[0]) throw new Error(`functional model's chain starts at '${order[0].name}', not at its input '${inputs[0]}'`);
  if (order.length !== layers.length) {
    const off = layers.filter((l) => !order.includes(l)).map((l) => `'${l.name}'`).join(', ');
    throw new Error(`functional model is not a chain: layers ${off} are off the input→output path`);
  }
  return order;
}

/** Extracts the layer chain from a parsed model.json, naming the first unsupported layer found. */
export function parseTopology(modelJson: Json): ChainSpec {
  let topo = modelJson.modelTopology;
  if (!isObject(topo)) throw new Error("model.json has no 'modelTopology' object (is this a tfjs LayersModel? graph models are not supported)");
  if (isObject(topo.model_config)) topo = topo.model_config;
  const t = topo as Json;
  const className = t.class_name;
  let layers: RawLayer[];
  let name = 'model';
  if (className === 'Sequential') {
    const cfg = t.config;
    const list = Array.isArray(cfg) ? cfg : isObject(cfg) ? cfg.layers : undefined;
    if (isObject(cfg) && typeof cfg.name === 'string') name = cfg.name;
    layers = rawLayers(list, 'Sequential model');
  } else if (className === 'Model' || className === 'Functional') {
    if (!isObject(t.config)) throw new Error('functional model has no config');
    if (typeof t.config.name === 'string') name = t.config.name;
    layers = chainOrder(rawLayers(t.config.layers, 'functional model'), t.config);
  } else {
    throw new Error(`model class '${String(className)}' is not supported (Sequential or a functional chain)`);
  }
  if (layers.length === 0) throw new Error('model has no layers');

  let shape: number[] | null = null;
  const dense: DenseSpec[] = [];
  for (const layer of layers) {
    const declared = declaredInputShape(layer.config);
    if (declared && shape === null) shape = checkShape(declared, `layer '${layer.name}'`);
    if (layer.className === 'Dense') {
      const units = layer.config.units;
      if (typeof units !== 'number' || !Number.isSafeInteger(units) || units <= 0 || units > kMaxUnits) {
        throw new Error(`Dense layer '${layer.name}': units ${JSON.stringify(units)} must be a whole number in 1..${kMaxUnits}`);
      }
      // A first Dense without a declared input shape takes its input size from its kernel (inputSize 0).
      if (shape === null) shape = [0];
      if (shape.length !== 1) {
        throw new Error(`Dense layer '${layer.name}' receives shape [${shape.join(', ')}]; nnwalk needs a Flatten before it`);
      }
      dense.push({ name: layer.name, inputSize: shape[0], units, activation: activationName(layer.config, layer.name), useBias: layer.config.use_bias !== false });
      shape = [units];
    } else if (kPassThrough.has(layer.className)) {
      if (layer.className === 'Flatten' && shape) shape = [shape.reduce((a, b) => a * b, 1)];
    } else {
      throw new Error(`layer '${layer.name}' of class ${layer.className} is not supported (nnwalk reads Dense, Flatten, Dropout and InputLayer)`);
    }
  }
  if (dense.length === 0) throw new Error('model has no Dense layer');
  const first = layers.map((l) => declaredInputShape(l.config)).find((s) => s !== null);
  return { name, inputShape: first ? checkShape(first, 'model input') : [], dense };
}
