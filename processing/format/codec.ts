/** Saving and loading ProcessedNetworks (`.nnwalk`), with every structural check a hostile file needs. */
import { processingSchema } from '../config/processing-config';
import { renderingSchema } from '../config/rendering-config';
import { validateConfig } from '../config/schema';
import { readContainer, writeContainer, type BlockArray } from './container';
import { layerOffsets, type NetworkStats, type PlaneInfo, type ProcessedNetwork } from './processed-network';
import { checkPlanes } from './planes-block';

/** Current version of the `.nnwalk` format: 2 adds planes (networks with branches); version-1 files still load. */
export const kFormatVersion = 2;
const kFormatName = 'nnwalk-processed-network';
/** Sanity limits that keep a hostile header from asking for absurd allocations downstream. */
const kMaxClasses = 4096;
const kMaxLayers = 1024;

type BlockName = 'layerSizes' | 'nodePositions' | 'nodeImportance' | 'edgeSource' | 'edgeTarget' | 'edgeImportance' | 'polylineOffsets' | 'polylinePoints';
const kBlocks: Record<BlockName, 'float32' | 'uint32'> = {
  layerSizes: 'uint32',
  nodePositions: 'float32',
  nodeImportance: 'float32',
  edgeSource: 'uint32',
  edgeTarget: 'uint32',
  edgeImportance: 'float32',
  polylineOffsets: 'uint32',
  polylinePoints: 'float32',
};

/** Serialises a network into `.nnwalk` bytes. */
export function encodeProcessedNetwork(net: ProcessedNetwork): Uint8Array {
  const meta = {
    format: kFormatName,
    classCount: net.classCount,
    classNames: net.classNames,
    configs: net.configs,
    stats: net.stats,
    ...(net.planes ? { planes: net.planes } : {}),
  };
  const blocks: Record<BlockName, BlockArray> = {
    layerSizes: net.layerSizes,
    nodePositions: net.nodePositions,
    nodeImportance: net.nodeImportance,
    edgeSource: net.edgeSource,
    edgeTarget: net.edgeTarget,
    edgeImportance: net.edgeImportance,
    polylineOffsets: net.polylineOffsets,
    polylinePoints: net.polylinePoints,
  };
  return writeContainer(kFormatVersion, meta, blocks);
}

function expectLength(label: string, name: string, actual: number, expected: number, why: string): void {
  if (actual !== expected) throw new Error(`${label}: sizes do not add up: '${name}' has ${actual} values, ${why} needs ${expected}`);
}

function checkFinite(label: string, name: string, a: Float32Array, lo = -Infinity, hi = Infinity): void {
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (!Number.isFinite(v)) throw new Error(`${label}: '${name}' holds a non-finite value (${v}) at index ${i}`);
    if (v < lo || v > hi) throw new Error(`${label}: '${name}' value ${v} at index ${i} is outside [${lo}, ${hi}]`);
  }
}

function checkStats(label: string, stats: unknown): NetworkStats {
  if (typeof stats !== 'object' || stats === null || Array.isArray(stats)) throw new Error(`${label}: 'stats' is not an object`);
  for (const [k, v] of Object.entries(stats)) {
    if (!['number', 'string', 'boolean'].includes(typeof v)) throw new Error(`${label}: statistic '${k}' is not a number, string or boolean`);
  }
  return stats as NetworkStats;
}

