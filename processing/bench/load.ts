/**
 * `npm run bench:load`: model loading in Node — every fixture format (median of 5 loads, file read
 * included) and a generated ~100 MB ONNX model loaded in a fresh process, with its peak memory above the
 * process's baseline (Linux VmHWM − VmRSS before the load), against the target of 2.5 × the file size.
 * The browser figures come from `npm run bench:browser load`. Prints figures; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModelFile } from '../model/load-node';
import { bigOnnxModel } from './big-onnx';

const root = join(import.meta.dirname, '..', '..');

function status(key: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

async function child(path: string): Promise<void> {
  const before = status('VmRSS');
  const t0 = performance.now();
  const graph = await loadModelFile(path, { maxConnections: 5_000_000 });
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, peakExtra: status('VmHWM') - before, ops: graph.ops.length }));
}

async function main(): Promise<void> {
  console.log(`nnwalk bench:load — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
  console.log('\nfixtures (median of 5 loads, reading the file included)');
  const files = ['tests/fixtures/onnx/lenet.onnx', 'tests/fixtures/onnx/resnet.onnx', 'tests/fixtures/onnx/mobile.onnx', 'tests/fixtures/keras/lenet.keras', 'tests/fixtures/keras/resnet.keras', 'tests/fixtures/keras/lenet.h5', 'tests/fixtures/keras/resnet.h5', 'src/assets/models/mnist-lenet/model.json', 'src/assets/models/mnist-resnet/model.json'];
  for (const f of files) {
    const times: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      await loadModelFile(join(root, f));
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`  ${f.padEnd(44)} ${String(statSync(join(root, f)).size).padStart(9)} bytes   ${times[2].toFixed(1).padStart(7)} ms`);
  }
  const dir = join(tmpdir(), 'nnwalk-bench');
  mkdirSync(dir, { recursive: true });
  const big = join(dir, 'big.onnx');
  writeFileSync(big, bigOnnxModel(100));
  const size = statSync(big).size;
  const out = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', big], { encoding: 'utf8', maxBuffer: 1 << 20 })) as { ms: number; peakExtra: number; ops: number };
  console.log(`\ngenerated ONNX model (${(size / 1e6).toFixed(1)} MB, ${out.ops} ops), fresh process`);
  console.log(`  load (read + decode + convert)   ${out.ms.toFixed(0)} ms`);
  console.log(`  peak memory above baseline       ${(out.peakExtra / 1e6).toFixed(0)} MB = ${(out.peakExtra / size).toFixed(2)} × the file (target < 2.5 ×)`);
  console.log(`  (the file is kept at ${big} for npm run bench:browser load)`);
}

if (process.argv[2] === '--child') await child(process.argv[3]);
else await main();
