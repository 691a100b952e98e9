/**
 * `npm run bench:visualize`: feature visualization (processing/visualize) of every plane of the embedded
 * MLP and LeNet in Node, one thread, default settings: time per plane, the share of units whose image
 * reaches the unit's largest value on 500 held-out digits, and how many class images the model reads as
 * their class. `--resnet` adds the embedded ResNet's first planes (8 channels each). Asserts nothing.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fromDigitSet } from '../data/dataset';
import { decodeDigitSet } from '../format/digits';
import { buildChannelGraph } from '../graph/channel-graph';
import { loadModelFile } from '../model/load-node';
import { forwardGraph, graphProbabilities } from '../nn/graph-forward';
import { ascend, kAscentDefaults } from '../visualize/ascent';
import { heldOutStats, honestyOf } from '../visualize/honesty';
import { imageStatsOf } from '../visualize/regularise';
import { planeTargets } from '../visualize/targets';

const root = join(import.meta.dirname, '..', '..');
const held = fromDigitSet(decodeDigitSet(new Uint8Array(readFileSync(join(root, 'src/assets/digits/mnist-heldout.nnwd')))), 'held-out');
const stats = imageStatsOf(held.inputs);
const kBatch = 32;

console.log(`feature visualization: ${kAscentDefaults.iterations} iterations, step ${kAscentDefaults.step}, batches of ${kBatch}; ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, one thread`);
const models: [string, number][] = [['mnist-mlp', Infinity], ['mnist-lenet', Infinity], ...(process.argv.includes('--resnet') ? [['mnist-resnet', 8] as [string, number]] : [])];
for (const [id, cap] of models) {
  const graph = await loadModelFile(join(root, `src/assets/models/${id}/model.json`));
  const targets = planeTargets(graph, buildChannelGraph(graph));
  let beat = 0;
  let total = 0;
  console.log(`${id}:`);
  for (const [index, t] of targets.entries()) {
    if (Number.isFinite(cap) && index > 2) break;
    const count = Math.min(t.units, cap);
    const t0 = performance.now();
    const reached = new Float32Array(count);
    let images: Float32Array = new Float32Array(0);
    for (let from = 0; from < count; from += kBatch) {
      const units = Array.from({ length: Math.min(kBatch, count - from) }, (_, k) => from + k);
      const r = ascend(graph, t, units, { stats });
      reached.set(r.reached, from);
      images = r.images;
    }
    const seconds = (performance.now() - t0) / 1000;
    const hs = heldOutStats(graph, t, held, 500);
    let ok = 0;
    for (let u = 0; u < count; u++) if (honestyOf(reached[u], hs, u).beatsData) ok++;
    beat += ok;
    total += count;
    let classes = '';
    if (index === targets.length - 1 && count === graph.classCount) {
      const p = graphProbabilities(graph, forwardGraph(graph, images, count));
      let right = 0;
      for (let k = 0; k < count; k++) {
        const row = p.subarray(k * graph.classCount, (k + 1) * graph.classCount);
        if (row.indexOf(Math.max(...row)) === k) right++;
      }
      classes = `; ${right} of ${count} class images read as their class`;
    }
    console.log(`  ${t.name.padEnd(24)} ${String(count).padStart(4)} ${t.spatial ? 'channels' : 'units   '} ${seconds.toFixed(1).padStart(6)} s  reach their held-out max: ${ok}/${count}${classes}`);
  }
  console.log(`  all: ${beat} of ${total} (${((100 * beat) / total).toFixed(1)} %) reach their largest held-out value`);
}
