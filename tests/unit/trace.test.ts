/** Tracing a node's strongest paths (processing/input/trace.ts). */
import { describe, expect, it } from 'vitest';
import { traceNode, type TraceNetwork } from '../../processing/input/trace';

// Layers 3-2-2: nodes 0,1,2 | 3,4 | 5,6; all 6 + 4 edges with hand-picked |w|.
const net: TraceNetwork = {
  layerSizes: [3, 2, 2],
  edgeSource: Uint32Array.from([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]),
  edgeTarget: Uint32Array.from([3, 4, 3, 4, 3, 4, 5, 6, 5, 6]),
  edgeImportance: Float32Array.from([0.9, 0.1, 0.2, 0.3, 0.5, 0.05, 0.6, 0.4, 0.3, 0.8]),
};
const ones = new Float32Array(7).fill(1);

describe('traceNode', () => {
  it('follows the strongest links backwards and forwards within the beam', () => {
    // From hidden node 3 with a beam of 1: back along 0→3 (0.9), forward along 3→5 (0.6).
    expect(Array.from(traceNode(net, 3, ones, 1))).toEqual([0, 6]);
    // A beam of 2 adds the runners-up: 2→3 (0.5) and 3→6 (0.4).
    expect(Array.from(traceNode(net, 3, ones, 2))).toEqual([0, 4, 6, 7]);
  });

  it('weighs links by the values of the nodes they lead to, and skips silent ones', () => {
    const quiet = Float32Array.from([0, 1, 1, 1, 1, 1, 1]);
    // Input 0 is silent: the strongest live link into 3 is now 2→3.
    expect(Array.from(traceNode(net, 3, quiet, 1))).toEqual([4, 6]);
  });

  it('traces from the input and from the output through every layer', () => {
    expect(Array.from(traceNode(net, 0, ones, 1))).toEqual([0, 6]);
    expect(Array.from(traceNode(net, 6, ones, 1))).toEqual([3, 9]);
  });

  it('names a node that does not exist and values that do not fit', () => {
    expect(() => traceNode(net, 7, ones)).toThrow('node 7 does not exist (the network has 7)');
    expect(() => traceNode(net, 1, new Float32Array(3))).toThrow('trace values for 3 nodes do not fit a network of 7');
  });
});
