/**
 * Every model reader against broken and hostile files, property-based (fast-check 4.10.2, pinned): real
 * files truncated at any byte, bit-flipped, with giant sizes written over them, bytes inserted or cut;
 * plus graphs with cycles, self-loops and 10,000-node chains, NaN weights and a zip bomb. The property:
 * each run ends with a model or one plain Error with a message — never a TypeError/RangeError from deep
 * inside, a thrown string, a hang or a crash. `npm test` runs NNWALK_FUZZ_RUNS (default 40) cases per
 * reader; `NNWALK_FUZZ_RUNS=2000 npx vitest run tests/unit/loader-fuzz.test.ts` runs more.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { defaultProcessingConfig } from '../../processing/config/processing-config';
import { defaultRenderingConfig } from '../../processing/config/rendering-config';
import { decodeProcessedNetwork, encodeProcessedNetwork } from '../../processing/format/codec';
import { randomImportance } from '../../processing/importance/random';
import { loadKerasArchive, loadKerasH5 } from '../../processing/model/load-keras';
import { decodeOnnx, onnxToGraph } from '../../processing/model/load-onnx';
import { loadTfjsGraph } from '../../processing/model/load-tfjs';
import { mapWeightSource } from '../../processing/model/weight-source';
import { processNetwork } from '../../processing/pipeline/process';
import { ModelProtoSchema, NodeProtoSchema, type ModelProto } from 'onnx-buf';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';

const runs = Number(process.env.NNWALK_FUZZ_RUNS ?? 40);
const seed = Number(process.env.NNWALK_FUZZ_SEED ?? 20261130);
const fixtures = join(import.meta.dirname, '..', 'fixtures');
const read = (path: string) => new Uint8Array(readFileSync(join(fixtures, path)));

/** A mutation of a file's bytes: what real damage and hostile edits look like. */
const mutation = (length: number) => fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat({ max: length }) }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.array(fc.nat({ max: length - 1 }), { minLength: 1, maxLength: 8 }), bit: fc.nat({ max: 7 }) }),
  fc.record({ kind: fc.constant('giant' as const), at: fc.nat({ max: Math.max(0, length - 4) }), value: fc.constantFrom(0xffffffff, 0x7fffffff, 0x80000000, 0x40000000) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat({ max: length }), count: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat({ max: length }), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
);
type Mutation = ReturnType<typeof mutation> extends fc.Arbitrary<infer M> ? M : never;

function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  switch (m.kind) {
    case 'truncate': return bytes.slice(0, m.at);
    case 'flip': { const out = bytes.slice(); for (const at of m.at) out[at] ^= 1 << m.bit; return out; }
    case 'giant': { const out = bytes.slice(); new DataView(out.buffer).setUint32(m.at, m.value, true); return out; }
    case 'cut': return Uint8Array.from([...bytes.subarray(0, m.at), ...bytes.subarray(m.at + m.count)]);
    case 'insert': return Uint8Array.from([...bytes.subarray(0, m.at), ...m.bytes, ...bytes.subarray(m.at)]);
  }
}

/** The property: a model, or a plain Error with a message (never a TypeError, RangeError or thrown string). */
async function endsCleanly(load: () => unknown): Promise<'loaded' | 'refused'> {
  try {
    await load();
    return 'loaded';
  } catch (err) {
    if (!(err instanceof Error) || err.constructor !== Error || !err.message) {
      throw new Error(`not a clear error: ${err instanceof Error ? `${err.constructor.name}: ${err.message}\n${err.stack}` : JSON.stringify(err)}`);
    }
    return 'refused';
  }
}

/** Runs the property over mutations of `bytes`; returns how many runs loaded and were refused. */
async function fuzz(label: string, bytes: Uint8Array, load: (b: Uint8Array) => unknown): Promise<{ loaded: number; refused: number; slowestMs: number }> {
  const counts = { loaded: 0, refused: 0, slowestMs: 0 };
  await fc.assert(fc.asyncProperty(mutation(bytes.length), async (m) => {
    const t0 = performance.now();
    counts[await endsCleanly(() => load(mutate(bytes, m)))]++;
    counts.slowestMs = Math.max(counts.slowestMs, performance.now() - t0);
  }), { numRuns: runs, seed });
  // A longer run (NNWALK_FUZZ_RUNS set) reports what happened, for the record.
  if (process.env.NNWALK_FUZZ_RUNS) console.log(`fuzz ${label}: ${runs} runs, ${counts.loaded} loaded, ${counts.refused} refused with a message, slowest run ${counts.slowestMs.toFixed(0)} ms`);
  return counts;
}

