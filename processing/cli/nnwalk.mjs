#!/usr/bin/env node
// Entry of the `nnwalk` command: runs the compiled CLI (build/cli/main.mjs, made by `npm ci` or
// `npm run build:cli`). When one of the sources it was built from is newer than the build (a developer
// editing them), or there is no build, it runs the sources through tsx instead: never stale code.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const built = join(root, 'build', 'cli', 'main.mjs');
const sources = join(root, 'build', 'cli', 'sources.json');

/** Whether the build exists and no source it was made from changed since (~100 stats, a few ms). */
function buildIsFresh() {
  if (!existsSync(built) || !existsSync(sources)) return false;
  const time = statSync(built).mtimeMs;
  for (const file of JSON.parse(readFileSync(sources, 'utf8'))) {
    const path = join(root, file);
    if (!existsSync(path) || statSync(path).mtimeMs > time) return false;
  }
  return true;
}

let main;
if (buildIsFresh()) {
  ({ main } = await import(built));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  // Registered last, so it runs first: `?raw` imports (WGSL kernels) as text.
  (await import('node:module')).register('./raw-hooks.mjs', import.meta.url);
  ({ main } = await import('./main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
