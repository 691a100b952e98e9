import { describe, expect, it } from 'vitest';
import { writeContainer } from '../../processing/format/container';
import { decodeProcessedNetwork, encodeProcessedNetwork, kFormatVersion } from '../../processing/format/codec';
import { decodeDigitSet, encodeDigitSet } from '../../processing/format/digits';
import type { ProcessedNetwork } from '../../processing/format/processed-network';
import { bundleNetwork } from '../../processing/bundling/bundle';
import { resnetNetwork } from '../fixtures/cnn-networks';
import { smallNetwork } from '../fixtures/networks';

/** Re-encodes a network's parts, letting a test break one thing the encoder itself would never produce. */
function rawFile(net: ProcessedNetwork, change: (blocks: Record<string, Float32Array | Uint32Array>, meta: Record<string, unknown>) => void): Uint8Array {
  const meta: Record<string, unknown> = { format: 'nnwalk-processed-network', classCount: net.classCount, classNames: net.classNames, configs: net.configs, stats: net.stats };
  const blocks: Record<string, Float32Array | Uint32Array> = {
    layerSizes: net.layerSizes, nodePositions: net.nodePositions, nodeImportance: net.nodeImportance, edgeSource: net.edgeSource,
    edgeTarget: net.edgeTarget, edgeImportance: net.edgeImportance, polylineOffsets: net.polylineOffsets, polylinePoints: net.polylinePoints,
  };
  change(blocks, meta);
  return writeContainer(kFormatVersion, meta, blocks);
}

