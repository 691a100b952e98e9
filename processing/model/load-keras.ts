/**
 * Keras model files → ModelGraph: Keras 3 `.keras` (a ZIP of config.json, metadata.json and
 * model.weights.h5) and Keras 2 `.h5` (root attribute model_config + group model_weights). The layer
 * graph is read by the same topology parser and planner as tfjs models; only where the weights live
 * differs. In `.keras` files they sit under layers/<snake_case(ClassName)>[_N]/vars/<i> — numbered by
 * class in the order of the config's layers, not named after the layers (Keras 2.13 wrote
 * _layer_checkpoint_dependencies/<name>/vars instead); in `.h5` files under
 * model_weights/<layer>/<weight name> as listed by the group's weight_names.
 */
import { unzipSync } from 'fflate';
import { checkFiniteWeights } from './finite-weights';
import { buildOps, checkGraphBudget, planLayers } from './graph-builder';
import { openHdf5, type Hdf5File } from './hdf5-file';
import type { TensorNeed } from './keras-layers';
import type { ModelGraph } from './model-graph';
import { checkShape, parseModelConfig, type Topology } from './tfjs-topology';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A weight tensor found in the HDF5 file: its path, checked against the shape the topology implies. */
interface H5Tensor { path: string; shape: number[] }

/** Deflate cannot expand more than ~1032:1: a member declaring more is a zip bomb, refused before inflating. */
const kMaxDeflateRatio = 1032;
/** Upper bound on what the archive's members may declare in total. */
export const kMaxArchiveBytes = 2 ** 31;

/** Keras's naming.to_snake_case for class names: Conv2D → conv2d, BatchNormalization → batch_normalization. */
export function kerasSnakeCase(name: string): string {
  return name.replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** The members a `.keras` file needs, unzipped with size caps checked before any inflating. */
function readArchive(bytes: Uint8Array, name: string): { config: string; weights: Uint8Array } {
  const wanted = new Set(['config.json', 'model.weights.h5']);
  let declared = 0;
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(bytes, {
      filter(file) {
        if (!wanted.has(file.name)) return false;
        declared += file.originalSize;
        if (file.originalSize > file.size * kMaxDeflateRatio + 1024 || declared > kMaxArchiveBytes) {
          throw new Error(`member ${file.name} declares ${file.originalSize} bytes from ${file.size} compressed (refused as a zip bomb)`);
        }
        return true;
      },
    });
  } catch (err) {
    throw new Error(`${name} is not a readable ZIP archive: ${(err as Error).message ?? String(err)}`);
  }
  const missing = [...wanted].filter((m) => !members[m]);
  if (missing.length) throw new Error(`${name} is a ZIP archive without ${missing.join(' and ')} (a Keras 3 .keras file holds config.json, metadata.json and model.weights.h5)`);
  return { config: new TextDecoder().decode(members['config.json']), weights: members['model.weights.h5'] };
}

function parseJson(text: string, what: string): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`${what} is not valid JSON: ${(err as Error).message}`);
  }
  if (!isObject(parsed)) throw new Error(`${what} is not a JSON object`);
  return parsed;
}

/** The declared input shape, from an InputLayer or else the model's build_config. */
function inputShapeOf(topo: Topology, config: Json, name: string): number[] {
  if (topo.inputShape) return topo.inputShape;
  const build = config.build_config;
  const shape = isObject(build) && Array.isArray(build.input_shape) ? build.input_shape.slice(1) : null;
  if (!shape) throw new Error(`${name} declares no input shape (give the model an Input layer)`);
  return checkShape(shape, 'model input');
}

function numericKeys(keys: string[]): string[] {
  return keys.filter((k) => /^\d+$/.test(k)).sort((a, b) => Number(a) - Number(b));
}

function checkTensor(h5: Hdf5File, path: string, need: TensorNeed, cls: string, layer: string, fileName: string): H5Tensor {
  const info = h5.dataset(path);
  if (!info) throw new Error(`${cls} layer '${layer}': no dataset '${path}' in ${fileName}`);
  if (info.shape.length !== need.shape.length || info.shape.some((d, i) => d !== need.shape[i])) {
    throw new Error(`${cls} layer '${layer}': weight '${path}' has shape [${info.shape.join(', ')}], the config needs [${need.shape.join(', ')}]`);
  }
  return { path, shape: info.shape };
}

function finish(topo: Topology, config: Json, name: string, h5: Hdf5File, match: (layer: string, cls: string, needs: TensorNeed[]) => H5Tensor[], maxConnections?: number): ModelGraph {
  const planned = planLayers(topo, inputShapeOf(topo, config, name), match);
  checkGraphBudget(planned, maxConnections);
  const { ops, output } = buildOps(planned, topo.output, (t) => h5.readFloats(t.path));
  checkFiniteWeights(ops, name);
  const shape = ops[output].shape;
  if (shape.length !== 1) throw new Error(`${name}'s output has shape [${shape.join(', ')}]; nnwalk needs one score per class (a vector)`);
  return { name: topo.name, ops, output, classCount: shape[0], classNames: Array.from({ length: shape[0] }, (_, c) => String(c)) };
}

