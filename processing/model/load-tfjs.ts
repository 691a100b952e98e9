/** tfjs LayersModel (model.json + weight shards) → ModelGraph. Runs in Node, browsers and workers. */
import { denseChainOf, type DenseChain } from './dense-chain';
import type { TensorNeed } from './keras-layers';
import { buildOps, checkGraphBudget, planLayers } from './graph-builder';
import type { ModelGraph } from './model-graph';
import { parseTopology } from './tfjs-topology';
import { decodeTensor, parseManifest, readGroups, type TensorEntry, type WeightManifest } from './tfjs-weights';
import type { WeightSource } from './weight-source';

function findTensor(manifest: WeightManifest, layer: string, suffix: string, cls: string): TensorEntry | null {
  const exact = manifest.tensors.get(`${layer}/${suffix}`);
  if (exact) return exact;
  // Some exporters prefix a scope (`model/dense/kernel`): accept a unique scoped match.
  const tail = `/${layer}/${suffix}`;
  const scoped = [...manifest.tensors.values()].filter((t) => t.name.endsWith(tail));
  if (scoped.length > 1) throw new Error(`${cls} layer '${layer}': several tensors end with '${tail}' (${scoped.map((t) => `'${t.name}'`).join(', ')})`);
  return scoped[0] ?? null;
}

function classNamesOf(modelJson: Record<string, unknown>, classCount: number): string[] {
  const meta = modelJson.userDefinedMetadata as { classNames?: unknown } | undefined;
  const names = meta?.classNames;
  if (names === undefined) return Array.from({ length: classCount }, (_, i) => String(i));
  if (!Array.isArray(names) || names.length !== classCount || !names.every((n) => typeof n === 'string')) {
    throw new Error(`userDefinedMetadata.classNames must list ${classCount} strings (one per output unit)`);
  }
  return names as string[];
}

/** userDefinedMetadata.preprocessing: the input preset the model was trained with ('unit', 'signed', 'imagenet'), if named. */
function preprocessingOf(modelJson: Record<string, unknown>): string | undefined {
  const named = (modelJson.userDefinedMetadata as { preprocessing?: unknown } | undefined)?.preprocessing;
  if (named === undefined) return undefined;
  const valid = ['unit', 'signed', 'imagenet'];
  if (typeof named !== 'string' || !valid.includes(named)) throw new Error(`userDefinedMetadata.preprocessing is ${JSON.stringify(named)}: it must be one of ${valid.join(', ')}`);
  return named;
}

function matchTensors(manifest: WeightManifest, layer: string, cls: string, needs: TensorNeed[]): TensorEntry[] {
  return needs.map((need) => {
    const t = findTensor(manifest, layer, need.suffix, cls);
    if (!t) {
      const have = [...manifest.tensors.keys()].slice(0, 8).map((n) => `'${n}'`).join(', ');
      throw new Error(`${cls} layer '${layer}': no tensor '${layer}/${need.suffix}' in the weights manifest (it has ${have || 'none'})`);
    }
    if (t.shape.length !== need.shape.length || t.shape.some((d, i) => d !== need.shape[i])) {
      throw new Error(`${cls} layer '${layer}': tensor '${t.name}' has shape [${t.shape.join(', ')}], the topology needs [${need.shape.join(', ')}]`);
    }
    return t;
  });
}

/**
 * Parses model.json text and reads its weights through `source` into a ModelGraph. Every failure is an
 * Error whose message names the layer, tensor or file at fault; shapes are propagated and checked
 * against the manifest, and the connection budget (`maxConnections`) counted, before any shard is read.
 */
export async function loadTfjsGraph(modelJsonText: string, source: WeightSource, options: { maxConnections?: number } = {}): Promise<ModelGraph> {
  let modelJson: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(modelJsonText);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('top level is not an object');
    modelJson = parsed as Record<string, unknown>;
  } catch (err) {
    throw new Error(`model.json is not a valid tfjs model file: ${(err as Error).message}`);
  }
  const topo = parseTopology(modelJson);
  const manifest = parseManifest(modelJson.weightsManifest);

  let inputShape = topo.inputShape;
  if (!inputShape) {
    // No declared input: a first Dense layer's kernel decides (as tfjs does when building lazily).
    const first = topo.layers.find((l) => l.className !== 'InputLayer' && l.className !== 'Flatten' && l.className !== 'Dropout');
    const kernel = first && first.className === 'Dense' ? findTensor(manifest, first.name, 'kernel', 'Dense') : null;
    if (!kernel || kernel.shape.length !== 2) throw new Error('model declares no input shape (give the first layer an input_shape / batch_input_shape)');
    inputShape = [kernel.shape[0]];
  }
  const planned = planLayers(topo, inputShape, (layer, cls, needs) => matchTensors(manifest, layer, cls, needs));
  // Refuse oversized networks before any shard is read.
  checkGraphBudget(planned, options.maxConnections);
  const needed = new Set(planned.flatMap((p) => p.tensors.map((t) => t.group)));
  const groups = await readGroups(manifest, source, needed);
  const label = (t: TensorEntry) => manifest.groups[t.group].paths.map((p) => `'${p}'`).join(' + ');
  const decode = (t: TensorEntry) => decodeTensor(t, groups.get(t.group)!, label(t));
  const { ops, output } = buildOps(planned, topo.output, decode);
  const classCount = ops[output].shape[ops[output].shape.length - 1];
  if (ops[output].shape.length !== 1) throw new Error(`model output has shape [${ops[output].shape.join(', ')}]; nnwalk needs one score per class (a vector)`);
  const preprocessing = preprocessingOf(modelJson);
  return { name: topo.name, ops, output, classCount, classNames: classNamesOf(modelJson, classCount), ...(preprocessing ? { preprocessing } : {}) };
}

/** Loads a model that must be a chain of Dense layers (the MLP path); names the first layer that is not. */
export async function loadTfjsModel(modelJsonText: string, source: WeightSource, options: { maxConnections?: number } = {}): Promise<DenseChain> {
  return denseChainOf(await loadTfjsGraph(modelJsonText, source, options));
}
