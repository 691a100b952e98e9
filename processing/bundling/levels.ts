/**
 * Networks with planes → the bundler's layered form, and back. Bundling works gap by gap between
 * consecutive layers; a network with branches has planes side by side at one depth (lanes) and skip edges
 * that span several depths. As in layered graph drawing (Sugiyama et al. 1981), every depth becomes one
 * level holding its planes' nodes, and a skip edge gets a dummy node on each level it crosses: the edge
 * becomes one segment per gap, every gap is bundled as for an MLP (both backends, unchanged), the dummies
 * move freely in their level, and the segments are joined again into one polyline per edge.
 */
import { isLayerChain, type ProcessedNetwork } from '../format/processed-network';

export interface LevelExpansion {
  /** The layered network the bundler runs on (no planes; dummies included). */
  level: ProcessedNetwork;
  /** Level-network index of every original node. */
  levelOfNode: Uint32Array;
  /** Segments (level-network edges) of original edge e, in path order: segments[segStart[e] … segStart[e + 1]). */
  segStart: Uint32Array;
  segments: Uint32Array;
}

/** The layered form of `net`, or null when it already is one (an MLP: nothing to do). */
export function expandLevels(net: ProcessedNetwork): LevelExpansion | null {
  if (isLayerChain(net)) return null;
  const planes = net.planes!;
  const C = net.classCount;
  const levels = Math.max(...planes.map((p) => p.depth)) + 1;
  const N = net.nodePositions.length / 3;
  const depthOfNode = new Uint32Array(N);
  let at = 0;
  planes.forEach((p, i) => { depthOfNode.fill(p.depth, at, at + net.layerSizes[i]); at += net.layerSizes[i]; });

  // Level sizes: real nodes of the level's planes, then one dummy per edge crossing it.
  const E = net.edgeSource.length;
  const realPerLevel = new Uint32Array(levels);
  for (let n = 0; n < N; n++) realPerLevel[depthOfNode[n]]++;
  const dummiesPerLevel = new Uint32Array(levels);
  let segmentsTotal = 0;
  for (let e = 0; e < E; e++) {
    const ds = depthOfNode[net.edgeSource[e]];
    const dt = depthOfNode[net.edgeTarget[e]];
    if (dt <= ds) throw new Error(`edge ${e} does not go deeper (depth ${ds} → ${dt})`);
    for (let d = ds + 1; d < dt; d++) dummiesPerLevel[d]++;
    segmentsTotal += dt - ds;
  }
  const levelSizes = new Uint32Array(levels);
  const levelStart = new Uint32Array(levels + 1);
  for (let d = 0; d < levels; d++) { levelSizes[d] = realPerLevel[d] + dummiesPerLevel[d]; levelStart[d + 1] = levelStart[d] + levelSizes[d]; }
  const M = levelStart[levels];

  const levelOfNode = new Uint32Array(N);
  const fill = levelStart.slice(0, levels);
  for (let n = 0; n < N; n++) levelOfNode[n] = fill[depthOfNode[n]]++;
  const positions = new Float32Array(M * 3);
  const importance = new Float32Array(M * C);
  for (let n = 0; n < N; n++) {
    const m = levelOfNode[n];
    positions.set(net.nodePositions.subarray(n * 3, n * 3 + 3), m * 3);
    importance.set(net.nodeImportance.subarray(n * C, (n + 1) * C), m * C);
  }

  // Segments per edge, with dummies placed on the straight line and importance blended along it.
  const segSource = new Uint32Array(segmentsTotal);
  const segTarget = new Uint32Array(segmentsTotal);
  const segEdge = new Uint32Array(segmentsTotal);
  const segStart = new Uint32Array(E + 1);
  let k = 0;
  for (let e = 0; e < E; e++) {
    segStart[e] = k;
    const s = net.edgeSource[e];
    const t = net.edgeTarget[e];
    const ds = depthOfNode[s];
    const dt = depthOfNode[t];
    let prev = levelOfNode[s];
    for (let d = ds + 1; d <= dt; d++) {
      let next: number;
      if (d === dt) next = levelOfNode[t];
      else {
        next = fill[d]++;
        const f = (d - ds) / (dt - ds);
        for (let a = 0; a < 3; a++) positions[next * 3 + a] = (1 - f) * net.nodePositions[s * 3 + a] + f * net.nodePositions[t * 3 + a];
        for (let c = 0; c < C; c++) importance[next * C + c] = (1 - f) * net.nodeImportance[s * C + c] + f * net.nodeImportance[t * C + c];
      }
      segSource[k] = prev;
      segTarget[k] = next;
      segEdge[k] = e;
      k++;
      prev = next;
    }
  }
  segStart[E] = k;

  // The bundler wants edges ordered by (gap, source, target): sort the segments, remember where each went.
  const order = Uint32Array.from({ length: segmentsTotal }, (_, i) => i).sort((a, b) => segSource[a] - segSource[b] || segTarget[a] - segTarget[b] || a - b);
  const slot = new Uint32Array(segmentsTotal);
  order.forEach((seg, i) => { slot[seg] = i; });
  const edgeSource = new Uint32Array(segmentsTotal);
  const edgeTarget = new Uint32Array(segmentsTotal);
  const edgeImportance = new Float32Array(segmentsTotal);
  const polylineOffsets = new Uint32Array(segmentsTotal + 1);
  const polylinePoints = new Float32Array(segmentsTotal * 6);
  order.forEach((seg, i) => {
    edgeSource[i] = segSource[seg];
    edgeTarget[i] = segTarget[seg];
    edgeImportance[i] = net.edgeImportance[segEdge[seg]];
    polylinePoints.set(positions.subarray(segSource[seg] * 3, segSource[seg] * 3 + 3), i * 6);
    polylinePoints.set(positions.subarray(segTarget[seg] * 3, segTarget[seg] * 3 + 3), i * 6 + 3);
    polylineOffsets[i + 1] = 2 * (i + 1);
  });
  const segments = new Uint32Array(segmentsTotal);
  for (let s = 0; s < segmentsTotal; s++) segments[s] = slot[s];
  const level: ProcessedNetwork = {
    ...net, planes: undefined, layerSizes: levelSizes, nodePositions: positions, nodeImportance: importance,
    edgeSource, edgeTarget, edgeImportance, polylineOffsets, polylinePoints,
  };
  return { level, levelOfNode, segStart, segments };
}

