/**
 * `nnwalk visualize <model> [--plane NAME] [--out DIR]`: for every unit (dense) or channel (conv) of each
 * plane, the input that maximises it (processing/visualize/ascent.ts), written as one PNG per unit and an
 * index sheet per plane, with `visualize.json` listing what each image reaches against the unit's mean and
 * maximum over the held-out data. A rerun with the same model and settings into the same folder takes the
 * planes it already holds (the cache key covers the weights, the settings and the data's statistics).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { buildChannelGraph } from '../../graph/channel-graph';
import { graphIdentity, type ModelGraph } from '../../model/model-graph';
import { loadModelFile } from '../../model/load-node';
import { inputImageShape, kAscentDefaults, type AscentSettings } from '../../visualize/ascent';
import { heldOutStats, honestyOf } from '../../visualize/honesty';
import { imagePng, sheetPng } from '../../visualize/png-images';
import { imageStatsOf, type ImageStats } from '../../visualize/regularise';
import { kHonestySamples, visualizeUnits } from '../../visualize/visualize-units';
import { planeTargets, targetByName, type VisualTarget } from '../../visualize/targets';
import { graphInputs, heldOutData, UsageError } from '../inputs';
import type { Progress } from '../progress';
import { writeAtomically } from '../write-atomic';

export interface VisualizeArgs { model: string; plane?: string; out?: string; iterations?: string; seed?: string; step?: string; start?: string; data?: string }

const kIndexFile = 'visualize.json';

interface UnitEntry { unit: number; file: string; reached: number; heldOutMean: number; heldOutMax: number; overMean: number | null; overMax: number | null; beatsData: boolean }
interface PlaneEntry { name: string; key: string; sheet: string; seconds: number; units: UnitEntry[] }
interface IndexFile { format: 'nnwalk-visualize'; version: 1; model: string; settings: AscentSettings; start: string; data: string; planes: PlaneEntry[] }

function positive(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0) || n > 10 || !Number.isFinite(n)) throw new UsageError(`${name} must be a number above 0 and at most 10, got '${value}'`);
  return n;
}

function wholeNumber(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got '${value}'`);
  return n;
}

/** The cache key of one plane: the model's weights, the settings, the data's statistics and the plane. */
function planeKey(graph: ModelGraph, settings: AscentSettings, start: string, stats: ImageStats, target: VisualTarget): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ v: 2, settings, start, stats, plane: target.name, units: target.units }));
  for (const part of graphIdentity(graph)) h.update(part);
  return h.digest('hex');
}

function readIndex(path: string): IndexFile | null {
  if (!existsSync(path)) return null;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as IndexFile;
    return parsed.format === 'nnwalk-visualize' && Array.isArray(parsed.planes) ? parsed : null;
  } catch {
    return null; // an unreadable index is rebuilt
  }
}

const safe = (name: string) => name.replace(/[^\w.-]+/g, '_');
const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');
// JSON has no NaN: a ratio to a zero mean or max is written as null.
const finite = (v: number) => (Number.isFinite(v) ? +v.toFixed(4) : null);

