/**
 * The channel graph of a CNN (planes, folded ops, lanes, skip edges, edge weights), per-class channel
 * importance on a hand-checkable conv net, and bundling of skip edges: the invariants of bundling-fast.md
 * (endpoints fixed, monotone in depth, no NaN, sample spacing) hold for every edge.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { bundleNetwork } from '../../processing/bundling/bundle';
import { rebundleLocal } from '../../processing/bundling/local';
import { bundlingConstants } from '../../processing/bundling/schedule';
import { defaultProcessingConfig } from '../../processing/config/processing-config';
import { buildChannelGraph, planeLabel } from '../../processing/graph/channel-graph';
import { channelTaylor, channelWeightPath, normalisedEdgeWeights } from '../../processing/graph/channel-importance';
import { buildChannelNetwork } from '../../processing/graph/build-channel-network';
import { tracePicture, traceNode } from '../../processing/input/trace';
import { defaultRenderingConfig } from '../../processing/config/rendering-config';
import { checkInvariants } from '../../processing/metrics/invariants';
import { graphOfModel } from '../../processing/train/graph-roundtrip';
import { embeddedGraph, heldOut, maxDiff } from '../fixtures/cnn';
import { channelBnGamma, kChannelBnDefaults } from '../../processing/graph/channel-bn-gamma';
import { handConvModel, resnetGraph, resnetNetwork } from '../fixtures/cnn-networks';

/** Steps where a polyline goes back in depth (z), over all edges. */
function backwardSteps(points: Float32Array, offsets: Uint32Array): number {
  let bad = 0;
  for (let e = 0; e + 1 < offsets.length; e++) for (let k = offsets[e]; k + 1 < offsets[e + 1]; k++) if (points[(k + 1) * 3 + 2] < points[k * 3 + 2] - 1e-6) bad++;
  return bad;
}

describe('channel graph', () => {
  it('maps the ResNet to planes with folded BN and ReLU, a lane for the projection and skip edges for the shortcuts', async () => {
    const cg = buildChannelGraph(await resnetGraph());
    expect(cg.planes.map(planeLabel)).toEqual([
      'input 28×28', 'conv 16 @ 28×28', 'maxpool 16 @ 14×14',
      'conv 16 @ 14×14', 'conv 16 @ 14×14', 'add 16 @ 14×14', 'conv 16 @ 14×14', 'conv 16 @ 14×14', 'add 16 @ 14×14',
      'maxpool 16 @ 7×7', 'conv 32 @ 7×7', 'conv 32 @ 7×7', 'conv 32 @ 7×7', 'add 32 @ 7×7', 'globalpool 32', 'dense 10',
    ]);
    expect(cg.planes[1].folded).toEqual(['BatchNormalization stem_bn', 'ReLU stem_relu']);
    expect(cg.planes[5].folded).toEqual(['ReLU block1_out']);
    // block3's first conv and its projection share a depth: two lanes.
    expect([cg.planes[10].name, cg.planes[10].depth, cg.planes[10].lane]).toEqual(['block3_conv1', 10, 0]);
    expect([cg.planes[11].name, cg.planes[11].depth, cg.planes[11].lane]).toEqual(['block3_proj', 10, 1]);
    const depth = cg.planes.flatMap((p, i) => new Array(cg.sizes[i]).fill(p.depth));
    let skips = 0;
    for (let e = 0; e < cg.edgeSource.length; e++) if (depth[cg.edgeTarget[e]] - depth[cg.edgeSource[e]] > 1) skips++;
    // Two identity shortcuts of 16 channels over 3 depths, one projection of 32 channels over 2.
    expect(skips).toBe(16 + 16 + 32);
    // Σ conv C_in·C_out + 1:1 links.
    expect(cg.edgeSource.length).toBe(16 + 16 + 4 * 256 + 16 * 2 + 16 + 16 * 32 + 32 * 32 + 16 * 32 + 2 * 32 + 32 + 320 + 2 * 16);
  });

  it('weights conv edges by kernel-slice norms and gives hand-checked weight-path importance', async () => {
    const cg = buildChannelGraph(await graphOfModel(await handConvModel()));
    expect(cg.planes.map(planeLabel)).toEqual(['input 4×4', 'conv 2 @ 3×3', 'globalpool 2', 'dense 2']);
    expect(Array.from(cg.edgeWeight)).toEqual([2, 5, 1, 1, 1, 0, 0, 2]);
    const imp = channelWeightPath(cg);
    // Output one-hot; gap = conv = [[0.5, 0], [0, 1]] (W / max |W|); input = 0.4·[0.5, 0] + 1·[0, 1], normalised.
    expect(Array.from(imp.nodes)).toEqual([0.2, 1, 0.5, 0, 0, 1, 0.5, 0, 0, 1, 1, 0, 0, 1].map((v) => Math.fround(v)));
    expect(Array.from(imp.edges)).toEqual([0.4, 1, 1, 1, 0.5, 0, 0, 1].map((v) => Math.fround(v)));
  });

  it('computes Taylor channel importance as |mean Σ a·∂loss/∂a| per class, checked with tf.grad', async () => {
    const model = await handConvModel();
    const graph = await graphOfModel(model);
    const cg = buildChannelGraph(graph);
    const inputs = new Float32Array(4 * 16).map((_, i) => ((i * 7) % 11) / 10);
    const labels = Uint32Array.from([0, 1, 1, 0]);
    const imp = channelTaylor(graph, cg, { count: 4, inputSize: 16, inputs, labels, classCount: 2, source: 'hand' });
    // Reference: tfjs gradient of each sample's loss with respect to the conv plane's activations.
    const convOut = tf.model({ inputs: model.inputs, outputs: model.getLayer('conv').output as tf.SymbolicTensor });
    const a = convOut.predict(tf.tensor(inputs, [4, 4, 4, 1])) as tf.Tensor;
    const y = tf.oneHot(tf.tensor1d(Array.from(labels), 'int32'), 2);
    const head = (x: tf.Tensor) => tf.matMul(tf.mean(x, [1, 2]), model.getLayer('out').getWeights()[0]);
    const g = tf.grad((x: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, head(x), undefined, undefined, tf.Reduction.SUM))(a);
    const prod = tf.sum(tf.mul(a, g), [1, 2]).arraySync() as number[][];
    const expected = [0, 1].map((ch) => [0, 1].map((c) => Math.abs(prod.filter((_, s) => labels[s] === c).reduce((sum, row) => sum + row[ch], 0) / 2)));
    const max = Math.max(...expected.flat());
    const ours = Array.from(imp.nodes.slice(2, 6));
    expect(maxDiff(ours, expected.flat().map((v) => v / max))).toBeLessThan(1e-5);
  });
});

