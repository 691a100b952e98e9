/** tfjs LayersModel (model.json + weight shards) → ModelGraph. Runs in Node, browsers and workers. */
import { checkConnectionBudget, type DenseLayer, type ModelGraph } from './model-graph';
import { parseTopology } from './tfjs-topology';
import { decodeTensor, parseManifest, readGroups, type TensorEntry, type WeightManifest } from './tfjs-weights';
import type { WeightSource } from './weight-source';

function findTensor(manifest: WeightManifest, layer: string, kind: 'kernel' | 'bias'): TensorEntry | null {
  const exact = manifest.tensors.get(`${layer}/${kind}`);
  if (exact) return exact;
  // Some exporters prefix a scope (`model/dense/kernel`): accept a unique scoped match.
  const suffix = `/${layer}/${kind}`;
  const scoped = [...manifest.tensors.values()].filter((t) => t.name.endsWith(suffix));
  if (scoped.length > 1) throw new Error(`Dense layer '${layer}': several tensors end with '${suffix}' (${scoped.map((t) => `'${t.name}'`).join(', ')})`);
  return scoped[0] ?? null;
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
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

/**
 * Parses model.json text and reads its weights through `source`. Every failure is an Error whose message
 * names the layer, tensor or file at fault; nothing is allocated for weights until all sizes check out,
 * including the connection budget (`maxConnections`, default kMaxConnections).
 */
export async function loadTfjsModel(modelJsonText: string, source: WeightSource, options: { maxConnections?: number } = {}): Promise<ModelGraph> {
  let modelJson: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(modelJsonText);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('top level is not an object');
    modelJson = parsed as Record<string, unknown>;
  } catch (err) {
    throw new Error(`model.json is not a valid tfjs model file: ${(err as Error).message}`);
  }
  const chain = parseTopology(modelJson);
  const manifest = parseManifest(modelJson.weightsManifest);

  const plan = chain.dense.map((spec, i) => {
    const kernel = findTensor(manifest, spec.name, 'kernel');
    if (!kernel) {
      const have = [...manifest.tensors.keys()].slice(0, 8).map((n) => `'${n}'`).join(', ');
      throw new Error(`Dense layer '${spec.name}': no tensor '${spec.name}/kernel' in the weights manifest (it has ${have || 'none'})`);
    }
    const inputSize = spec.inputSize === 0 ? kernel.shape[0] : spec.inputSize;
    const previous = i > 0 ? chain.dense[i - 1].units : inputSize;
    if (inputSize !== previous) throw new Error(`Dense layer '${spec.name}' expects ${inputSize} inputs but the layer before gives ${previous}`);
    if (!sameShape(kernel.shape, [inputSize, spec.units])) {
      throw new Error(`Dense layer '${spec.name}': tensor '${kernel.name}' has shape [${kernel.shape.join(', ')}], the topology needs [${inputSize}, ${spec.units}]`);
    }
    const bias = spec.useBias ? findTensor(manifest, spec.name, 'bias') : null;
    if (spec.useBias && !bias) throw new Error(`Dense layer '${spec.name}' uses a bias but the weights manifest has no '${spec.name}/bias'`);
    if (bias && !sameShape(bias.shape, [spec.units])) {
      throw new Error(`Dense layer '${spec.name}': tensor '${bias.name}' has shape [${bias.shape.join(', ')}], the topology needs [${spec.units}]`);
    }
    return { spec, inputSize, kernel, bias };
  });

  // Refuse oversized networks before any shard is read.
  checkConnectionBudget([plan[0].inputSize, ...plan.map((p) => p.spec.units)], options.maxConnections);
  const needed = new Set(plan.flatMap((p) => [p.kernel.group, ...(p.bias ? [p.bias.group] : [])]));
  const groups = await readGroups(manifest, source, needed);
  const label = (t: TensorEntry) => manifest.groups[t.group].paths.map((p) => `'${p}'`).join(' + ');
  const layers: DenseLayer[] = plan.map(({ spec, inputSize, kernel, bias }) => ({
    name: spec.name,
    inputSize,
    outputSize: spec.units,
    activation: spec.activation,
    kernel: decodeTensor(kernel, groups.get(kernel.group)!, label(kernel)),
    bias: bias ? decodeTensor(bias, groups.get(bias.group)!, label(bias)) : null,
  }));
  const inputSize = layers[0].inputSize;
  const inputShape = chain.inputShape.length > 0 ? chain.inputShape : [inputSize];
  const flat = inputShape.reduce((a, b) => a * b, 1);
  if (flat !== inputSize) throw new Error(`model input shape [${inputShape.join(', ')}] flattens to ${flat} values but the first Dense layer takes ${inputSize}`);
  const classCount = layers[layers.length - 1].outputSize;
  return { name: chain.name, inputShape, inputSize, layers, classCount, classNames: classNamesOf(modelJson, classCount) };
}
