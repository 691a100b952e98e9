/**
 * Reads the topology part of a tfjs LayersModel `model.json` (or a Keras `config.json`) into layers in
 * topological order with their inputs by name. Accepts Sequential and functional models in the tfjs
 * layout (`modelTopology.{class_name, config}`), the Keras-converter layout (`modelTopology.model_config`)
 * and Keras 3's `inbound_nodes` form. Walks are iterative with cycle detection: a malformed graph is an
 * error, never a hang or a stack overflow.
 */
import { canonicalClass, kMaxUnits, kSupportedLayers } from './keras-layers';

type Json = Record<string, unknown>;

export interface RawLayer {
  name: string;
  className: string;
  config: Json;
  /** Names of the layers whose outputs this layer takes. */
  inbound: string[];
}

export interface Topology {
  name: string;
  /** Declared per-sample input shape, or null when the model declares none. */
  inputShape: number[] | null;
  /** Topologically ordered, the input layer (real or implied) first. */
  layers: RawLayer[];
  /** Name of the output layer. */
  output: string;
}

/** Upper bound on layers, so a hostile file fails with a message instead of a long walk. */
export const kMaxLayers = 20_000;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function declaredInputShape(config: Json): number[] | null {
  const shape = config.batch_input_shape ?? config.batch_shape ?? config.batchInputShape;
  if (Array.isArray(shape)) return shape.slice(1) as number[];
  const input = config.input_shape ?? config.inputShape;
  if (Array.isArray(input)) return input as number[];
  return null;
}

/** Checks a declared shape holds positive whole sizes. */
export function checkShape(shape: unknown[], where: string): number[] {
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d <= 0 || d > kMaxUnits) {
      throw new Error(`${where}: input shape ${JSON.stringify(shape)} must hold positive whole sizes (≤ ${kMaxUnits})`);
    }
  }
  return shape as number[];
}

function inboundNames(raw: Json, name: string): string[] {
  const nodes = raw.inbound_nodes;
  if (nodes === undefined || (Array.isArray(nodes) && nodes.length === 0)) return [];
  if (!Array.isArray(nodes)) throw new Error(`layer '${name}': inbound_nodes is not a list`);
  if (nodes.length > 1) throw new Error(`layer '${name}' is used ${nodes.length} times (shared layers are not supported)`);
  const node = nodes[0] as unknown;
  const names: string[] = [];
  // tfjs / Keras 2: [[name, nodeIndex, tensorIndex, kwargs], …]
  if (Array.isArray(node)) {
    for (const t of node) {
      if (!Array.isArray(t) || typeof t[0] !== 'string') throw new Error(`layer '${name}': malformed inbound_nodes entry ${JSON.stringify(t)}`);
      names.push(t[0]);
    }
  } else if (isObject(node) && Array.isArray(node.args)) {
    // Keras 3: {args: [{class_name: '__keras_tensor__', config: {keras_history: [name, 0, 0]}}], kwargs}
    const stack: unknown[] = [node.args];
    while (stack.length) {
      const v = stack.pop();
      if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
      else if (isObject(v) && isObject(v.config) && Array.isArray(v.config.keras_history)) names.push(String(v.config.keras_history[0]));
    }
  } else {
    throw new Error(`layer '${name}': malformed inbound_nodes ${JSON.stringify(node).slice(0, 80)}`);
  }
  return names;
}

function rawLayers(list: unknown, where: string, functional: boolean): RawLayer[] {
  if (!Array.isArray(list)) throw new Error(`${where}: 'layers' is missing or not a list`);
  if (list.length > kMaxLayers) throw new Error(`${where} has ${list.length} layers; nnwalk reads at most ${kMaxLayers}`);
  return list.map((l, i) => {
    if (!isObject(l) || typeof l.class_name !== 'string' || !isObject(l.config)) {
      throw new Error(`${where}: layer #${i} has no class_name/config`);
    }
    const name = typeof l.config.name === 'string' ? l.config.name : typeof l.name === 'string' ? l.name : `layer_${i}`;
    return { name, className: canonicalClass(l.class_name), config: l.config, inbound: functional ? inboundNames(l, name) : [] };
  });
}

/** Throws once, listing every layer whose class nnwalk cannot read. */
function refuseUnsupported(layers: RawLayer[]): void {
  const known = new Set([...kSupportedLayers, 'SpatialDropout2D', 'GaussianNoise']);
  const bad = layers.filter((l) => !known.has(l.className));
  if (bad.length === 0) return;
  // Where each sits: its place in the layer list and the layer it reads.
  const list = bad.slice(0, 20).map((l) => `'${l.name}' (${l.className}, layer ${layers.indexOf(l) + 1} of ${layers.length}${l.inbound.length ? `, reading '${l.inbound[0]}'` : ''})`).join(', ') + (bad.length > 20 ? ` and ${bad.length - 20} more` : '');
  throw new Error(`model has ${bad.length} layer${bad.length > 1 ? 's' : ''} nnwalk cannot read: ${list}. Supported: ${kSupportedLayers.join(', ')}`);
}

