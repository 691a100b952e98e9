import * as tf from '@tensorflow/tfjs';
import { buildLeNet, buildResNet } from './cnn-models';
import { graphOfModel } from './graph-roundtrip';
import { buildChannelGraph, planeLabel } from '../graph/channel-graph';
import { forwardGraph } from '../nn/graph-forward';
await tf.setBackend('cpu');
for (const build of [buildLeNet, buildResNet]) {
  const m = build();
  const g = await graphOfModel(m);
  const cg = buildChannelGraph(g);
  for (const p of cg.planes) console.log(p.depth, p.lane, planeLabel(p), p.folded.join(','), 'in', p.inputs.join(','));
  console.log('edges', cg.edgeSource.length);
  const x = new Float32Array(2 * 784).map((_, i) => (Math.sin(i * 0.37) + 1) / 2);
  const pass = forwardGraph(g, x, 2);
  const ours = pass.values[g.output];
  const ref = (m.predict(tf.tensor(x, [2, 28, 28, 1])) as tf.Tensor).dataSync();
  let d = 0; for (let i = 0; i < ours.length; i++) d = Math.max(d, Math.abs(ours[i] - ref[i]));
  console.log(m.name, 'max diff', d);
}
