/** Runs a bundling backend on a network with planes through its layered form (levels.ts), and joins the result. */
import type { ProcessedNetwork } from '../format/processed-network';
import type { BundleEvent, BundleOptions, BundleProgress, BundleResult } from './bundle';
import { collapseLevels, expandLevels, type LevelExpansion } from './levels';

/** A progress report of the layered run with its polylines joined per original edge. */
export function joinProgress(x: LevelExpansion, p: BundleProgress): BundleProgress {
  if (!p.polylines || !p.nodePositions) return p;
  const joined = collapseLevels(x, p.nodePositions, p.polylines);
  return { ...p, polylines: { offsets: joined.offsets, points: joined.points }, nodePositions: joined.positions };
}

/** The layered run's result as `net` bundled: original node positions, one polyline per original edge. */
export function joinResult(net: ProcessedNetwork, x: LevelExpansion, r: BundleResult): BundleResult {
  return { network: joinNetwork(net, x, r.network), timings: r.timings };
}

/** A bundled layered network `b` as `net`: original node positions, one polyline per original edge. */
export function joinNetwork(net: ProcessedNetwork, x: LevelExpansion, b: ProcessedNetwork): ProcessedNetwork {
  const joined = collapseLevels(x, b.nodePositions, { offsets: b.polylineOffsets, points: b.polylinePoints });
  return {
    ...net, nodePositions: joined.positions, polylineOffsets: joined.offsets, polylinePoints: joined.points,
    stats: { ...b.stats, ...pick(net.stats), samples: joined.offsets[joined.offsets.length - 1], dummyNodes: b.nodePositions.length / 3 - net.nodePositions.length / 3 },
  };
}

/** Statistics of the network itself that the layered form must not overwrite. */
function pick(stats: ProcessedNetwork['stats']): ProcessedNetwork['stats'] {
  const out: ProcessedNetwork['stats'] = {};
  for (const k of ['layers', 'planes', 'depth', 'nodes', 'edges', 'edgesTotal', 'prunedEdges', 'skipEdges']) if (k in stats) out[k] = stats[k];
  return out;
}

/**
 * Wraps a bundling generator: the layered form goes in, progress and result come out joined. A split run
 * (`share.of` > 1) hands back the layered form itself: a skip edge's segments may belong to different
 * shares, so the caller merges the shares segment by segment first and joins after (bundling-client.ts).
 */
export function* levelSteps(net: ProcessedNetwork, options: BundleOptions, steps: (n: ProcessedNetwork, o: BundleOptions) => Generator<BundleEvent, BundleResult>): Generator<BundleEvent, BundleResult> {
  const x = expandLevels(net);
  if (!x) return yield* steps(net, options);
  if ((options.share?.of ?? 1) > 1) return yield* steps(x.level, options);
  const inner = steps(x.level, options);
  for (;;) {
    const r = inner.next();
    if (r.done) return joinResult(net, x, r.value);
    const ev = r.value;
    yield ev.type === 'progress' ? { type: 'progress', progress: joinProgress(x, ev.progress) } : ev;
  }
}

/** Wraps an async bundling run (the WebGPU backend) the same way. */
export async function levelRun(net: ProcessedNetwork, options: BundleOptions, run: (n: ProcessedNetwork, o: BundleOptions) => Promise<BundleResult>): Promise<BundleResult> {
  const x = expandLevels(net);
  if (!x) return run(net, options);
  const onProgress = options.onProgress;
  const r = await run(x.level, { ...options, onProgress: onProgress ? (p) => onProgress(joinProgress(x, p)) : undefined });
  return joinResult(net, x, r);
}
