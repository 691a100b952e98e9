/**
 * Class separation (bundling-fast.md §3.5): the mean cosine similarity between a sample's class vector and
 * those of its k nearest samples on other edges. Bundling that groups by class raises it.
 */
import { sampleClassWeights, type NodeClassData } from '../importance/sample-classes';
import { createRng } from '../util/rng';
import { pointBounds, type Polylines } from './geometry';

export interface SeparationInput {
  lines: Polylines;
  source: Uint32Array;
  target: Uint32Array;
  nodes: NodeClassData;
  edgeImportanceType: number;
  /** Probe samples drawn (seeded); neighbours come from all samples. */
  probes?: number;
  k?: number;
  /** Neighbour search cell (world units). */
  cell: number;
  seed?: number;
}

/** The 27 bucket offsets, the probe's own bucket (0, 0, 0) first. */
const kVisit = Int8Array.from([[0, 0, 0], ...[-1, 0, 1].flatMap((dx) => [-1, 0, 1].flatMap((dy) => [-1, 0, 1].map((dz) => [dx, dy, dz])))
  .filter(([dx, dy, dz]) => dx || dy || dz)].flat());

/** Distance, in cells, from a point at fraction f of its cell to the neighbour cell at offset d (−1, 0, 1). */
function gapTo(f: number, d: number): number {
  return d === 0 ? 0 : d > 0 ? 1 - f : f;
}

/** Mean over probes of the mean cosine to the k nearest samples of other edges (interior samples only). */
export function classSeparation(input: SeparationInput): number {
  const { lines, nodes, cell } = input;
  const C = nodes.classCount;
  const k0 = input.k ?? 8;
  const p = lines.points;
  const E = lines.offsets.length - 1;
  const total = lines.offsets[E];
  const edgeOf = new Uint32Array(total);
  const tOf = new Float32Array(total);
  for (let e = 0; e < E; e++) {
    const n = lines.offsets[e + 1] - lines.offsets[e];
    for (let j = 0; j < n; j++) { edgeOf[lines.offsets[e] + j] = e; tOf[lines.offsets[e] + j] = j / (n - 1); }
  }
  // Counting-sort buckets on a uniform grid of `cell`: bucketStart[c]..bucketStart[c+1] index `order`.
  const b = pointBounds(p);
  const inv = 1 / cell;
  const nx = Math.floor((b[3] - b[0]) * inv) + 1;
  const ny = Math.floor((b[4] - b[1]) * inv) + 1;
  const nz = Math.floor((b[5] - b[2]) * inv) + 1;
  if (nx * ny * nz > 1 << 28) throw new Error(`class separation: ${nx}×${ny}×${nz} buckets of size ${cell} are too many`);
  const bucketOf = (x: number, y: number, z: number) => {
    const ix = Math.floor((x - b[0]) * inv);
    const iy = Math.floor((y - b[1]) * inv);
    const iz = Math.floor((z - b[2]) * inv);
    return ix < 0 || iy < 0 || iz < 0 || ix >= nx || iy >= ny || iz >= nz ? -1 : (iz * ny + iy) * nx + ix;
  };
  const bucketStart = new Uint32Array(nx * ny * nz + 1);
  const sampleBucket = new Int32Array(total);
  for (let i = 0; i < total; i++) {
    const k = bucketOf(p[i * 3], p[i * 3 + 1], p[i * 3 + 2]);
    sampleBucket[i] = k;
    bucketStart[k + 1]++;
  }
  for (let k = 0; k < nx * ny * nz; k++) bucketStart[k + 1] += bucketStart[k];
  const fill = bucketStart.slice(0, nx * ny * nz);
  const order = new Uint32Array(total);
  for (let i = 0; i < total; i++) order[fill[sampleBucket[i]]++] = i;
  const rng = createRng(input.seed ?? 7);
  const probes = Math.min(input.probes ?? 2000, total);
  const a = new Float32Array(C);
  const bw = new Float32Array(C);
  const weights = (i: number, out: Float32Array) => sampleClassWeights(input.edgeImportanceType, tOf[i], nodes, input.source[edgeOf[i]], input.target[edgeOf[i]], out);
  const cosine = () => {
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let c = 0; c < C; c++) { dot += a[c] * bw[c]; na += a[c] * a[c]; nb += bw[c] * bw[c]; }
    return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
  };
  let sum = 0;
  let counted = 0;
  const nearD = new Float64Array(k0);
  const nearI = new Int32Array(k0);
  for (let q = 0; q < probes; q++) {
    const i = Math.floor(rng() * total);
    if (tOf[i] === 0 || tOf[i] === 1) continue;
    nearD.fill(Infinity);
    nearI.fill(-1);
    const x = p[i * 3];
    const y = p[i * 3 + 1];
    const z = p[i * 3 + 2];
    // The probe's own bucket first; a neighbour bucket is skipped when even its nearest corner is farther
    // than the k-th nearest so far (the same neighbours as scanning all 27; dense bundles scan ~1 bucket).
    const fx = (x - b[0]) * inv - Math.floor((x - b[0]) * inv);
    const fy = (y - b[1]) * inv - Math.floor((y - b[1]) * inv);
    const fz = (z - b[2]) * inv - Math.floor((z - b[2]) * inv);
    for (let n = 0; n < 27; n++) {
      const dx = kVisit[n * 3];
      const dy = kVisit[n * 3 + 1];
      const dz = kVisit[n * 3 + 2];
      const gap = (gapTo(fx, dx) ** 2 + gapTo(fy, dy) ** 2 + gapTo(fz, dz) ** 2) * cell * cell;
      if (gap >= nearD[k0 - 1]) continue;
      const k = bucketOf(x + dx * cell, y + dy * cell, z + dz * cell);
      if (k < 0) continue;
      for (let r = bucketStart[k]; r < bucketStart[k + 1]; r++) {
        const j = order[r];
        if (edgeOf[j] === edgeOf[i]) continue;
        const d = (p[j * 3] - x) ** 2 + (p[j * 3 + 1] - y) ** 2 + (p[j * 3 + 2] - z) ** 2;
        if (d >= nearD[k0 - 1]) continue;
        let at = k0 - 1;
        while (at > 0 && nearD[at - 1] > d) { nearD[at] = nearD[at - 1]; nearI[at] = nearI[at - 1]; at--; }
        nearD[at] = d;
        nearI[at] = j;
      }
    }
    if (nearI[0] < 0) continue;
    weights(i, a);
    let local = 0;
    let m = 0;
    for (let r = 0; r < k0 && nearI[r] >= 0; r++) { weights(nearI[r], bw); local += cosine(); m++; }
    sum += local / m;
    counted++;
  }
  return counted ? sum / counted : 0;
}