describe('.nnwalk processed-network format', () => {
  it('round-trips every field exactly, with 8-aligned blocks', async () => {
    const net = await smallNetwork();
    const bytes = encodeProcessedNetwork(net);
    const back = decodeProcessedNetwork(bytes);
    expect(back).toEqual(net);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + new DataView(bytes.buffer).getUint32(12, true))));
    for (const b of header.blocks) expect(b.offset % 8).toBe(0);
    expect(header.totalBytes).toBe(bytes.byteLength);
  });

  it('round-trips a pruned network, a bundled-style polyline set and unaligned input bytes', async () => {
    const net = await smallNetwork(0.5);
    expect(net.edgeSource.length).toBeLessThan(6 * 4 + 4 * 3);
    // Give edge 0 a three-point polyline to exercise ragged CSR offsets.
    const p = net.polylinePoints;
    const points = new Float32Array(p.length + 3);
    points.set(p.subarray(0, 3), 0);
    points.set([0.1, 0.2, 0.3], 3);
    points.set(p.subarray(3), 6);
    const offsets = net.polylineOffsets.map((o, i) => (i === 0 ? 0 : o + 1));
    const curved = { ...net, polylinePoints: points, polylineOffsets: offsets };
    const bytes = encodeProcessedNetwork(curved);
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    expect(decodeProcessedNetwork(shifted)).toEqual(curved);
  });

  it('rejects a wrong magic and an unknown version', async () => {
    const bytes = encodeProcessedNetwork(await smallNetwork());
    const wrong = bytes.slice();
    wrong[0] = 0x50;
    expect(() => decodeProcessedNetwork(wrong, 'x.nnwalk')).toThrow('x.nnwalk: not an nnwalk processed network (wrong magic "PNWALKPN", expected "NNWALKPN")');
    const future = bytes.slice();
    new DataView(future.buffer).setUint32(8, 99, true);
    expect(() => decodeProcessedNetwork(future, 'x.nnwalk')).toThrow('x.nnwalk: format version 99 is not supported (this build reads versions 1 to 2)');
    expect(() => decodeProcessedNetwork(new Uint8Array(5), 'x.nnwalk')).toThrow(/truncated/);
  });

  it('rejects truncated files, naming what is cut', async () => {
    const bytes = encodeProcessedNetwork(await smallNetwork());
    expect(() => decodeProcessedNetwork(bytes.subarray(0, bytes.length - 12), 'x.nnwalk')).toThrow(/x.nnwalk: file is truncated: header declares \d+ bytes, got \d+/);
    expect(() => decodeProcessedNetwork(bytes.subarray(0, 40), 'x.nnwalk')).toThrow(/truncated inside its header/);
  });

  it('rejects a block running past the end even when totalBytes is absent', async () => {
    const net = await smallNetwork();
    const bytes = rawFile(net, (_, meta) => { meta.totalBytes = undefined; });
    // writeContainer writes its own totalBytes; strip the last block's tail and patch the header's totalBytes out.
    const text = new TextDecoder().decode(bytes.subarray(16, 16 + new DataView(bytes.buffer).getUint32(12, true)));
    const patched = bytes.slice(0, bytes.length - 8);
    const newHeader = new TextEncoder().encode(text.replace(/"totalBytes":\d+,/, '"totalBytes":null,'.padEnd(text.match(/"totalBytes":\d+,/)![0].length, ' ')));
    patched.set(newHeader, 16);
    expect(() => decodeProcessedNetwork(patched, 'x.nnwalk')).toThrow(/block 'polylinePoints' is truncated/);
  });

  it('rejects sizes that do not add up', async () => {
    const net = await smallNetwork();
    const cases: [string, (b: Record<string, Float32Array | Uint32Array>, m: Record<string, unknown>) => void, RegExp][] = [
      ['positions', (b) => { b.nodePositions = b.nodePositions.subarray(0, 9); }, /'nodePositions' has 9 values, 13 nodes × 3 needs 39/],
      ['importance', (b) => { b.nodeImportance = new Float32Array(5); }, /'nodeImportance' has 5 values, 13 nodes × 3 classes needs 39/],
      ['targets', (b) => { b.edgeTarget = b.edgeTarget.subarray(1); }, /'edgeTarget' has \d+ values/],
      ['offsets', (b) => { b.polylineOffsets = b.polylineOffsets.subarray(1); }, /'polylineOffsets' has/],
      ['classes', (_, m) => { m.classCount = 4; m.classNames = ['a', 'b', 'c', 'd']; }, /last layer has 3 nodes but classCount is 4/],
      ['layer gap', (b) => { b.edgeTarget = Uint32Array.from(b.edgeTarget, () => 12); }, /edge 0 \(0 → 12\) does not join layer 0 to layer 1/],
      ['node range', (b) => { b.edgeSource = Uint32Array.from(b.edgeSource, () => 99); }, /joins node 99/],
      ['short polyline', (b) => { const o = Uint32Array.from(b.polylineOffsets); o[1] = 1; b.polylineOffsets = o; }, /edge 0's polyline has fewer than 2 points/],
      ['missing block', (b) => { delete b.edgeImportance; }, /block 'edgeImportance' is missing/],
      ['wrong dtype', (b) => { b.layerSizes = Float32Array.from(b.layerSizes); }, /block 'layerSizes' is float32, expected uint32/],
      ['unknown block', (b) => { b.extra = new Float32Array(1); }, /unknown block 'extra'/],
      ['config', (_, m) => { m.configs = { processing: { sampling_rate: -1 }, rendering: {} }; }, /processing config\): 'sampling_rate' must be a number in \[1, 200\], got -1/],
    ];
    for (const [, change, message] of cases) expect(() => decodeProcessedNetwork(rawFile(net, change), 'x.nnwalk')).toThrow(message);
  });

  it('rejects NaN and Inf positions and out-of-range importance', async () => {
    const net = await smallNetwork();
    for (const bad of [NaN, Infinity, -Infinity]) {
      const positions = Float32Array.from(net.nodePositions);
      positions[7] = bad;
      expect(() => decodeProcessedNetwork(rawFile(net, (b) => { b.nodePositions = positions; }), 'x.nnwalk')).toThrow(`x.nnwalk: 'nodePositions' holds a non-finite value (${bad}) at index 7`);
    }
    const points = Float32Array.from(net.polylinePoints);
    points[4] = NaN;
    expect(() => decodeProcessedNetwork(rawFile(net, (b) => { b.polylinePoints = points; }))).toThrow(/'polylinePoints' holds a non-finite value \(NaN\) at index 4/);
    const imp = Float32Array.from(net.edgeImportance);
    imp[0] = 2;
    expect(() => decodeProcessedNetwork(rawFile(net, (b) => { b.edgeImportance = imp; }))).toThrow(/'edgeImportance' value 2 at index 0 is outside \[0, 1\]/);
  });
});

