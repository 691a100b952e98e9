/** All quality metrics of a bundled network against its straight version, as stored in the file's statistics. */
import { bundlingConstants } from '../bundling/schedule';
import type { ProcessedNetwork } from '../format/processed-network';
import { nodeClassData } from '../importance/sample-classes';
import { classSeparation } from './class-separation';
import { distortion, nonMonotonicEdges, pointBounds, voxelInk, type Polylines } from './geometry';
import { checkInvariants } from './invariants';

export interface QualityMetrics {
  distortionMean: number;
  distortionMedian: number;
  distortionMax: number;
  voxelInkRatio: number;
  nonMonotonicEdges: number;
  classSeparation: number;
  classSeparationStraight: number;
  movedEndpoints: number;
  nonFinite: number;
  spacingOutliers: number;
}

/** Straight two-point polylines between the network's (final) node positions. */
export function straightLines(net: ProcessedNetwork): Polylines {
  const E = net.edgeSource.length;
  const points = new Float32Array(E * 6);
  for (let e = 0; e < E; e++) {
    points.set(net.nodePositions.subarray(net.edgeSource[e] * 3, net.edgeSource[e] * 3 + 3), e * 6);
    points.set(net.nodePositions.subarray(net.edgeTarget[e] * 3, net.edgeTarget[e] * 3 + 3), e * 6 + 3);
  }
  return { offsets: Uint32Array.from({ length: E + 1 }, (_, i) => i * 2), points };
}

/** Computes every metric; `bundled` must hold the bundled polylines, compared with straight edges between its nodes. */
export function qualityMetrics(bundled: ProcessedNetwork): QualityMetrics {
  const L = bundlingConstants(bundled.configs.processing).sampleLength;
  const voxel = L / 3;
  const lines = { offsets: bundled.polylineOffsets, points: bundled.polylinePoints };
  const straight = straightLines(bundled);
  const bounds = pointBounds(lines.points);
  const dist = distortion(lines);
  const inv = checkInvariants(bundled, L);
  const nodes = nodeClassData(bundled.nodeImportance, bundled.classCount);
  const sep = (l: Polylines) => classSeparation({ lines: l, source: bundled.edgeSource, target: bundled.edgeTarget, nodes, edgeImportanceType: 0, cell: L / 2, probes: 2000 });
  // Straight lines get the same sample density as the bundled ones for a fair neighbourhood comparison.
  const straightSampled = resampleStraight(straight, L);
  return {
    distortionMean: dist.mean, distortionMedian: dist.median, distortionMax: dist.max,
    voxelInkRatio: voxelInk(lines, voxel, bounds) / voxelInk(straight, voxel, bounds),
    nonMonotonicEdges: nonMonotonicEdges(lines),
    classSeparation: sep(lines), classSeparationStraight: sep(straightSampled),
    movedEndpoints: inv.movedEndpoints, nonFinite: inv.nonFinite, spacingOutliers: inv.spacingOutliers,
  };
}

function resampleStraight(lines: Polylines, L: number): Polylines {
  const E = lines.offsets.length - 1;
  const p = lines.points;
  const counts = new Uint32Array(E);
  for (let e = 0; e < E; e++) {
    const len = Math.sqrt((p[e * 6 + 3] - p[e * 6]) ** 2 + (p[e * 6 + 4] - p[e * 6 + 1]) ** 2 + (p[e * 6 + 5] - p[e * 6 + 2]) ** 2);
    counts[e] = Math.max(1, Math.ceil(len / L)) + 1;
  }
  const offsets = new Uint32Array(E + 1);
  for (let e = 0; e < E; e++) offsets[e + 1] = offsets[e] + counts[e];
  const points = new Float32Array(offsets[E] * 3);
  for (let e = 0; e < E; e++) {
    const n = counts[e] - 1;
    for (let j = 0; j <= n; j++) for (let c = 0; c < 3; c++) points[(offsets[e] + j) * 3 + c] = p[e * 6 + c] + (j / n) * (p[e * 6 + 3 + c] - p[e * 6 + c]);
  }
  return { offsets, points };
}