describe('model readers against damaged files (fast-check)', () => {
  it('ONNX: every damaged mobile.onnx ends in a model or one clear error', async () => {
    const data = read('onnx/mobile.onnx.data');
    const counts = await fuzz('ONNX mobile.onnx', read('onnx/mobile.onnx'), (b) => onnxToGraph(decodeOnnx(b, 'f.onnx'), 'f', new Map([['mobile.onnx.data', data]])));
    expect(counts.loaded + counts.refused).toBe(runs);
  }, 120_000);

  it('Keras 3: every damaged lenet.keras ends in a model or one clear error', async () => {
    const counts = await fuzz('Keras 3 lenet.keras', read('keras/lenet.keras'), (b) => loadKerasArchive(b, 'f.keras'));
    expect(counts.loaded + counts.refused).toBe(runs);
  }, 120_000);

  it('Keras 2: every damaged resnet.h5 ends in a model or one clear error', async () => {
    const counts = await fuzz('Keras 2 resnet.h5', read('keras/resnet.h5'), (b) => loadKerasH5(b, 'f.h5'));
    expect(counts.loaded + counts.refused).toBe(runs);
  }, 120_000);

  it('tfjs: every damaged model.json and shard ends in a model or one clear error', async () => {
    const dir = join(import.meta.dirname, '..', '..', 'src', 'assets', 'models', 'mnist-lenet');
    const json = new Uint8Array(readFileSync(join(dir, 'model.json')));
    const shards = new Map<string, Uint8Array>();
    const manifest = JSON.parse(new TextDecoder().decode(json)) as { weightsManifest: { paths: string[] }[] };
    for (const p of manifest.weightsManifest.flatMap((g) => g.paths)) shards.set(p, new Uint8Array(readFileSync(join(dir, p))));
    const [first, shard] = [...shards.entries()][0];
    const a = await fuzz('tfjs model.json', json, (b) => loadTfjsGraph(new TextDecoder().decode(b), mapWeightSource(shards)));
    const b = await fuzz('tfjs shard', shard, (bytes) => loadTfjsGraph(new TextDecoder().decode(json), mapWeightSource(new Map([...shards, [first, bytes]]))));
    expect(a.loaded + a.refused + b.loaded + b.refused).toBe(2 * runs);
  }, 120_000);

  it('.nnwalk: every damaged processed network ends in a network or one clear error', async () => {
    const { network } = processNetwork({ name: 'r', layerSizes: [25, 9, 4], classNames: ['a', 'b', 'c', 'd'] }, randomImportance([25, 9, 4], 3), { processing: defaultProcessingConfig, rendering: defaultRenderingConfig });
    const counts = await fuzz('.nnwalk', encodeProcessedNetwork(network), (b) => decodeProcessedNetwork(b, 'f.nnwalk'));
    expect(counts.loaded + counts.refused).toBe(runs);
  }, 120_000);
});

/** An ONNX model of `nodes` (Relu chains, loops…) over a [1, 4] input, for graph-shape attacks. */
function onnxWith(nodes: { op: string; input: string[]; output: string }[]): Uint8Array {
  const model: ModelProto = fromBinary(ModelProtoSchema, read('onnx/mlp.onnx'));
  const g = model.graph!;
  g.node = nodes.map((n, i) => create(NodeProtoSchema, { opType: n.op, input: n.input, output: [n.output], name: `n${i}` }));
  g.output[0].name = nodes[nodes.length - 1].output;
  return toBinary(ModelProtoSchema, model);
}

