/**
 * `npm run bench:cli`: how fast the `nnwalk` command answers — `--help` through the bin with node (the
 * compiled CLI; median of 5) and through npx, and the default network end to end (`process`: load,
 * importance, bundling, write; median of 3). Prints figures; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'processing', 'cli', 'nnwalk.mjs');

function median(runs: number, command: string, args: string[], cwd = root): number {
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    execFileSync(command, args, { cwd, stdio: 'ignore' });
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

console.log(`nnwalk bench:cli — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
console.log(`  node processing/cli/nnwalk.mjs --help          ${median(5, process.execPath, [bin, '--help']).toFixed(0)} ms`);
console.log(`  npx nnwalk --help                              ${median(5, 'npx', ['nnwalk', '--help']).toFixed(0)} ms`);
const dir = mkdtempSync(join(tmpdir(), 'nnwalk-bench-cli-'));
try {
  const ms = median(3, process.execPath, [bin, 'process', join(root, 'src/assets/models/mnist-mlp/model.json'), '--out', join(dir, 'm.nnwalk'), '--quiet'], dir);
  console.log(`  process the default network (end to end)       ${(ms / 1000).toFixed(2)} s`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
