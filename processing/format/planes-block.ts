/** Validation of the `.nnwalk` v2 header's `planes` list: every field typed, shapes matching the layer sizes, depths consistent. */
import type { PlaneInfo } from './processed-network';

const kKinds = new Set(['input', 'conv', 'depthwise', 'dense', 'maxpool', 'avgpool', 'globalpool', 'add', 'concat', 'batchnorm', 'activation']);
const kMaxName = 512;

const isWhole = (v: unknown, min = 0): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;

/** Checks the planes list against the layer sizes; throws naming the plane and field at fault. */
export function checkPlanes(label: string, raw: unknown, layerSizes: Uint32Array): PlaneInfo[] {
  if (!Array.isArray(raw) || raw.length !== layerSizes.length) throw new Error(`${label}: 'planes' must list ${layerSizes.length} planes (one per layer)`);
  return raw.map((p: unknown, i): PlaneInfo => {
    const at = `${label}: plane ${i}`;
    if (typeof p !== 'object' || p === null || Array.isArray(p)) throw new Error(`${at} is not an object`);
    const q = p as Record<string, unknown>;
    if (typeof q.name !== 'string' || q.name.length > kMaxName) throw new Error(`${at}: 'name' must be a string of at most ${kMaxName} characters`);
    if (typeof q.kind !== 'string' || !kKinds.has(q.kind)) throw new Error(`${at}: kind ${JSON.stringify(q.kind)} is not one of ${[...kKinds].join(', ')}`);
    if (!Array.isArray(q.shape) || (q.shape.length !== 1 && q.shape.length !== 3) || !q.shape.every((d) => isWhole(d, 1))) throw new Error(`${at}: shape ${JSON.stringify(q.shape)} must be [N] or [H, W, C] of positive whole sizes`);
    const shape = q.shape as number[];
    if (shape[shape.length - 1] !== layerSizes[i]) throw new Error(`${at}: shape [${shape.join(', ')}] has ${shape[shape.length - 1]} channels but the layer has ${layerSizes[i]} nodes`);
    if (!Array.isArray(q.folded) || !q.folded.every((f) => typeof f === 'string' && f.length <= kMaxName)) throw new Error(`${at}: 'folded' must list strings`);
    if (!isWhole(q.depth) || !isWhole(q.lane)) throw new Error(`${at}: depth and lane must be whole numbers`);
    if (!Array.isArray(q.inputs) || !q.inputs.every((j) => isWhole(j) && j < i)) throw new Error(`${at}: 'inputs' must list earlier planes`);
    if (i === 0 ? q.depth !== 0 || q.inputs.length !== 0 : q.inputs.length === 0) throw new Error(`${at}: only plane 0 (depth 0) may be without inputs`);
    if (i > 0 && q.depth <= (raw[i - 1] as { depth: number }).depth - 1) throw new Error(`${at}: planes must be ordered by depth`);
    for (const j of q.inputs as number[]) if ((raw[j] as { depth: number }).depth >= q.depth) throw new Error(`${at}: input plane ${j} is not shallower`);
    return { name: q.name, kind: q.kind, shape, folded: q.folded as string[], depth: q.depth, lane: q.lane, inputs: q.inputs as number[] };
  });
}
