/**
 * Tracing a node's strongest paths through every layer (Harley's "trace multi-level connectivity"):
 * backwards to the input and forwards to the output, a beam search that keeps, layer by layer, the
 * `beam` strongest links among those leaving the current frontier. A link's strength is |w| times the
 * value of the node it comes from (backwards) or goes to (forwards) — activations for a live input,
 * importance otherwise — multiplied along the path.
 */
import { layerOffsets } from '../format/processed-network';

export interface TraceNetwork {
  layerSizes: ArrayLike<number>;
  edgeSource: Uint32Array;
  edgeTarget: Uint32Array;
  /** |w| per edge (normalised per gap). */
  edgeImportance: Float32Array;
}

/** Edges of the strongest paths through `node`, sorted; `value` holds one value per node. */
export function traceNode(net: TraceNetwork, node: number, value: Float32Array, beam = 6): Uint32Array {
  const offsets = layerOffsets(net.layerSizes);
  const total = offsets[offsets.length - 1];
  if (!(node >= 0 && node < total)) throw new Error(`node ${node} does not exist (the network has ${total})`);
  if (value.length !== total) throw new Error(`trace values for ${value.length} nodes do not fit a network of ${total}`);
  const picked = new Set<number>();
  const E = net.edgeSource.length;
  // Edges into / out of each node (CSR), built once per trace: linear in E.
  const csr = (of: Uint32Array) => {
    const start = new Uint32Array(total + 1);
    for (let e = 0; e < E; e++) start[of[e] + 1]++;
    for (let i = 0; i < total; i++) start[i + 1] += start[i];
    const fill = start.slice(0, total);
    const list = new Uint32Array(E);
    for (let e = 0; e < E; e++) list[fill[of[e]]++] = e;
    return { start, list };
  };
  const walk = (index: { start: Uint32Array; list: Uint32Array }, other: Uint32Array) => {
    let frontier = new Map<number, number>([[node, 1]]);
    while (frontier.size) {
      const candidates: { e: number; to: number; score: number }[] = [];
      for (const [n, score] of frontier) {
        for (let k = index.start[n]; k < index.start[n + 1]; k++) {
          const e = index.list[k];
          const to = other[e];
          const s = score * net.edgeImportance[e] * value[to];
          if (s > 0) candidates.push({ e, to, score: s });
        }
      }
      candidates.sort((a, b) => b.score - a.score);
      const next = new Map<number, number>();
      for (const c of candidates.slice(0, beam)) {
        picked.add(c.e);
        next.set(c.to, Math.max(next.get(c.to) ?? 0, c.score));
      }
      frontier = next;
    }
  };
  walk(csr(net.edgeTarget), net.edgeSource); // backwards: edges into the frontier, towards their sources
  walk(csr(net.edgeSource), net.edgeTarget); // forwards
  return Uint32Array.from([...picked].sort((a, b) => a - b));
}

/**
 * Trace on every link of the model when the picture keeps only the strongest (networks over the edge
 * budget): the beam search runs over `full` (same node numbering), and the picture's edges on the traced
 * paths are returned. Without `full`, or when the picture has every edge, it is traceNode on the picture.
 */
export function tracePicture(picture: TraceNetwork, full: TraceNetwork | null, node: number, value: Float32Array, beam = 6): Uint32Array {
  if (!full || full.edgeSource.length <= picture.edgeSource.length) return traceNode(picture, node, value, beam);
  const picked = traceNode(full, node, value, beam);
  const N = value.length;
  const wanted = new Set<number>();
  for (const e of picked) wanted.add(full.edgeSource[e] * N + full.edgeTarget[e]);
  const out: number[] = [];
  for (let e = 0; e < picture.edgeSource.length; e++) if (wanted.has(picture.edgeSource[e] * N + picture.edgeTarget[e])) out.push(e);
  return Uint32Array.from(out);
}
