/**
 * Every held-out sample's predicted class through a loaded model (a Dense chain or a model graph), in
 * batches so a worker can report progress between them; optionally with pruned kernels (chains) or
 * channel masks (graphs). The one place the pruning curves, the app's error view and the pruning slider
 * get their predictions from.
 */
import type { LabeledData } from '../data/dataset';
import type { LiveModel } from '../input/live-model';
import { shapeSize } from '../model/model-graph';
import { forward } from '../nn/mlp';
import { forwardGraph } from '../nn/graph-forward';

/** What to change in the model for one evaluation. */
export interface PredictOptions {
  /** Chains: a kernel per Dense layer (null: the layer's own). */
  kernels?: (Float32Array | null)[];
  /** Graphs: per op, multiplies its output channels (0 prunes a channel). */
  channelMasks?: (Float32Array | null)[];
  /** Called after each batch with samples done and the total. */
  onBatch?: (done: number, total: number) => void;
}

/** Samples per forward pass: a chain's matrices stay cache-friendly; a CNN's maps are larger. */
const kChainBatch = 250;
const kGraphBatch = 50;

/** Argmax of each row of an S × C output block into `out` from `at`. */
function argmaxRows(values: Float32Array, samples: number, C: number, out: Uint32Array, at: number): void {
  for (let s = 0; s < samples; s++) {
    const base = s * C;
    let best = 0;
    for (let c = 1; c < C; c++) if (values[base + c] > values[base + best]) best = c;
    out[at + s] = best;
  }
}

/** Predicted class per sample of `data` (ties go to the lower class, like argmax). */
export function predictSamples(model: LiveModel, data: LabeledData, options: PredictOptions = {}): Uint32Array {
  const n = model.kind === 'chain' ? model.chain.inputSize : shapeSize(model.graph.ops[0].shape);
  if (data.inputSize !== n) throw new Error(`the data's samples have ${data.inputSize} values; the model takes ${n}`);
  const C = model.kind === 'chain' ? model.chain.classCount : model.graph.classCount;
  const out = new Uint32Array(data.count);
  const batch = model.kind === 'chain' ? kChainBatch : kGraphBatch;
  for (let from = 0; from < data.count; from += batch) {
    const B = Math.min(batch, data.count - from);
    const rows = data.inputs.subarray(from * n, (from + B) * n);
    if (model.kind === 'chain') {
      const pass = forward(model.chain, rows, B, { kernels: options.kernels });
      argmaxRows(pass.activations[pass.activations.length - 1], B, C, out, from);
    } else {
      const pass = forwardGraph(model.graph, rows, B, { channelMasks: options.channelMasks });
      argmaxRows(pass.values[model.graph.output], B, C, out, from);
    }
    options.onBatch?.(from + B, data.count);
  }
  return out;
}