describe('BN-γ channel importance', () => {
  it('fine-tunes a γ per channel and class on the LeNet: per-class rows that differ, the output one-hot, planes normalised', async () => {
    const graph = await embeddedGraph('mnist-lenet');
    const cg = buildChannelGraph(graph);
    const data = heldOut(400);
    const imp = channelBnGamma(graph, cg, data, { ...kChannelBnDefaults, epochs: 1, samplesPerClass: 20 });
    expect(imp.method).toBe('bn');
    const C = 10;
    const offsets = [0];
    for (const n of cg.sizes) offsets.push(offsets[offsets.length - 1] + n);
    // conv1's six channels: values in [0, 1], the plane's largest is 1, and classes disagree somewhere.
    const conv1 = Array.from(imp.nodes.slice(offsets[1] * C, offsets[2] * C));
    expect(Math.max(...conv1)).toBeCloseTo(1, 6);
    expect(Math.min(...conv1)).toBeGreaterThanOrEqual(0);
    const spread = [0, 1, 2, 3, 4, 5].map((ch) => Math.max(...conv1.slice(ch * C, ch * C + C)) - Math.min(...conv1.slice(ch * C, ch * C + C)));
    expect(Math.max(...spread)).toBeGreaterThan(0.01);
    // γ moved away from its start (1, then normalised) for some channel: the fine-tuning ran.
    expect(new Set(conv1.map((v) => v.toFixed(4))).size).toBeGreaterThan(3);
    const out = Array.from(imp.nodes.slice(offsets[7] * C));
    expect(out).toEqual(Array.from({ length: 100 }, (_, i) => (i % 11 === 0 ? 1 : 0)));
  }, 60_000);
});

