import { loadTfjsGraphFile } from '../model/load-node';
import { forwardGraph } from '../nn/graph-forward';
import { fromDigitSet } from '../data/dataset';
import { decodeDigitSet } from '../format/digits';
import { readFileSync } from 'node:fs';
const g = await loadTfjsGraphFile('/tmp/train-out/models/mnist-resnet/model.json');
const d = fromDigitSet(decodeDigitSet(readFileSync('src/assets/digits/mnist-heldout.nnwd')), 'x');
for (const training of [false, true]) {
  let hit = 0; const n = 1000;
  for (let from = 0; from < n; from += 100) {
    const out = forwardGraph(g, d.inputs.subarray(from * 784, (from + 100) * 784), 100, { training }).values[g.output];
    for (let s = 0; s < 100; s++) { let b = 0; for (let c = 1; c < 10; c++) if (out[s * 10 + c] > out[s * 10 + b]) b = c; if (b === d.labels[from + s]) hit++; }
  }
  console.log('training', training, hit / n);
}
for (const op of g.ops) if (op.kind === 'batchnorm') console.log(op.name, Array.from(op.mean.slice(0, 3)).map(v=>v.toFixed(3)), Array.from(op.variance.slice(0, 3)).map(v=>v.toFixed(3)));
