/**
 * Class-aware bundling on a few class components. The density grid has one channel per class, so a network
 * with ImageNet's 1,000 classes costs 1,000 floats per cell and sample. Bundling reads class vectors only
 * through linear maps (splatting sums them, the potential takes the dot product ŵ·ρ and the norm ‖ρ‖), so it
 * can run on the projection of every node's class vector onto a K-dimensional subspace: dot products and
 * norms inside the subspace are kept exactly, and the subspace is chosen to hold most of the class vectors
 * (the leading right singular vectors of the nodes' unit class vectors, uncentred: all importances are
 * non-negative, so the first one is their mean direction and ‖ρ‖ is nearly kept too). When the class vectors
 * span at most K dimensions the projection changes nothing. The exact classes stay in the network for
 * colour, details and the metrics; only the bundling input is projected.
 */
import type { ProcessedNetwork } from '../format/processed-network';
import { nodeClassData } from '../importance/sample-classes';
import { createRng } from '../util/rng';

/** Subspace-iteration rounds: enough for the leading directions of importance matrices measured here. */
const kRounds = 6;

/**
 * An orthonormal basis (C × K, column k at [k·C, (k+1)·C)) of the dominant K-dimensional row space of the
 * N × C `importance`, each row scaled to unit length (zero rows are left out). Seeded: every thread of a
 * split run derives the same basis from the same data.
 */
export function classBasis(importance: Float32Array, C: number, K: number, seed = 1): Float64Array {
  const N = importance.length / C;
  const unit = nodeClassData(importance, C).unit;
  const rng = createRng(seed);
  const basis = new Float64Array(C * K);
  for (let i = 0; i < basis.length; i++) basis[i] = rng() - 0.5;
  orthonormalise(basis, C, K, rng);
  const y = new Float64Array(N * K);
  for (let round = 0; round < kRounds; round++) {
    // y = U·V, then V = orth(Uᵀ·y): one power step of UᵀU on the whole subspace.
    projectRows(unit, C, basis, K, y);
    basis.fill(0);
    for (let i = 0; i < N; i++) {
      const row = i * C;
      for (let k = 0; k < K; k++) {
        const v = y[i * K + k];
        if (v === 0) continue;
        const col = k * C;
        for (let c = 0; c < C; c++) basis[col + c] += v * unit[row + c];
      }
    }
    orthonormalise(basis, C, K, rng);
  }
  return basis;
}

/**
 * Gram–Schmidt, twice per column for round-off; a column that vanishes (the rows span fewer than K
 * dimensions) is replaced by a fresh random direction, so the basis stays orthonormal.
 */
function orthonormalise(basis: Float64Array, C: number, K: number, rng: () => number): void {
  for (let k = 0; k < K; k++) {
    const col = k * C;
    for (let attempt = 0; ; attempt++) {
      let before = 0;
      for (let c = 0; c < C; c++) before += basis[col + c] ** 2;
      for (let pass = 0; pass < 2; pass++) {
        for (let j = 0; j < k; j++) {
          let dot = 0;
          for (let c = 0; c < C; c++) dot += basis[col + c] * basis[j * C + c];
          for (let c = 0; c < C; c++) basis[col + c] -= dot * basis[j * C + c];
        }
      }
      let sq = 0;
      for (let c = 0; c < C; c++) sq += basis[col + c] ** 2;
      if (sq > 1e-20 * Math.max(before, 1e-300) && sq > 0) {
        const inv = 1 / Math.sqrt(sq);
        for (let c = 0; c < C; c++) basis[col + c] *= inv;
        break;
      }
      if (attempt > 8) throw new Error(`cannot find ${K} orthogonal directions among ${C} classes`);
      for (let c = 0; c < C; c++) basis[col + c] = rng() - 0.5;
    }
  }
}

/** `importance` (N × C) projected onto `basis` (C × K): N × K. */
export function projectClasses(importance: Float32Array, C: number, basis: Float64Array, K: number): Float32Array {
  return projectRows(importance, C, basis, K, new Float32Array((importance.length / C) * K));
}

/** Writes rows (N × C) · basis (C × K) into `out` (N × K) and returns it. */
function projectRows<T extends Float32Array | Float64Array>(rows: Float32Array, C: number, basis: Float64Array, K: number, out: T): T {
  for (let i = 0, row = 0; row < rows.length; i++, row += C) {
    for (let k = 0; k < K; k++) {
      let s = 0;
      const col = k * C;
      for (let c = 0; c < C; c++) s += rows[row + c] * basis[col + c];
      out[i * K + k] = s;
    }
  }
  return out;
}

/** Bases by importance array: local re-bundles of one network (every drag) reuse theirs. */
const bases = new WeakMap<Float32Array, { C: number; K: number; basis: Float64Array }>();

function cachedBasis(importance: Float32Array, C: number, K: number): Float64Array {
  const hit = bases.get(importance);
  if (hit && hit.C === C && hit.K === K) return hit.basis;
  const basis = classBasis(importance, C, K);
  bases.set(importance, { C, K, basis });
  return basis;
}

/** The bundling input of `net` and how to put its exact classes back on a bundled result. */
export interface ClassProjection {
  net: ProcessedNetwork;
  restore(bundled: ProcessedNetwork): ProcessedNetwork;
}

/**
 * `net` with its class vectors on `class_components` components when it has more classes (unchanged
 * otherwise). `restore` gives a bundled result of the same nodes its exact classes back; a result of
 * other nodes (a split run's layered form, joined onto the original network by the caller) passes as is.
 */
export function projectForBundling(net: ProcessedNetwork): ClassProjection {
  const C = net.classCount;
  const K = net.configs.processing.class_components;
  if (C <= K) return { net, restore: (b) => b };
  const basis = cachedBasis(net.nodeImportance, C, K);
  // The statistic rides on the projected network, so every backend's result (and a joined split run) has it.
  const projected: ProcessedNetwork = {
    ...net, classCount: K, nodeImportance: projectClasses(net.nodeImportance, C, basis, K), stats: { ...net.stats, classComponents: K },
  };
  return {
    net: projected,
    restore(b) {
      if (b.nodePositions.length !== net.nodePositions.length) return b;
      return { ...b, classCount: C, nodeImportance: net.nodeImportance };
    },
  };
}
