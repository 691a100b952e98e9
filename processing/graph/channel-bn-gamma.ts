/**
 * nn_vis's BN-γ per class for networks with planes: a γ-only scale on the value of every plane but the
 * output (for planes that end in the model's own BatchNormalization this scales that layer's γ), every
 * original weight frozen, the output read as nn_vis's 2-way "class k vs rest" (logit_k against the sum of
 * the others' logits, as nn_vis builds it from the trained output layer), γ fine-tuned per class with L1
 * on γ. |γ| normalised per plane over nodes and classes is the importance. Unlike the MLP probe (batch
 * statistics in front of every Dense layer) the scale keeps each channel's values as the model computes
 * them: a CNN's feature maps already pass through its own normalisation, and new statistics would change
 * what every later layer sees.
 */
import type { LabeledData } from '../data/dataset';
import { channelsOf, shapeSize, type ModelGraph, type Op } from '../model/model-graph';
import { backwardGraph } from '../nn/graph-backward';
import { forwardGraph } from '../nn/graph-forward';
import { createRng } from '../util/rng';
import { classSplitRows } from '../importance/class-split';
import type { ChannelGraph } from './channel-graph';
import { normalisedEdgeWeights, planeOffsets, type ChannelImportance } from './channel-importance';

export interface ChannelBnOptions { epochs: number; batchSize: number; samplesPerClass: number; learningRate: number; l1: number; seed: number }

/** Sized for the embedded CNNs on two cores (the LeNet ≈ 20 s, the ResNet ≈ 1–2 min). */
export const kChannelBnDefaults: ChannelBnOptions = { epochs: 2, batchSize: 32, samplesPerClass: 200, learningRate: 0.02, l1: 1e-4, seed: 1 };

/** The model with an identity γ-scale (a BatchNormalization with mean 0, variance 1, ε 0) after each hidden plane's value. */
function probeGraph(graph: ModelGraph, cg: ChannelGraph): { probe: ModelGraph; scales: number[] } {
  const valueOps = new Map<number, number>();
  cg.planes.forEach((p, q) => { if (q < cg.planes.length - 1) valueOps.set(p.op, q); });
  const ops: Op[] = [];
  const remap: number[] = [];
  const scales: number[] = new Array(cg.planes.length - 1);
  graph.ops.forEach((op, i) => {
    ops.push({ ...op, inputs: op.inputs.map((j) => remap[j]) } as Op);
    remap[i] = ops.length - 1;
    const q = valueOps.get(i);
    if (q === undefined) return;
    const C = channelsOf(op.shape);
    ops.push({ kind: 'batchnorm', name: `${op.name}/γ`, className: 'BatchNormalization', inputs: [remap[i]], shape: op.shape, gamma: new Float32Array(C).fill(1), beta: new Float32Array(C), mean: new Float32Array(C), variance: new Float32Array(C).fill(1), epsilon: 0 });
    remap[i] = ops.length - 1;
    scales[q] = ops.length - 1;
  });
  return { probe: { ...graph, ops, output: remap[graph.output] }, scales };
}

/** BN-γ channel importance, one fine-tuning per class; `onClass` reports progress. */
export function channelBnGamma(graph: ModelGraph, cg: ChannelGraph, train: LabeledData, options: ChannelBnOptions = kChannelBnDefaults, onClass?: (k: number, C: number) => void): ChannelImportance {
  const C = cg.classCount;
  const { probe, scales } = probeGraph(graph, cg);
  const offsets = planeOffsets(cg);
  const nodes = new Float32Array(offsets[offsets.length - 1] * C);
  const n = shapeSize(graph.ops[0].shape);
  const rng = createRng(options.seed);
  const last = probe.ops[probe.output];
  const logitsOp = last.kind === 'activation' && last.activation.name === 'softmax' ? last.inputs[0] : probe.output;
  for (let k = 0; k < C; k++) {
    onClass?.(k, C);
    const gammas = scales.map((s) => (probe.ops[s] as Extract<Op, { kind: 'batchnorm' }>).gamma);
    for (const g of gammas) g.fill(1);
    const m = gammas.map((g) => new Float32Array(g.length));
    const v = gammas.map((g) => new Float32Array(g.length));
    const split = classSplitRows(train, k, C, options.samplesPerClass, rng);
    let step = 0;
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      for (let at = 0; at < split.rows.length; at += options.batchSize) {
        const B = Math.min(options.batchSize, split.rows.length - at);
        const x = new Float32Array(B * n);
        for (let r = 0; r < B; r++) x.set(train.inputs.subarray(split.rows[at + r] * n, (split.rows[at + r] + 1) * n), r * n);
        const pass = forwardGraph(probe, x, B);
        const z = pass.pre[logitsOp] ?? pass.values[logitsOp];
        // 2-way logits a = z_k, b = Σ_{j≠k} z_j; softmax cross-entropy on (a, b); ∂/∂z_k = ∂/∂a, ∂/∂z_j = ∂/∂b.
        const dz = new Float32Array(B * C);
        for (let r = 0; r < B; r++) {
          let a = 0, b = 0;
          for (let c = 0; c < C; c++) (c === k ? (a += z[r * C + c]) : (b += z[r * C + c]));
          const mx = Math.max(a, b);
          const pa = Math.exp(a - mx) / (Math.exp(a - mx) + Math.exp(b - mx));
          const da = (pa - (split.rest[at + r] ? 0 : 1)) / B;
          for (let c = 0; c < C; c++) dz[r * C + c] = c === k ? da : -da;
        }
        const grads = backwardGraph(probe, pass, dz, { params: true });
        step++;
        const lr = options.learningRate * Math.sqrt(1 - 0.999 ** step) / (1 - 0.9 ** step);
        scales.forEach((s, q) => {
          const g = grads.params[s]?.gamma;
          if (!g) return;
          const gamma = gammas[q];
          for (let c = 0; c < gamma.length; c++) {
            const d = g[c] + options.l1 * Math.sign(gamma[c]);
            m[q][c] = 0.9 * m[q][c] + 0.1 * d;
            v[q][c] = 0.999 * v[q][c] + 0.001 * d * d;
            gamma[c] -= (lr * m[q][c]) / (Math.sqrt(v[q][c]) + 1e-7);
          }
        });
      }
    }
    gammas.forEach((g, q) => { for (let c = 0; c < g.length; c++) nodes[(offsets[q] + c) * C + k] = Math.abs(g[c]); });
  }
  for (let q = 0; q + 1 < cg.sizes.length; q++) {
    let max = 0;
    for (let i = offsets[q] * C; i < offsets[q + 1] * C; i++) max = Math.max(max, nodes[i]);
    if (max > 0) for (let i = offsets[q] * C; i < offsets[q + 1] * C; i++) nodes[i] /= max;
  }
  const out = cg.sizes.length - 1;
  for (let c = 0; c < C; c++) nodes[(offsets[out] + c) * C + c] = 1;
  return { method: 'bn', nodes, edges: normalisedEdgeWeights(cg) };
}