/** Parses `.nnwalk` bytes; throws a message naming the file and the first problem found. */
export function decodeProcessedNetwork(bytes: Uint8Array, label = 'processed network'): ProcessedNetwork {
  const { meta, blocks, version } = readContainer(bytes, kFormatVersion, label);
  if (meta.format !== kFormatName) throw new Error(`${label}: header format is ${JSON.stringify(meta.format)}, expected "${kFormatName}"`);
  const get = <N extends BlockName>(name: N): N extends 'layerSizes' | 'edgeSource' | 'edgeTarget' | 'polylineOffsets' ? Uint32Array : Float32Array => {
    const block = blocks.get(name);
    if (!block) throw new Error(`${label}: block '${name}' is missing`);
    const dtype = block instanceof Float32Array ? 'float32' : 'uint32';
    if (dtype !== kBlocks[name]) throw new Error(`${label}: block '${name}' is ${dtype}, expected ${kBlocks[name]}`);
    return block as never;
  };
  for (const name of blocks.keys()) if (!(name in kBlocks)) throw new Error(`${label}: unknown block '${name}'`);

  const classCount = meta.classCount;
  if (typeof classCount !== 'number' || !Number.isInteger(classCount) || classCount < 1 || classCount > kMaxClasses) {
    throw new Error(`${label}: classCount ${JSON.stringify(classCount)} must be a whole number in [1, ${kMaxClasses}]`);
  }
  const classNames = meta.classNames;
  if (!Array.isArray(classNames) || classNames.length !== classCount || !classNames.every((n) => typeof n === 'string')) {
    throw new Error(`${label}: classNames must list ${classCount} strings`);
  }
  const configs = meta.configs as { processing?: unknown; rendering?: unknown } | undefined;
  if (typeof configs !== 'object' || configs === null) throw new Error(`${label}: header has no 'configs'`);
  const processing = validateConfig(processingSchema, configs.processing, `${label} (processing config)`);
  const rendering = validateConfig(renderingSchema, configs.rendering, `${label} (rendering config)`);
  const stats = checkStats(label, meta.stats ?? {});

  const layerSizes = get('layerSizes');
  if (layerSizes.length < 2 || layerSizes.length > kMaxLayers) throw new Error(`${label}: ${layerSizes.length} layers; a network needs 2..${kMaxLayers}`);
  if (layerSizes.some((n) => n === 0)) throw new Error(`${label}: a layer has 0 nodes`);
  const offsets = layerOffsets(layerSizes);
  const nodes = offsets[offsets.length - 1];
  if (layerSizes[layerSizes.length - 1] !== classCount) {
    throw new Error(`${label}: sizes do not add up: the last layer has ${layerSizes[layerSizes.length - 1]} nodes but classCount is ${classCount}`);
  }
  const nodePositions = get('nodePositions');
  expectLength(label, 'nodePositions', nodePositions.length, nodes * 3, `${nodes} nodes × 3`);
  checkFinite(label, 'nodePositions', nodePositions);
  const nodeImportance = get('nodeImportance');
  expectLength(label, 'nodeImportance', nodeImportance.length, nodes * classCount, `${nodes} nodes × ${classCount} classes`);
  checkFinite(label, 'nodeImportance', nodeImportance, 0, 1);

  const edgeSource = get('edgeSource');
  const edges = edgeSource.length;
  const edgeTarget = get('edgeTarget');
  expectLength(label, 'edgeTarget', edgeTarget.length, edges, `'edgeSource' (${edges} edges)`);
  const edgeImportance = get('edgeImportance');
  expectLength(label, 'edgeImportance', edgeImportance.length, edges, `${edges} edges`);
  checkFinite(label, 'edgeImportance', edgeImportance, 0, 1);
  if (version < 2 && meta.planes !== undefined) throw new Error(`${label}: a version-1 file cannot hold planes`);
  const planes: PlaneInfo[] | undefined = meta.planes === undefined ? undefined : checkPlanes(label, meta.planes, layerSizes);
  // Without planes each edge joins layer l to l + 1; with planes, a plane to a deeper one (the node count is bounded by the positions block's size).
  const layerOf = new Uint32Array(nodes);
  for (let l = 0; l < layerSizes.length; l++) layerOf.fill(l, offsets[l], offsets[l + 1]);
  for (let e = 0; e < edges; e++) {
    const s = edgeSource[e];
    const t = edgeTarget[e];
    if (s >= nodes || t >= nodes) throw new Error(`${label}: edge ${e} joins node ${s} → ${t}, but there are only ${nodes} nodes`);
    if (planes) {
      if (planes[layerOf[t]].depth <= planes[layerOf[s]].depth) throw new Error(`${label}: edge ${e} (${s} → ${t}) joins plane ${layerOf[s]} to plane ${layerOf[t]}, which is not deeper`);
    } else if (layerOf[t] !== layerOf[s] + 1) throw new Error(`${label}: edge ${e} (${s} → ${t}) does not join layer ${layerOf[s]} to layer ${layerOf[s] + 1}`);
  }

  const polylineOffsets = get('polylineOffsets');
  const polylinePoints = get('polylinePoints');
  expectLength(label, 'polylineOffsets', polylineOffsets.length, edges + 1, `${edges} edges + 1`);
  if (polylinePoints.length % 3 !== 0) throw new Error(`${label}: 'polylinePoints' has ${polylinePoints.length} values, not a multiple of 3`);
  const points = polylinePoints.length / 3;
  if (polylineOffsets[0] !== 0) throw new Error(`${label}: 'polylineOffsets' must start at 0`);
  for (let e = 0; e < edges; e++) {
    if (polylineOffsets[e + 1] < polylineOffsets[e] + 2) throw new Error(`${label}: edge ${e}'s polyline has fewer than 2 points (offsets ${polylineOffsets[e]} → ${polylineOffsets[e + 1]})`);
  }
  expectLength(label, 'polylinePoints', points, polylineOffsets[edges], `the last polyline offset`);
  checkFinite(label, 'polylinePoints', polylinePoints);

  return {
    layerSizes, ...(planes ? { planes } : {}), classCount, classNames: classNames as string[], nodePositions, nodeImportance,
    edgeSource, edgeTarget, edgeImportance, polylineOffsets, polylinePoints,
    configs: { processing, rendering }, stats,
  };
}