describe('bundling skip edges', () => {
  it('keeps every invariant on every edge of the ResNet, skip edges included (CPU backend)', async () => {
    const { net } = await resnetNetwork();
    expect(net.stats.skipEdges).toBe(64);
    const bundled = bundleNetwork(net).network;
    const report = checkInvariants(bundled, bundlingConstants(defaultProcessingConfig).sampleLength);
    expect(report.nonFinite).toBe(0);
    expect(report.movedEndpoints).toBe(0);
    expect(report.spacingOutliers).toBe(0);
    expect(backwardSteps(bundled.polylinePoints, bundled.polylineOffsets)).toBe(0);
    expect(bundled.planes).toEqual(net.planes);
    expect(bundled.stats.dummyNodes).toBe(16 * 2 * 2 + 32);
    // A skip edge's polyline crosses the depths between its planes: longer than a one-gap edge's.
    const e = Array.from(net.edgeSource).findIndex((s, i) => net.nodePositions[net.edgeTarget[i] * 3 + 2] - net.nodePositions[s * 3 + 2] > 2.5 * defaultProcessingConfig.layer_distance);
    expect(bundled.polylineOffsets[e + 1] - bundled.polylineOffsets[e]).toBeGreaterThan(3 * 0.4 * 15);
  }, 60_000);
});

describe('local re-bundle with planes', () => {
  it('moves a node of a merge plane and re-bundles its edges, skip edges included, keeping every invariant', async () => {
    const { net } = await resnetNetwork();
    const bundled = bundleNetwork(net, { moveNodes: false }).network;
    // Node 0 of the first add plane: it has a skip edge from the pool plane and an edge from block1_conv2.
    const offsets = [0];
    for (const n of net.layerSizes) offsets.push(offsets[offsets.length - 1] + n);
    const node = offsets[5];
    const p = bundled.nodePositions.slice(node * 3, node * 3 + 3);
    const moved = { nodes: Uint32Array.of(node), positions: Float32Array.of(p[0] + 0.3, p[1] - 0.2, p[2]) };
    const { network, touched } = rebundleLocal(bundled, moved);
    expect(touched).toBeGreaterThan(2);
    expect(Array.from(network.nodePositions.slice(node * 3, node * 3 + 3))).toEqual(Array.from(moved.positions));
    const report = checkInvariants(network, bundlingConstants(defaultProcessingConfig).sampleLength);
    expect([report.nonFinite, report.movedEndpoints]).toEqual([0, 0]);
    expect(backwardSteps(network.polylinePoints, network.polylineOffsets)).toBe(0);
    // Edges away from the moved node keep their polylines point for point.
    const far = Array.from(net.edgeTarget).findIndex((t) => t >= offsets[14]);
    const slice = (n: typeof network, e: number) => Array.from(n.polylinePoints.slice(n.polylineOffsets[e] * 3, n.polylineOffsets[e + 1] * 3));
    expect(slice(network, far)).toEqual(slice(bundled, far));
  }, 60_000);
});

describe('trace beyond the picture', () => {
  it('traces a merge channel through every link of the model when the picture keeps only the strongest, and returns the drawn ones', async () => {
    const { cg, net } = await resnetNetwork();
    const full = { layerSizes: cg.sizes, edgeSource: cg.edgeSource, edgeTarget: cg.edgeTarget, edgeImportance: normalisedEdgeWeights(cg) };
    // A picture with the 1,000 strongest links only (the budget path of buildChannelNetwork).
    const small = buildChannelNetwork(cg, channelWeightPath(cg), { processing: defaultProcessingConfig, rendering: defaultRenderingConfig }, 1000);
    expect(small.edgeSource.length).toBe(1000);
    const value = new Float32Array(net.nodePositions.length / 3).fill(1);
    const node = cg.sizes.slice(0, 5).reduce((a, b) => a + b, 0);
    const picked = tracePicture(small, full, node, value);
    const onFull = traceNode(full, node, value);
    // Every returned edge is a picture edge on a traced path of the full graph, and all such edges are returned.
    const key = (s: number, t: number) => `${s}-${t}`;
    const traced = new Set(Array.from(onFull, (e) => key(full.edgeSource[e], full.edgeTarget[e])));
    const expected = Array.from({ length: 1000 }, (_, e) => e).filter((e) => traced.has(key(small.edgeSource[e], small.edgeTarget[e])));
    expect(Array.from(picked)).toEqual(expected);
    expect(picked.length).toBeGreaterThan(0);
    // With the whole graph in the picture it is the plain trace.
    expect(Array.from(tracePicture(net, full, node, value))).toEqual(Array.from(traceNode(net, node, value)));
  });
});
