/** Node picking by ray and by reach over drawn node spheres (src/scene/node-picking.ts). */
import { describe, expect, it } from 'vitest';
import { kMinPickRadius, layerOfNode, nearestNode, pickNodeOnRay } from '../../src/scene/node-picking';
import { layerOffsets } from '../../processing/format/processed-network';

// Nodes 0..3 on the z axis at z = 0, 1, 2, 3; node 2 is not drawn.
const positions = new Float32Array([0, 0, 0, 0, 0, 1, 0, 0, 2, 0, 0, 3]);
const drawn = new Uint32Array([0, 1, 3]);
const radii = new Float32Array([0.1, 0.2, 0.1]);

describe('pickNodeOnRay', () => {
  it('returns the first sphere the ray enters, with the entry distance', () => {
    const hit = pickNodeOnRay(positions, drawn, radii, [0, 0, -5], [0, 0, 2]);
    expect(hit?.node).toBe(0);
    expect(hit?.distance).toBeCloseTo(4.9, 5);
    const back = pickNodeOnRay(positions, drawn, radii, [0, 0, 10], [0, 0, -1]);
    expect(back?.node).toBe(3);
  });

  it('skips undrawn nodes and misses by more than the radius', () => {
    expect(pickNodeOnRay(positions, drawn, radii, [0, 5, 2], [0, -1, 0])).toBeNull();
    expect(pickNodeOnRay(positions, drawn, radii, [0.15, 5, 1], [0, -1, 0])?.node).toBe(1);
    expect(pickNodeOnRay(positions, drawn, radii, [0.25, 5, 1], [0, -1, 0])).toBeNull();
  });

  it('gives tiny nodes the minimum pick radius, and ignores what lies behind the origin', () => {
    const tiny = new Float32Array([0, 0, 0]);
    expect(pickNodeOnRay(positions, drawn, tiny, [kMinPickRadius * 0.9, 5, 0], [0, -1, 0])?.node).toBe(0);
    expect(pickNodeOnRay(positions, drawn, radii, [0, 0, 4], [0, 0, 1])).toBeNull();
    // Inside a sphere: hit at distance 0.
    expect(pickNodeOnRay(positions, drawn, radii, [0, 0, 1.05], [1, 0, 0])).toEqual({ node: 1, distance: 0 });
    expect(pickNodeOnRay(positions, drawn, radii, [0, 0, 0], [0, 0, 0])).toBeNull();
  });
});

describe('nearestNode', () => {
  it('finds the sphere surface nearest to a point within reach', () => {
    expect(nearestNode(positions, drawn, radii, [0, 0.25, 1], 0.1)?.node).toBe(1);
    expect(nearestNode(positions, drawn, radii, [0, 0.35, 1], 0.1)).toBeNull();
    expect(nearestNode(positions, drawn, radii, [0, 0, 2], 1)?.node).toBe(1);
  });
});

describe('layerOfNode', () => {
  it('maps nodes to layers and names a node beyond the network', () => {
    const offsets = layerOffsets([3, 2, 1]);
    expect([0, 2, 3, 4, 5].map((n) => layerOfNode(offsets, n))).toEqual([0, 0, 1, 1, 2]);
    expect(() => layerOfNode(offsets, 6)).toThrow(/node 6 is beyond the network's 6 nodes/);
  });
});