/** Joins a bundled layered network back: original nodes' positions, one polyline per original edge. */
export function collapseLevels(x: LevelExpansion, positions: Float32Array, csr: { offsets: Uint32Array; points: Float32Array }): { positions: Float32Array; offsets: Uint32Array; points: Float32Array } {
  const N = x.levelOfNode.length;
  const out = new Float32Array(N * 3);
  for (let n = 0; n < N; n++) out.set(positions.subarray(x.levelOfNode[n] * 3, x.levelOfNode[n] * 3 + 3), n * 3);
  const E = x.segStart.length - 1;
  const offsets = new Uint32Array(E + 1);
  for (let e = 0; e < E; e++) {
    let points = 0;
    for (let k = x.segStart[e]; k < x.segStart[e + 1]; k++) points += csr.offsets[x.segments[k] + 1] - csr.offsets[x.segments[k]];
    // Consecutive segments share their joint (a dummy node): keep it once.
    offsets[e + 1] = offsets[e] + points - (x.segStart[e + 1] - x.segStart[e] - 1);
  }
  const points = new Float32Array(offsets[E] * 3);
  for (let e = 0; e < E; e++) {
    let at = offsets[e] * 3;
    for (let k = x.segStart[e]; k < x.segStart[e + 1]; k++) {
      const seg = x.segments[k];
      const from = csr.offsets[seg] + (k > x.segStart[e] ? 1 : 0);
      const to = csr.offsets[seg + 1];
      points.set(csr.points.subarray(from * 3, to * 3), at);
      at += (to - from) * 3;
    }
  }
  return { positions: out, offsets, points };
}

/**
 * The layered form of a bundled network: as expandLevels, with each joined polyline cut back into its
 * segments at the points where it crosses the levels between its planes (the joints were dummy nodes, so
 * they are points of the polyline), and the dummies placed at those joints.
 */
export function expandBundled(net: ProcessedNetwork): LevelExpansion | null {
  const x = expandLevels(net);
  if (!x) return null;
  const level = x.level;
  const E = net.edgeSource.length;
  const segCount = x.segments.length;
  const counts = new Uint32Array(segCount);
  const cuts = new Uint32Array(segCount + E); // per edge: point indices where its segments start and end
  const positions = level.nodePositions;
  let c = 0;
  for (let e = 0; e < E; e++) {
    const from = net.polylineOffsets[e];
    const to = net.polylineOffsets[e + 1];
    cuts[c++] = from;
    for (let k = x.segStart[e]; k < x.segStart[e + 1] - 1; k++) {
      // The joint: the point nearest in depth to the dummy ending this segment.
      const dummy = level.edgeTarget[x.segments[k]];
      const z = positions[dummy * 3 + 2];
      let best = cuts[c - 1];
      for (let p = cuts[c - 1]; p < to; p++) if (Math.abs(net.polylinePoints[p * 3 + 2] - z) < Math.abs(net.polylinePoints[best * 3 + 2] - z)) best = p;
      positions.set(net.polylinePoints.subarray(best * 3, best * 3 + 3), dummy * 3);
      cuts[c++] = best;
    }
    cuts[c++] = to - 1;
    for (let k = x.segStart[e], j = c - (x.segStart[e + 1] - x.segStart[e]) - 1; k < x.segStart[e + 1]; k++, j++) counts[x.segments[k]] = cuts[j + 1] - cuts[j] + 1;
  }
  const offsets = new Uint32Array(segCount + 1);
  for (let s = 0; s < segCount; s++) offsets[s + 1] = offsets[s] + Math.max(2, counts[s]);
  const points = new Float32Array(offsets[segCount] * 3);
  c = 0;
  for (let e = 0; e < E; e++) {
    for (let k = x.segStart[e]; k < x.segStart[e + 1]; k++, c++) {
      const seg = x.segments[k];
      const a = cuts[c];
      const b = cuts[c + 1];
      if (b > a) points.set(net.polylinePoints.subarray(a * 3, (b + 1) * 3), offsets[seg] * 3);
      else {
        // A degenerate cut (two joints on one point): a straight two-point segment between its nodes.
        points.set(positions.subarray(level.edgeSource[seg] * 3, level.edgeSource[seg] * 3 + 3), offsets[seg] * 3);
        points.set(positions.subarray(level.edgeTarget[seg] * 3, level.edgeTarget[seg] * 3 + 3), offsets[seg] * 3 + 3);
      }
    }
    c++;
  }
  return { ...x, level: { ...level, nodePositions: positions, polylineOffsets: offsets, polylinePoints: points } };
}