describe('.nnwd digit sets', () => {
  it('round-trips and rejects bad files', () => {
    const set = { count: 2, rows: 2, cols: 3, labels: Uint8Array.from([4, 7]), pixels: Uint8Array.from({ length: 12 }, (_, i) => i * 20) };
    const bytes = encodeDigitSet(set);
    expect(decodeDigitSet(bytes)).toEqual(set);
    expect(() => decodeDigitSet(bytes.subarray(0, bytes.length - 1))).toThrow(/size mismatch/);
    const wrong = bytes.slice();
    wrong[0] = 0;
    expect(() => decodeDigitSet(wrong)).toThrow(/wrong magic/);
    const huge = bytes.slice();
    new DataView(huge.buffer).setUint32(8, 0xffffffff, true);
    expect(() => decodeDigitSet(huge)).toThrow(/larger than the/);
  });
});

describe('.nnwalk version 2: planes', () => {
  it('round-trips a bundled ResNet with its planes, lanes and skip edges', async () => {
    const { net } = await resnetNetwork();
    const bundled = bundleNetwork(net, { moveNodes: false }).network;
    const back = decodeProcessedNetwork(encodeProcessedNetwork(bundled));
    expect(back).toEqual(bundled);
    expect(back.planes![11]).toMatchObject({ name: 'block3_proj', kind: 'conv', shape: [7, 7, 32], depth: 10, lane: 1, folded: ['BatchNormalization block3_proj_bn'] });
  });

  it('still loads version-1 files (no planes) as layer chains', async () => {
    const net = await smallNetwork();
    const meta = { format: 'nnwalk-processed-network', classCount: net.classCount, classNames: net.classNames, configs: net.configs, stats: net.stats };
    const v1 = writeContainer(1, meta, {
      layerSizes: net.layerSizes, nodePositions: net.nodePositions, nodeImportance: net.nodeImportance, edgeSource: net.edgeSource,
      edgeTarget: net.edgeTarget, edgeImportance: net.edgeImportance, polylineOffsets: net.polylineOffsets, polylinePoints: net.polylinePoints,
    });
    const back = decodeProcessedNetwork(v1, 'old.nnwalk');
    expect(back).toEqual(net);
    expect(back.planes).toBeUndefined();
    expect(() => decodeProcessedNetwork(writeContainer(1, { ...meta, planes: [] }, {
      layerSizes: net.layerSizes, nodePositions: net.nodePositions, nodeImportance: net.nodeImportance, edgeSource: net.edgeSource,
      edgeTarget: net.edgeTarget, edgeImportance: net.edgeImportance, polylineOffsets: net.polylineOffsets, polylinePoints: net.polylinePoints,
    }), 'old.nnwalk')).toThrow('old.nnwalk: a version-1 file cannot hold planes');
  });

  it('validates every plane field and the direction of every edge', async () => {
    const { net } = await resnetNetwork();
    const withPlanes = (edit: (planes: Record<string, unknown>[]) => void) => rawFile(net, (_, meta) => {
      const planes = JSON.parse(JSON.stringify(net.planes));
      edit(planes);
      meta.planes = planes;
    });
    expect(() => decodeProcessedNetwork(withPlanes((p) => { p[3].shape = [14, 14, 17]; }), 'r.nnwalk')).toThrow('r.nnwalk: plane 3: shape [14, 14, 17] has 17 channels but the layer has 16 nodes');
    expect(() => decodeProcessedNetwork(withPlanes((p) => { p[2].kind = 'lstm'; }), 'r.nnwalk')).toThrow(/r.nnwalk: plane 2: kind "lstm" is not one of input, conv/);
    expect(() => decodeProcessedNetwork(withPlanes((p) => { p[5].inputs = [7]; }), 'r.nnwalk')).toThrow("r.nnwalk: plane 5: 'inputs' must list earlier planes");
    expect(() => decodeProcessedNetwork(withPlanes((p) => { p.pop(); }), 'r.nnwalk')).toThrow("r.nnwalk: 'planes' must list 16 planes (one per layer)");
    const backwards = rawFile(net, (blocks, meta) => {
      meta.planes = net.planes;
      const t = Uint32Array.from(blocks.edgeTarget as Uint32Array);
      t[0] = 0;
      blocks.edgeTarget = t;
    });
    expect(() => decodeProcessedNetwork(backwards, 'r.nnwalk')).toThrow('r.nnwalk: edge 0 (0 → 0) joins plane 0 to plane 0, which is not deeper');
  });
});
