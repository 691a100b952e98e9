/** Node-only: load models and their companion files (tfjs shards, ONNX external data) from disk (CLI, tests, scripts). */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { loadModelFiles, type Companions } from './load-model-files';
import { loadTfjsGraph, loadTfjsModel } from './load-tfjs';
import type { DenseChain } from './dense-chain';
import type { ModelGraph } from './model-graph';
import type { WeightSource } from './weight-source';

/** A weight source reading files relative to `dir`, with sizes from stat() so checks precede reads. */
export function fileWeightSource(dir: string): WeightSource {
  const full = (p: string) => resolve(dir, p);
  return {
    describe: (p) => `'${full(p)}'`,
    async size(p) {
      try {
        return (await stat(full(p))).size;
      } catch {
        return null;
      }
    },
    async read(p) {
      try {
        return new Uint8Array(await readFile(full(p)));
      } catch (err) {
        throw new Error(`weight file '${full(p)}' is missing or unreadable: ${(err as Error).message}`);
      }
    },
  };
}

/** Companion files read from `dir` (ONNX external data by its location, tfjs shards by their paths). */
export function fileCompanions(dir: string): Companions {
  const source = fileWeightSource(dir);
  return {
    ...source,
    async get(p) {
      return (await source.size!(p)) === null ? null : source.read(p);
    },
  };
}

/** Loads any model file (ONNX, .keras, .h5, tfjs model.json), its companions read beside it. */
export async function loadModelFile(path: string, options: { maxConnections?: number } = {}): Promise<ModelGraph> {
  let bytes: Uint8Array;
  try {
    const buffer = await readFile(path);
    // A view, not `new Uint8Array(buffer)`: that would copy the whole file once more.
    bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (err) {
    throw new Error(`cannot read model file '${path}': ${(err as Error).message}`);
  }
  return loadModelFiles([{ name: basename(path), bytes }], { ...options, companions: fileCompanions(dirname(path)) });
}

/** Loads the model whose model.json is at `path` (a chain of Dense layers: the MLP path). */
export async function loadTfjsModelFile(path: string): Promise<DenseChain> {
  return loadTfjsModel(await readModelText(path), fileWeightSource(dirname(path)));
}

/** Loads the model graph (any supported network, CNNs included) whose model.json is at `path`. */
export async function loadTfjsGraphFile(path: string): Promise<ModelGraph> {
  return loadTfjsGraph(await readModelText(path), fileWeightSource(dirname(path)));
}

async function readModelText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read model file '${path}': ${(err as Error).message}`);
  }
}
