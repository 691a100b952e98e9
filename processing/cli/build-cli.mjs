#!/usr/bin/env node
// Compiles the TypeScript CLI into ES modules (build/cli/main.mjs, and bundling-thread.mjs that each
// bundling thread runs) with esbuild, so `nnwalk` starts without a run-time transpiler. Runs on `npm ci` / `npm install` (the `prepare` script) and by hand
// (`npm run build:cli`); the packages stay external (node_modules is there either way).
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/** Vite's `?raw` imports (the WGSL kernels of --backend webgpu) as text modules. */
const rawText = {
  name: 'raw-text',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({ path: resolve(dirname(args.importer), args.path.slice(0, -4)), namespace: 'raw' }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, (args) => ({ contents: readFileSync(args.path, 'utf8'), loader: 'text', watchFiles: [args.path] }));
  },
};
// Chunks are named by content hash: old ones would pile up.
rmSync(join(root, 'build/cli'), { recursive: true, force: true });
const result = await build({
  entryPoints: { main: join(root, 'processing/cli/main.ts'), 'bundling-thread': join(root, 'processing/worker/bundling-thread.ts') },
  outdir: join(root, 'build/cli'),
  outExtension: { '.js': '.mjs' },
  // Dynamic imports (tfjs for BN-γ) stay separate chunks, loaded only when used: `--help` starts fast.
  splitting: true,
  bundle: true,
  // Input paths in the metafile (sources.json) relative to the project, wherever the build is run from.
  absWorkingDir: root,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
  plugins: [rawText],
});
// The sources the build was made from: the bin runs them through tsx instead when one is newer.
writeFileSync(join(root, 'build/cli/sources.json'), JSON.stringify(Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules'))
  .map((p) => (p.startsWith('raw:') ? relative(root, p.slice(4)) : p))));