describe('model readers against hostile graphs', () => {
  it('ONNX: a 10,000-node chain, a self-loop and a cycle end without a stack overflow, each in one sentence', () => {
    const chain = Array.from({ length: 10_000 }, (_, i) => ({ op: 'Relu', input: [i === 0 ? 'input' : `t${i - 1}`], output: `t${i}` }));
    // The chain is read (it ends in an image, not a vector of class scores: refused for that, by name).
    expect(() => onnxToGraph(decodeOnnx(onnxWith(chain), 'deep.onnx'), 'deep')).toThrow(/^deep's output has shape \[28, 28, 1\]/);
    expect(() => onnxToGraph(decodeOnnx(onnxWith([{ op: 'Relu', input: ['x'], output: 'x' }]), 'loop.onnx'), 'loop')).toThrow(/Relu 'n0' reads 'x', which no earlier node makes/);
    const cycle = [{ op: 'Relu', input: ['b'], output: 'a' }, { op: 'Relu', input: ['a'], output: 'b' }];
    expect(() => onnxToGraph(decodeOnnx(onnxWith(cycle), 'cycle.onnx'), 'cycle')).toThrow(/reads 'b', which no earlier node makes/);
  });

  it('Keras: a 10,000-layer chain, a cycle and a self-loop end without a stack overflow, each in one sentence', () => {
    const keras = (layers: unknown[], output: string) => zipSync({
      'config.json': strToU8(JSON.stringify({ class_name: 'Functional', config: { name: 'm', layers, input_layers: [['in', 0, 0]], output_layers: [[output, 0, 0]] } })),
      'model.weights.h5': read('keras/weights-only.h5'),
    });
    const layer = (name: string, from: string[]) => ({ class_name: 'Activation', name, config: { name, activation: 'relu' }, inbound_nodes: from.length ? [from.map((f) => [f, 0, 0, {}])] : [] });
    const input = { class_name: 'InputLayer', name: 'in', config: { name: 'in', batch_input_shape: [null, 4] }, inbound_nodes: [] };
    const chain = [input, ...Array.from({ length: 10_000 }, (_, i) => layer(`a${i}`, [i === 0 ? 'in' : `a${i - 1}`]))];
    expect(() => loadKerasArchive(keras(chain, 'a9999'), 'deep.keras')).toThrow(/^deep\.keras's model\.weights\.h5 has no 'layers' group/);
    expect(() => loadKerasArchive(keras([input, layer('a', ['b']), layer('b', ['a'])], 'b'), 'cycle.keras')).toThrow(/^model graph has a cycle through layers 'a', 'b'/);
    expect(() => loadKerasArchive(keras([input, layer('a', ['a'])], 'a'), 'self.keras')).toThrow(/cycle through layers 'a'/);
  });

  it('Keras: a zip bomb (a member declaring gigabytes) is refused before inflating', () => {
    const zip = zipSync({ 'config.json': strToU8('{}'), 'model.weights.h5': new Uint8Array(1000) }, { level: 9 });
    // Rewrite the declared uncompressed size of model.weights.h5 in its central directory entry.
    const view = new DataView(zip.buffer);
    let at = zip.length - 22;
    at = view.getUint32(at + 16, true);
    for (let k = 0; k < 2; k++) {
      const nameLength = view.getUint16(at + 28, true);
      const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
      if (name === 'model.weights.h5') view.setUint32(at + 24, 0xfffffff0, true);
      at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    expect(() => loadKerasArchive(zip, 'bomb.keras')).toThrow(/^bomb\.keras is not a readable ZIP archive: member model\.weights\.h5 declares 4294967280 bytes from \d+ compressed \(refused as a zip bomb\)/);
  });

  it('ONNX: weights of another data type are named, not misread', () => {
    const model = fromBinary(ModelProtoSchema, read('onnx/mlp.onnx'));
    model.graph!.initializer.find((t) => t.name === 'fc1.weight')!.dataType = 11;
    expect(() => onnxToGraph(model, 'double')).toThrow(/^initializer 'fc1\.weight' holds data type 11 \(DOUBLE\); nnwalk reads float32 weights only/);
  });

  it('ONNX and Keras: NaN weights are named, not loaded', () => {
    const model = fromBinary(ModelProtoSchema, read('onnx/mlp.onnx'));
    const bias = model.graph!.initializer.find((t) => t.name === 'fc2.bias')!;
    new DataView(bias.rawData.buffer, bias.rawData.byteOffset).setFloat32(4, NaN, true);
    expect(() => onnxToGraph(model, 'nan')).toThrow(/^nan: the bias of Gemm '\/fc2\/Gemm' holds a non-finite value \(NaN\) at element 1/);
    // In a Keras 2 file: find conv2's first bias value in the bytes and write a NaN over it.
    const h5 = read('keras/lenet.h5');
    const conv2 = loadKerasH5(h5, 'lenet.h5').ops.find((op) => op.name === 'conv2') as { bias: Float32Array };
    const pattern = new Uint8Array(conv2.bias.slice(0, 2).buffer);
    let at = -1;
    for (let i = 0; i + 8 <= h5.length && at < 0; i++) if (pattern.every((b, k) => h5[i + k] === b)) at = i;
    expect(at).toBeGreaterThan(0);
    new DataView(h5.buffer, h5.byteOffset).setFloat32(at, NaN, true);
    expect(() => loadKerasH5(h5, 'lenet.h5')).toThrow(/^lenet\.h5: the bias of Conv2D 'conv2' holds a non-finite value \(NaN\) at element 0/);
  });
});
