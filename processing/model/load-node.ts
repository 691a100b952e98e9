/** Node-only: load a tfjs model.json and its shards from disk (CLI, tests, scripts). */
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
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
