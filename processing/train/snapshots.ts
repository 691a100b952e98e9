/**
 * Training snapshots: one model per epoch of a training run and a manifest (`epochs.json`) naming each
 * epoch's model file (relative to the manifest) and its held-out accuracy. `npm run train-default`
 * writes them for the embedded MLPs; `nnwalk snapshots` writes the manifest for any run's saved models;
 * the app's training playback reads it.
 */

export const kSnapshotsFile = 'epochs.json';
const kFormat = 'nnwalk-epochs';
const kVersion = 1;
/** Refuse manifests that would make the app load an unreasonable number of models. */
const kMaxEpochs = 1000;

export interface EpochSnapshot {
  /** Epochs trained (0: the initial weights). */
  epoch: number;
  /** The epoch's model file, relative to the manifest ("epoch-03/model.json", "ckpt-03.keras"). */
  model: string;
  /** Held-out accuracy of that model, in [0, 1]. */
  heldOutAccuracy: number;
}

export interface SnapshotManifest { format: string; version: number; data: string; epochs: EpochSnapshot[] }

/** The manifest for `epochs` (sorted by epoch), scored on `data`. */
export function snapshotManifest(epochs: EpochSnapshot[], data: string): SnapshotManifest {
  return { format: kFormat, version: kVersion, data, epochs: [...epochs].sort((a, b) => a.epoch - b.epoch) };
}

/** Parses and checks a manifest; throws one sentence naming the first problem. */
export function parseSnapshotManifest(text: string, label: string): SnapshotManifest {
  let raw: Partial<SnapshotManifest>;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${label}: not valid JSON (${(err as Error).message})`);
  }
  if (raw?.format !== kFormat) throw new Error(`${label}: not a training-snapshot manifest (format ${JSON.stringify(raw?.format)}, expected "${kFormat}")`);
  if (raw.version !== kVersion) throw new Error(`${label}: manifest version ${raw.version} is not supported (this build reads ${kVersion})`);
  if (!Array.isArray(raw.epochs) || raw.epochs.length < 1 || raw.epochs.length > kMaxEpochs) throw new Error(`${label}: 'epochs' must list 1 to ${kMaxEpochs} snapshots`);
  let last = -1;
  const epochs = raw.epochs.map((e: Partial<EpochSnapshot>, i) => {
    const at = `${label}: snapshot ${i}`;
    if (!Number.isInteger(e?.epoch) || (e.epoch as number) <= last) throw new Error(`${at}: epoch must be a whole number above the previous one's`);
    if (typeof e.model !== 'string' || !e.model || e.model.startsWith('/') || e.model.split(/[\\/]/).includes('..') || /^[a-z]+:/i.test(e.model)) throw new Error(`${at}: 'model' must be a file path relative to the manifest, inside its folder`);
    if (typeof e.heldOutAccuracy !== 'number' || !(e.heldOutAccuracy >= 0 && e.heldOutAccuracy <= 1)) throw new Error(`${at}: heldOutAccuracy must be a number in [0, 1]`);
    last = e.epoch as number;
    return { epoch: last, model: e.model, heldOutAccuracy: e.heldOutAccuracy };
  });
  return { format: kFormat, version: kVersion, data: typeof raw.data === 'string' ? raw.data : '', epochs };
}

/** The epoch a checkpoint's file name carries ("epoch-07.keras", "ckpt_12/model.json"), or null. */
export function epochOfName(path: string): number | null {
  const m = /(\d+)(?!.*\d)/.exec(path.replace(/\.(keras|h5|hdf5|onnx|json)$/i, ''));
  return m ? Number(m[1]) : null;
}
