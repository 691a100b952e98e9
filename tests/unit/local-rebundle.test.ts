import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleNetwork } from '../../processing/bundling/bundle';
import { rebundleLocal } from '../../processing/bundling/local';
import { defaultProcessingConfig } from '../../processing/config/processing-config';
import { defaultRenderingConfig } from '../../processing/config/rendering-config';
import { fromDigitSet } from '../../processing/data/dataset';
import { decodeDigitSet } from '../../processing/format/digits';
import { taylorImportance } from '../../processing/importance/taylor';
import { checkInvariants } from '../../processing/metrics/invariants';
import { loadTfjsModelFile } from '../../processing/model/load-node';
import { buildStraightNetwork, shapeOf } from '../../processing/network/build-straight';

const root = join(import.meta.dirname, '..', '..');

async function bundledPruned() {
  const graph = await loadTfjsModelFile(join(root, 'src/assets/models/mnist-mlp/model.json'));
  const data = fromDigitSet(decodeDigitSet(new Uint8Array(readFileSync(join(root, 'src/assets/digits/mnist-heldout.nnwd')))), 'held-out');
  const net = buildStraightNetwork(shapeOf(graph), taylorImportance(graph, data), { processing: { ...defaultProcessingConfig, prune_percentage: 0.9 }, rendering: defaultRenderingConfig });
  return bundleNetwork(net).network;
}

function polyline(net: { polylineOffsets: Uint32Array; polylinePoints: Float32Array }, e: number): number[] {
  return Array.from(net.polylinePoints.subarray(net.polylineOffsets[e] * 3, net.polylineOffsets[e + 1] * 3));
}

describe('local re-bundle', () => {
  it('re-bundles only the edges of a moved hidden node, ending at its new position', async () => {
    const net = await bundledPruned();
    const node = 784 + 40;
    const moved = Float32Array.from(net.nodePositions.subarray(node * 3, node * 3 + 3));
    moved[0] += 0.15;
    moved[1] -= 0.1;
    const { network, touched } = rebundleLocal(net, { nodes: Uint32Array.of(node), positions: moved });
    const E = net.edgeSource.length;
    let expectedTouched = 0;
    for (let e = 0; e < E; e++) {
      const isTouched = net.edgeSource[e] === node || net.edgeTarget[e] === node;
      if (!isTouched) {
        expect(polyline(network, e)).toEqual(polyline(net, e));
        continue;
      }
      expectedTouched++;
      const p = polyline(network, e);
      const end = net.edgeSource[e] === node ? p.slice(0, 3) : p.slice(-3);
      expect(end).toEqual(Array.from(moved));
      // Bundled again, not left straight: some interior point leaves the straight segment.
      const a = p.slice(0, 3);
      const b = p.slice(-3);
      let deviation = 0;
      for (let k = 3; k < p.length - 3; k += 3) {
        const f = (p[k + 2] - a[2]) / (b[2] - a[2]);
        deviation = Math.max(deviation, Math.hypot(p[k] - (a[0] + f * (b[0] - a[0])), p[k + 1] - (a[1] + f * (b[1] - a[1]))));
      }
      expect(deviation).toBeGreaterThan(1e-3);
    }
    expect(touched).toBe(expectedTouched);
    expect(touched).toBeGreaterThan(10);
    expect(Array.from(network.nodePositions.subarray(node * 3, node * 3 + 3))).toEqual(Array.from(moved));
    const violations = checkInvariants(network, 1 / 15);
    expect(violations.nonFinite + violations.movedEndpoints + violations.spacingOutliers).toBe(0);
  }, 60_000);

  it('names the problem in a bad request', async () => {
    const net = await bundledPruned();
    expect(() => rebundleLocal(net, { nodes: Uint32Array.of(99999), positions: new Float32Array(3) })).toThrow('node 99999 does not exist');
    expect(() => rebundleLocal(net, { nodes: Uint32Array.of(800), positions: new Float32Array(2) })).toThrow('need 3 coordinates');
    expect(() => rebundleLocal(net, { nodes: Uint32Array.of(800), positions: Float32Array.of(0, NaN, 0) })).toThrow('NaN');
  }, 60_000);
});
