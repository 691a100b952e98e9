/**
 * Any model file → ModelGraph, the format told from the bytes (never the name): ONNX, Keras 3 `.keras`,
 * Keras 2 `.h5`, tfjs model.json (+ shards). Companion files (ONNX external data, tfjs shards) come from
 * `companions`, so the app passes the other dropped files and the CLI the model's directory. Files of
 * other kinds are named as what they are, with the way to a readable model where there is one.
 */
import { unzipSync } from 'fflate';
import { describeKind, sniffFile, type FileKind } from '../format/sniff';
import { loadKerasArchive, loadKerasH5 } from './load-keras';
import { decodeOnnx, onnxToGraph } from './load-onnx';
import { loadTfjsGraph } from './load-tfjs';
import type { ModelGraph } from './model-graph';
import { mapWeightSource, urlWeightSource, type WeightSource } from './weight-source';

/** A file by name with its bytes (a dropped file, a fetched URL, a file on disk). */
export interface NamedBytes { name: string; bytes: Uint8Array }

/** Where companion files are read: by name, null when absent. */
export interface Companions extends WeightSource {
  /** The named file's bytes, or null when it was not given. */
  get(name: string): Promise<Uint8Array | null>;
}

/** Model files above this are refused before parsing (protobuf's own limit for ONNX is 2 GiB). */
export const kMaxModelBytes = 2 ** 31 - 1;

/** The formats a model file can be in; the rest are named in messages. */
export const kModelKinds: FileKind[] = ['onnx', 'zip', 'hdf5', 'tfjs-model'];

export const kExportRecipe = "export the model to ONNX in Python — torch.onnx.export(model, torch.zeros(1, 1, 28, 28), 'model.onnx') with your input's shape — and load model.onnx";

/** Whether a ZIP is a PyTorch checkpoint (torch.save since 1.6 writes a ZIP with <name>/data.pkl). */
function isTorchZip(bytes: Uint8Array): boolean {
  const names: string[] = [];
  try {
    unzipSync(bytes, { filter: (f) => (names.push(f.name), false) });
  } catch {
    return false;
  }
  return names.some((n) => /(^|\/)data\.pkl$/.test(n));
}

/** One sentence for a file that is not a model nnwalk reads. */
export function notAModel(kind: FileKind, name: string, bytes: Uint8Array): string {
  if (kind === 'pickle' || (kind === 'zip' && isTorchZip(bytes))) return `${name} looks like a PyTorch checkpoint (.pt / .pth), which holds weights but not the network's computation: ${kExportRecipe}`;
  if (kind === 'json') return `${name} is a JSON file but not a tfjs model (it has no modelTopology)`;
  if (kind === 'nnwalk') return `${name} is an nnwalk processed network, not a model: open it as a network`;
  return `${name} is ${describeKind(kind)}, not a model nnwalk reads (ONNX .onnx, Keras .keras or .h5, tfjs model.json)`;
}

/**
 * Loads the one model among `files` (the others are its companions unless `companions` is given).
 * Throws one sentence naming the file for anything unreadable.
 */
export async function loadModelFiles(files: NamedBytes[], options: { maxConnections?: number; companions?: Companions } = {}): Promise<ModelGraph> {
  if (files.length === 0) throw new Error('no file given');
  const kinds = files.map((f) => (f.bytes.byteLength === 0 ? 'unknown' : sniffFile(f.bytes)));
  const models = files.filter((_, i) => kModelKinds.includes(kinds[i]) && !(kinds[i] === 'zip' && isTorchZip(files[i].bytes)));
  if (models.length > 1) throw new Error(`give one model at a time: ${models.map((m) => m.name).join(', ')} are all models`);
  if (models.length === 0) {
    const f = files[0];
    if (f.bytes.byteLength === 0) throw new Error(`${f.name} is empty`);
    throw new Error(notAModel(kinds[0], f.name, f.bytes));
  }
  const model = models[0];
  const kind = kinds[files.indexOf(model)];
  if (model.bytes.byteLength > kMaxModelBytes) throw new Error(`${model.name} is ${model.bytes.byteLength} bytes; nnwalk reads model files up to 2 GiB`);
  const companions = options.companions ?? memoryCompanions(files.filter((f) => f !== model));
  const base = model.name.replace(/\.(onnx|keras|h5|hdf5|json)$/i, '');
  switch (kind) {
    case 'onnx': {
      const proto = decodeOnnx(model.bytes, model.name);
      // External data files, read only when the model names them.
      const external = new Map<string, Uint8Array>();
      for (const t of proto.graph!.initializer) {
        const location = t.externalData.find((e) => e.key === 'location')?.value;
        if (location && !external.has(location)) {
          const bytes = await companions.get(location);
          if (bytes) external.set(location, bytes);
        }
      }
      return onnxToGraph(proto, base, external);
    }
    case 'zip': return loadKerasArchive(model.bytes, model.name, options);
    case 'hdf5': return loadKerasH5(model.bytes, model.name, options);
    default: return loadTfjsGraph(new TextDecoder().decode(model.bytes), companions, options);
  }
}

/** Companions from files held in memory (dropped or picked together), matched by base name. */
export function memoryCompanions(files: NamedBytes[]): Companions {
  const source = mapWeightSource(new Map(files.map((f) => [f.name, f.bytes])));
  return { ...source, get: async (path) => ((await source.size!(path)) === null ? null : source.read(path)) };
}

/** Companions fetched relative to the model's URL (a missing one is null, not an error, until it is read). */
export function urlCompanions(modelUrl: string, fetchFn: typeof fetch = fetch): Companions {
  const source = urlWeightSource(modelUrl, fetchFn);
  return {
    ...source,
    async get(path) {
      try {
        return await source.read(path);
      } catch {
        return null;
      }
    },
  };
}