/** Reads a Keras 3 `.keras` file. */
export function loadKerasArchive(bytes: Uint8Array, name: string, options: { maxConnections?: number } = {}): ModelGraph {
  const { config: text, weights } = readArchive(bytes, name);
  const config = parseJson(text, `${name}'s config.json`);
  const topo = parseModelConfig(config);
  const h5 = openHdf5(weights, `${name}'s model.weights.h5`);
  const root = h5.keys('layers') ? 'layers' : h5.keys('_layer_checkpoint_dependencies') ? '_layer_checkpoint_dependencies' : null;
  if (!root) throw new Error(`${name}'s model.weights.h5 has no 'layers' group: it is not a Keras 3 weights file`);
  // Weight groups are numbered per class in the order of the config's layer list.
  const byClass = new Map<string, string>();
  const counts = new Map<string, number>();
  const inner = isObject(config.config) ? config.config.layers : null;
  for (const l of Array.isArray(inner) ? inner : []) {
    if (!isObject(l) || typeof l.class_name !== 'string') continue;
    const layerName = isObject(l.config) && typeof l.config.name === 'string' ? l.config.name : typeof l.name === 'string' ? l.name : '';
    const base = kerasSnakeCase(l.class_name);
    const n = counts.get(base) ?? 0;
    counts.set(base, n + 1);
    byClass.set(layerName, `${root}/${base}${n ? `_${n}` : ''}`);
  }
  const match = (layer: string, cls: string, needs: TensorNeed[]): H5Tensor[] => {
    // Class-derived paths first; files that name groups after layers (Keras 2.13) second.
    for (const group of [byClass.get(layer), `${root}/${layer}`]) {
      const keys = group ? h5.keys(`${group}/vars`) : null;
      if (!keys) continue;
      const vars = numericKeys(keys);
      if (vars.length !== needs.length) throw new Error(`${cls} layer '${layer}': ${group}/vars holds ${vars.length} weights, the config needs ${needs.length} (${needs.map((n) => n.suffix).join(', ')})`);
      return needs.map((need, i) => checkTensor(h5, `${group}/vars/${vars[i]}`, need, cls, layer, `${name}'s model.weights.h5`));
    }
    throw new Error(`${cls} layer '${layer}': no weights at ${byClass.get(layer) ?? `${root}/${layer}`}/vars in ${name}'s model.weights.h5 (it has ${(h5.keys(root) ?? []).slice(0, 8).join(', ')})`);
  };
  return finish(topo, config, name, h5, match, options.maxConnections);
}

/** Reads a Keras 2 `.h5` file (model.save('m.h5')); a weights-only file is named as such. */
export function loadKerasH5(bytes: Uint8Array, name: string, options: { maxConnections?: number } = {}): ModelGraph {
  const h5 = openHdf5(bytes, name);
  const rootAttrs = h5.attrs('');
  const text = rootAttrs.model_config;
  if (typeof text !== 'string') {
    const weightsOnly = rootAttrs.layer_names !== undefined || h5.keys('layers') !== null || h5.keys('model_weights') !== null;
    if (weightsOnly) throw new Error(`${name} holds weights only (saved with save_weights): it has no model config; save the whole model with model.save('model.keras')`);
    throw new Error(`${name} is an HDF5 file but not a Keras model: it has no model_config attribute`);
  }
  const config = parseJson(text, `${name}'s model_config`);
  const topo = parseModelConfig(config);
  if (!h5.keys('model_weights')) throw new Error(`${name} has a model config but no model_weights group`);
  const match = (layer: string, cls: string, needs: TensorNeed[]): H5Tensor[] => {
    const group = `model_weights/${layer}`;
    const listed = h5.attrs(group).weight_names;
    const names = (Array.isArray(listed) ? listed : typeof listed === 'string' ? [listed] : []).map(String).filter((n) => n.length > 0);
    if (names.length !== needs.length) throw new Error(`${cls} layer '${layer}': ${name} lists ${names.length} weights for it, the config needs ${needs.length} (${needs.map((n) => n.suffix).join(', ')})`);
    const suffix = (w: string) => w.split('/').pop()!.replace(/:\d+$/, '');
    return needs.map((need, i) => {
      const named = names.find((w) => suffix(w) === need.suffix) ?? names[i];
      return checkTensor(h5, `${group}/${named}`, need, cls, layer, name);
    });
  };
  return finish(topo, config, name, h5, match, options.maxConnections);
}