/** Runs the command; returns the summary printed on stdout. */
export async function runVisualize(args: VisualizeArgs, progress: Progress): Promise<string> {
  const settings: AscentSettings = {
    ...kAscentDefaults,
    iterations: wholeNumber(args.iterations, '--iterations', 1, 10_000) ?? kAscentDefaults.iterations,
    seed: wholeNumber(args.seed, '--seed', 0, 2 ** 31 - 1) ?? kAscentDefaults.seed,
    step: positive(args.step, '--step') ?? kAscentDefaults.step,
  };
  const graph = await loadModelFile(args.model);
  const shape = inputImageShape(graph);
  if (!shape) throw new Error(`the model's input [${graph.ops[0].shape.join(', ')}] is not an image (H × W × C, or a square number of values): visualize writes images`);
  const data = heldOutData(graphInputs(graph), args.data);
  const stats = imageStatsOf(data.inputs);
  const startIndex = wholeNumber(args.start, '--start', 0, data.count - 1);
  const n = shape.h * shape.w * shape.c;
  const start = startIndex === undefined ? undefined : data.inputs.slice(startIndex * n, (startIndex + 1) * n);
  const startLabel = startIndex === undefined ? 'noise' : `held-out sample ${startIndex}`;
  const all = planeTargets(graph, buildChannelGraph(graph));
  const targets = args.plane ? [targetByName(all, args.plane)] : all;
  const modelName = basename(args.model, extname(args.model)) === 'model' ? basename(dirname(resolve(args.model))) : basename(args.model, extname(args.model));
  const out = resolve(args.out ?? `${modelName}-visualize`);
  mkdirSync(out, { recursive: true });
  const indexPath = join(out, kIndexFile);
  const previous = readIndex(indexPath);
  const planes: PlaneEntry[] = previous?.planes.filter((p) => !targets.some((t) => t.name === p.name)) ?? [];
  const lines: string[] = [];
  for (const target of targets) {
    const key = planeKey(graph, settings, startLabel, stats, target);
    const folder = `${String(target.plane).padStart(2, '0')}-${safe(target.name)}`;
    const cached = previous?.planes.find((p) => p.name === target.name && p.key === key && existsSync(join(out, p.sheet)) && p.units.every((u) => existsSync(join(out, u.file))));
    if (cached) {
      planes.push(cached);
      lines.push(...planeSummary(target, cached, true));
      continue;
    }
    const t0 = performance.now();
    const honest = heldOutStats(graph, target, data, kHonestySamples);
    const { images, reached } = visualizeUnits(graph, target, {
      stats, settings, start,
      onProgress: (done, total) => progress.update('visualize', done, total, target.name),
    });
    const seconds = (performance.now() - t0) / 1000;
    mkdirSync(join(out, folder), { recursive: true });
    const entry: PlaneEntry = { name: target.name, key, sheet: `${folder}.png`, seconds: +seconds.toFixed(2), units: [] };
    for (let u = 0; u < target.units; u++) {
      const file = `${folder}/unit-${String(u).padStart(4, '0')}.png`;
      writeAtomically(join(out, file), imagePng(images.subarray(u * n, (u + 1) * n), shape, stats.lo, stats.hi));
      const h = honestyOf(reached[u], honest, u);
      entry.units.push({ unit: u, file, reached: +reached[u].toFixed(4), heldOutMean: +honest.mean[u].toFixed(4), heldOutMax: +honest.max[u].toFixed(4), overMean: finite(h.overMean), overMax: finite(h.overMax), beatsData: h.beatsData });
    }
    writeAtomically(join(out, entry.sheet), sheetPng(images, target.units, shape, stats.lo, stats.hi));
    planes.push(entry);
    progress.done('visualize', `${target.name}: ${target.units} ${target.spatial ? 'channels' : 'units'} in ${seconds.toFixed(1)} s`);
    lines.push(...planeSummary(target, entry, false));
  }
  const index: IndexFile = { format: 'nnwalk-visualize', version: 1, model: args.model, settings, start: startLabel, data: data.source, planes };
  writeAtomically(indexPath, JSON.stringify(index, null, 1) + '\n');
  return [`wrote ${out} (${kIndexFile}, an index sheet and one PNG per unit for each plane)`, ...lines].join('\n');
}

/** Per plane: time, how many units beat the data, then each unit's value against its held-out mean and max. */
function planeSummary(target: VisualTarget, entry: PlaneEntry, cached: boolean): string[] {
  const beat = entry.units.filter((u) => u.beatsData).length;
  const head = `${target.name} (${target.units} ${target.spatial ? 'channels' : 'units'}): ${cached ? 'from the cache' : `${entry.seconds.toFixed(1)} s`}; ${beat} of ${entry.units.length} (${((100 * beat) / Math.max(1, entry.units.length)).toFixed(0)} %) reach their largest held-out value`;
  return [head, ...entry.units.map((u) => {
    const ratio = u.heldOutMean > 0 && u.overMean !== null ? `${fmt(u.overMean)} × its held-out mean ${fmt(u.heldOutMean)}` : `held-out mean ${fmt(u.heldOutMean)}`;
    return `  ${String(u.unit).padStart(4)}: ${fmt(u.reached)} = ${ratio}; max ${fmt(u.heldOutMax)}${u.beatsData ? '' : ' — ascent did not beat real data'}`;
  })];
}