function ends(config: Json, key: string): string[] {
  const v = config[key];
  if (!Array.isArray(v)) return [];
  // [[name, 0, 0], …] (tfjs / Keras 2) or [name, 0, 0] (Keras 3 single tensor)
  return typeof v[0] === 'string' ? [v[0] as string] : v.map((e) => String((e as unknown[])[0]));
}

/** Kahn's algorithm over the layers that lead to `output`; names a cycle or a dangling input. */
function topologicalOrder(layers: RawLayer[], output: string): RawLayer[] {
  const byName = new Map<string, RawLayer>();
  for (const l of layers) {
    if (byName.has(l.name)) throw new Error(`two layers are named '${l.name}'`);
    byName.set(l.name, l);
  }
  for (const l of layers) for (const i of l.inbound) if (!byName.has(i)) throw new Error(`layer '${l.name}' takes input from unknown layer '${i}'`);
  const out = byName.get(output);
  if (!out) throw new Error(`functional model output layer '${output}' is not among its layers`);
  // Layers the output depends on (iterative: deep graphs do not overflow the stack).
  const needed = new Set<string>([output]);
  const stack = [out];
  while (stack.length) for (const i of stack.pop()!.inbound) if (!needed.has(i)) { needed.add(i); stack.push(byName.get(i)!); }
  const used = layers.filter((l) => needed.has(l.name));
  const indegree = new Map(used.map((l) => [l.name, new Set(l.inbound).size]));
  const consumers = new Map<string, RawLayer[]>();
  for (const l of used) for (const i of new Set(l.inbound)) consumers.set(i, [...(consumers.get(i) ?? []), l]);
  const ready = used.filter((l) => indegree.get(l.name) === 0);
  const order: RawLayer[] = [];
  while (ready.length) {
    const l = ready.shift()!;
    order.push(l);
    for (const c of consumers.get(l.name) ?? []) {
      const d = indegree.get(c.name)! - 1;
      indegree.set(c.name, d);
      if (d === 0) ready.push(c);
    }
  }
  if (order.length !== used.length) {
    const stuck = used.filter((l) => indegree.get(l.name)! > 0).slice(0, 6).map((l) => `'${l.name}'`).join(', ');
    throw new Error(`model graph has a cycle through layers ${stuck}`);
  }
  return order;
}

/** Extracts the layer graph from a parsed model.json (or Keras config), listing every unsupported layer at once. */
export function parseTopology(modelJson: Json): Topology {
  let topo = modelJson.modelTopology;
  if (!isObject(topo)) throw new Error("model.json has no 'modelTopology' object (is this a tfjs LayersModel? graph models are not supported)");
  if (isObject(topo.model_config)) topo = topo.model_config;
  return parseModelConfig(topo as Json);
}

/** Reads a Keras model config (`{class_name, config}`), Sequential or functional. */
export function parseModelConfig(t: Json): Topology {
  const className = canonicalClass(String(t.class_name));
  let name = 'model';
  if (className === 'Sequential') {
    const cfg = t.config;
    const list = Array.isArray(cfg) ? cfg : isObject(cfg) ? cfg.layers : undefined;
    if (isObject(cfg) && typeof cfg.name === 'string') name = cfg.name;
    const layers = rawLayers(list, 'Sequential model', false);
    if (layers.length === 0) throw new Error('model has no layers');
    refuseUnsupported(layers);
    const first = layers.map((l) => declaredInputShape(l.config)).find((s) => s !== null) ?? null;
    // Sequential: each layer takes the one before; an implied input layer starts the chain.
    const hasInput = layers[0].className === 'InputLayer';
    const implied = layers.some((l) => l.name === 'input') ? '__input__' : 'input';
    const start: RawLayer = hasInput ? layers[0] : { name: implied, className: 'InputLayer', config: {}, inbound: [] };
    const rest = hasInput ? layers.slice(1) : layers;
    const chain = [start];
    for (const l of rest) chain.push({ ...l, inbound: [chain[chain.length - 1].name] });
    return { name, inputShape: first ? checkShape(first, 'model input') : null, layers: chain, output: chain[chain.length - 1].name };
  }
  if (className === 'Model') {
    if (!isObject(t.config)) throw new Error('functional model has no config');
    if (typeof t.config.name === 'string') name = t.config.name;
    const layers = rawLayers(t.config.layers, 'functional model', true);
    if (layers.length === 0) throw new Error('model has no layers');
    refuseUnsupported(layers);
    const inputs = ends(t.config, 'input_layers');
    const outputs = ends(t.config, 'output_layers');
    if (inputs.length !== 1 || outputs.length !== 1) {
      throw new Error(`functional model has ${inputs.length} inputs and ${outputs.length} outputs; nnwalk needs exactly one of each`);
    }
    const order = topologicalOrder(layers, outputs[0]);
    const roots = order.filter((l) => l.inbound.length === 0);
    if (roots.length !== 1 || roots[0].name !== inputs[0]) {
      throw new Error(`functional model's output depends on ${roots.map((r) => `'${r.name}'`).join(', ')}, not only on its input '${inputs[0]}'`);
    }
    const declared = declaredInputShape(roots[0].config);
    return { name, inputShape: declared ? checkShape(declared, `layer '${roots[0].name}'`) : null, layers: order, output: outputs[0] };
  }
  throw new Error(`model class '${String(t.class_name)}' is not supported (Sequential or functional)`);
}
