// Module hooks for running the CLI from its sources (nnwalk.mjs without a fresh build): Vite's `?raw`
// imports (the WGSL kernels of --backend webgpu) load as a module exporting the file's text, as the
// esbuild plugin in build-cli.mjs does for the compiled CLI.
import { readFile } from 'node:fs/promises';

export async function resolve(specifier, context, next) {
  if (!specifier.endsWith('?raw')) return next(specifier, context);
  const resolved = await next(specifier.slice(0, -4), context);
  return { url: `${resolved.url}?raw`, shortCircuit: true };
}

export async function load(url, context, next) {
  if (!url.endsWith('?raw')) return next(url, context);
  const text = await readFile(new URL(url.slice(0, -4)), 'utf8');
  return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
}
