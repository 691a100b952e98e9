#!/usr/bin/env node
// Compiles the TypeScript CLI into one ES module (build/cli/main.mjs) with esbuild, so `nnwalk` starts
// without a run-time transpiler. Runs on `npm ci` / `npm install` (the `prepare` script) and by hand
// (`npm run build:cli`); the packages stay external (node_modules is there either way).
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const result = await build({
  entryPoints: [join(root, 'processing/cli/main.ts')],
  outdir: join(root, 'build/cli'),
  outExtension: { '.js': '.mjs' },
  // Dynamic imports (tfjs for BN-γ) stay separate chunks, loaded only when used: `--help` starts fast.
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
});
// The sources the build was made from: the bin runs them through tsx instead when one is newer.
writeFileSync(join(root, 'build/cli/sources.json'), JSON.stringify(Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules'))));
