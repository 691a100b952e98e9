import { loadTfjsGraphFile } from '../model/load-node';
import { forwardGraph } from '../nn/graph-forward';
import { fromDigitSet } from '../data/dataset';
import { decodeDigitSet } from '../format/digits';
import { loadMnistPackage, splitMnist } from '../data/mnist-node';
import { digitArrays } from './tf-helpers';
import { recalibrateBatchNorm } from './graph-train';
import { readFileSync } from 'node:fs';
const g = await loadTfjsGraphFile('/tmp/train-out/models/mnist-resnet/model.json');
const d = fromDigitSet(decodeDigitSet(readFileSync('src/assets/digits/mnist-heldout.nnwd')), 'x');
const { train } = splitMnist(loadMnistPackage());
const t = performance.now();
recalibrateBatchNorm(g, digitArrays(train).xs, train.count);
console.log('recal', (performance.now() - t).toFixed(0));
let hit = 0; const n = 2000;
for (let from = 0; from < n; from += 100) {
  const out = forwardGraph(g, d.inputs.subarray(from * 784, (from + 100) * 784), 100).values[g.output];
  for (let s = 0; s < 100; s++) { let b = 0; for (let c = 1; c < 10; c++) if (out[s * 10 + c] > out[s * 10 + b]) b = c; if (b === d.labels[from + s]) hit++; }
}
console.log('acc', hit / n);
