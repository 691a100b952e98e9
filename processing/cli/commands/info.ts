/** `nnwalk info`: a processed file's header and statistics, or a model file's layers. */
import { readFileSync } from 'node:fs';
import { decodeProcessedNetwork } from '../../format/codec';
import { describeKind, sniffFile } from '../../format/sniff';
import { kModelKinds } from '../../model/load-model-files';
import { loadModelFile } from '../../model/load-node';
import { shapeSize, type ModelGraph } from '../../model/model-graph';
import { UsageError } from '../inputs';

/** A model graph as lines: format, input, every op with its shape and inputs, parameters, classes. */
function describeModel(file: string, kind: string, bytes: number, graph: ModelGraph): string {
  let params = 0;
  for (const op of graph.ops) {
    if ('kernel' in op) params += op.kernel.length + (op.bias?.length ?? 0);
    if (op.kind === 'batchnorm') params += op.gamma.length * 4;
  }
  return [
    `${file}: ${kind}, ${bytes} bytes, model '${graph.name}'`,
    `input: ${graph.ops[0].shape.join('×')} (${shapeSize(graph.ops[0].shape)} values)`,
    `operations (${graph.ops.length}; index kind shape ← inputs 'name'):`,
    ...graph.ops.map((op, i) => `  ${i}: ${op.kind} ${op.shape.join('×')}${op.inputs.length ? ` ← ${op.inputs.join(', ')}` : ''} '${op.name}'${'activation' in op && op.activation.name !== 'linear' ? ` (${op.activation.name})` : ''}`),
    `parameters: ${params.toLocaleString('en')}`,
    `classes: ${graph.classCount} (${graph.classNames.join(', ')})`,
  ].join('\n');
}

/** Returns the human-readable description of a `.nnwalk` file or a model file. */
export async function runInfo(file: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (err) {
    throw new Error(`cannot read '${file}': ${(err as Error).message}`);
  }
  const kind = sniffFile(bytes);
  if (kModelKinds.includes(kind)) {
    const label = { onnx: 'ONNX model', zip: 'Keras 3 .keras archive', hdf5: 'Keras 2 .h5 file', 'tfjs-model': 'tfjs LayersModel' }[kind as string];
    return describeModel(file, label ?? kind, bytes.byteLength, await loadModelFile(file));
  }
  if (kind !== 'nnwalk') {
    const hint = kind === 'tfjs-model' ? `: process it first (nnwalk process ${file} --out network.nnwalk), then run info on the .nnwalk file` : '';
    throw new UsageError(`'${file}' is ${describeKind(kind)}, not a processed network: info reads .nnwalk files${hint}`);
  }
  const net = decodeProcessedNetwork(bytes, file);
  const lines = [
    `${file}: nnwalk processed network, ${bytes.byteLength} bytes`,
    `layers: ${Array.from(net.layerSizes).join('-')} (${net.nodePositions.length / 3} nodes)`,
    ...(net.planes ? ['planes (depth.lane kind shape ← inputs; folded):', ...net.planes.map((p, i) => `  ${i}: ${p.depth}.${p.lane} ${p.kind} ${p.shape.join('×')} '${p.name}'${p.inputs.length ? ` ← ${p.inputs.join(', ')}` : ''}${p.folded.length ? `; ${p.folded.join(', ')}` : ''}`)] : []),
    `classes: ${net.classCount} (${net.classNames.join(', ')})`,
    `edges: ${net.edgeSource.length}, polyline points: ${net.polylinePoints.length / 3}`,
    'processing config:',
    ...Object.entries(net.configs.processing).map(([k, v]) => `  ${k} = ${v}`),
    'rendering config:',
    ...Object.entries(net.configs.rendering).map(([k, v]) => `  ${k} = ${v}`),
    'statistics:',
    ...Object.entries(net.stats).map(([k, v]) => `  ${k} = ${v}`),
  ];
  return lines.join('\n');
}
