/**
 * A large ONNX model for load benchmarks, written with onnx-buf: a VGG-like stack of 3 × 3 convolutions
 * (512 channels) on a 3 × 32 × 32 input, global pooling and a classifier; weights are seeded noise in
 * raw_data, as exporters write them. About `megabytes` MB (each 512 → 512 conv is 9.4 MB).
 */
import { create, toBinary } from '@bufbuild/protobuf';
import { AttributeProto_AttributeType, GraphProtoSchema, ModelProtoSchema, NodeProtoSchema, TensorProtoSchema, TensorProto_DataType, ValueInfoProtoSchema, OperatorSetIdProtoSchema, AttributeProtoSchema, TypeProtoSchema, TensorShapeProtoSchema, TensorShapeProto_DimensionSchema, TypeProto_TensorSchema } from 'onnx-buf';

function tensor(name: string, dims: number[], seed: number) {
  const n = dims.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = ((s / 2 ** 32) - 0.5) * 0.05;
  }
  return create(TensorProtoSchema, { name, dims: dims.map(BigInt), dataType: TensorProto_DataType.FLOAT, rawData: new Uint8Array(data.buffer) });
}

function valueInfo(name: string, dims: number[]) {
  const shape = create(TensorShapeProtoSchema, { dim: dims.map((d) => create(TensorShapeProto_DimensionSchema, { value: { case: 'dimValue', value: BigInt(d) } })) });
  return create(ValueInfoProtoSchema, { name, type: create(TypeProtoSchema, { value: { case: 'tensorType', value: create(TypeProto_TensorSchema, { elemType: TensorProto_DataType.FLOAT, shape }) } }) });
}

const ints = (name: string, v: number[]) => create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INTS, ints: v.map(BigInt) });

/** The bytes of a ~`megabytes` MB ONNX model, deterministic. */
export function bigOnnxModel(megabytes = 100): Uint8Array {
  const channels = 512;
  const layers = Math.max(1, Math.round((megabytes * 1e6) / (channels * channels * 9 * 4)));
  const initializer = [tensor('c0.w', [channels, 3, 3, 3], 1), tensor('c0.b', [channels], 2)];
  const node = [create(NodeProtoSchema, { opType: 'Conv', name: 'c0', input: ['input', 'c0.w', 'c0.b'], output: ['x0'], attribute: [ints('pads', [1, 1, 1, 1])] })];
  let x = 'x0';
  for (let l = 1; l <= layers; l++) {
    initializer.push(tensor(`c${l}.w`, [channels, channels, 3, 3], 10 + l), tensor(`c${l}.b`, [channels], 100 + l));
    node.push(create(NodeProtoSchema, { opType: 'Relu', name: `r${l}`, input: [x], output: [`r${l}`] }));
    // Halve the map every third layer, down to 4 × 4.
    const stride = l % 3 === 0 && l <= 9 ? 2 : 1;
    node.push(create(NodeProtoSchema, { opType: 'Conv', name: `c${l}`, input: [`r${l}`, `c${l}.w`, `c${l}.b`], output: [`x${l}`], attribute: [ints('pads', [1, 1, 1, 1]), ints('strides', [stride, stride])] }));
    x = `x${l}`;
  }
  initializer.push(tensor('fc.w', [10, channels], 999), tensor('fc.b', [10], 998));
  node.push(
    create(NodeProtoSchema, { opType: 'GlobalAveragePool', name: 'gap', input: [x], output: ['g'] }),
    create(NodeProtoSchema, { opType: 'Flatten', name: 'flat', input: ['g'], output: ['f'] }),
    create(NodeProtoSchema, { opType: 'Gemm', name: 'fc', input: ['f', 'fc.w', 'fc.b'], output: ['logits'], attribute: [create(AttributeProtoSchema, { name: 'transB', type: AttributeProto_AttributeType.INT, i: 1n })] }),
    create(NodeProtoSchema, { opType: 'Softmax', name: 'softmax', input: ['logits'], output: ['probabilities'] }),
  );
  const graph = create(GraphProtoSchema, { name: 'big', node, initializer, input: [valueInfo('input', [1, 3, 32, 32])], output: [valueInfo('probabilities', [1, 10])] });
  return toBinary(ModelProtoSchema, create(ModelProtoSchema, { irVersion: 8n, producerName: 'nnwalk bench', graph, opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: 13n })] }));
}
