/** `nnwalk info`: a processed file's header and statistics. */
import { readFileSync } from 'node:fs';
import { decodeProcessedNetwork } from '../../format/codec';
import { describeKind, sniffFile } from '../../format/sniff';
import { UsageError } from '../inputs';

/** Returns the human-readable description of a `.nnwalk` file. */
export function runInfo(file: string): string {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (err) {
    throw new Error(`cannot read '${file}': ${(err as Error).message}`);
  }
  const kind = sniffFile(bytes);
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
