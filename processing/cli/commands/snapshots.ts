/**
 * `nnwalk snapshots <model> <model> …`: the manifest of a training run's per-epoch models (any format
 * nnwalk reads: a Keras ModelCheckpoint's `epoch-03.keras`, tfjs `epoch-03/model.json`, ONNX), each
 * scored on the held-out data, for the app's training playback. Epochs come from the file names' last
 * number (else the order given); every model must have the first one's architecture.
 */
import { dirname, relative, resolve } from 'node:path';
import { confusionMatrix } from '../../analysis/confusion';
import { predictSamples } from '../../analysis/predict';
import { liveInputSize } from '../../input/live-model';
import { layerSizes } from '../../model/dense-chain';
import { epochOfName, kSnapshotsFile, snapshotManifest, type EpochSnapshot } from '../../train/snapshots';
import { graphInputs, heldOutData, loadAnyModel, UsageError } from '../inputs';
import type { Progress } from '../progress';
import { writeAtomically } from '../write-atomic';

export interface SnapshotsArgs { models: string[]; out?: string; data?: string }

/** Layer sizes and classes of a model: what "the same architecture" compares. */
function signature(model: Awaited<ReturnType<typeof loadAnyModel>>): string {
  if (model.kind === 'chain') return layerSizes(model.chain).join('-');
  return `${liveInputSize(model)}:${Array.from(model.channels.sizes).join('-')}`;
}

/** Runs the command; returns the summary printed on stdout. */
export async function runSnapshots(args: SnapshotsArgs, progress: Progress): Promise<string> {
  if (args.models.length < 2) throw new UsageError(`'snapshots' needs the models of at least two epochs, got ${args.models.length}`);
  const out = resolve(args.out ?? resolve(dirname(args.models[0]), '..', kSnapshotsFile));
  const numbered = args.models.map((m) => epochOfName(m));
  const useNames = numbered.every((e) => e !== null) && new Set(numbered).size === numbered.length;
  const entries: EpochSnapshot[] = [];
  let first = '';
  let source = '';
  for (const [i, path] of args.models.entries()) {
    const model = await loadAnyModel(path);
    const sig = signature(model);
    first ||= sig;
    if (sig !== first) throw new Error(`${path} has layers ${sig}; ${args.models[0]} has ${first}: snapshots must be of one architecture`);
    const data = heldOutData(model.kind === 'chain' ? model.chain : graphInputs(model.graph), args.data);
    source = data.source;
    const C = model.kind === 'chain' ? model.chain.classCount : model.graph.classCount;
    const accuracy = confusionMatrix(data.labels, predictSamples(model, data), C).overall;
    entries.push({ epoch: useNames ? numbered[i]! : i, model: relative(dirname(out), resolve(path)).split('\\').join('/'), heldOutAccuracy: accuracy });
    progress.update('snapshots', i + 1, args.models.length, path);
  }
  const manifest = snapshotManifest(entries, source);
  if (manifest.epochs.some((e) => e.model.startsWith('..'))) throw new Error(`the manifest ${out} must sit in a folder that holds every model (use --out inside their common folder)`);
  writeAtomically(out, JSON.stringify(manifest, null, 1) + '\n');
  progress.done('snapshots', `${entries.length} epochs`);
  return [`wrote ${out}`, 'epoch   held-out accuracy   model', ...manifest.epochs.map((e) => `${String(e.epoch).padStart(5)}   ${(e.heldOutAccuracy * 100).toFixed(2).padStart(15)} %   ${e.model}`)].join('\n');
}
