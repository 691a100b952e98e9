/**
 * The browser tests' global setup: builds dist/ once for the whole run (each test file then only serves
 * it), and says so to the test workers through the environment (they start after this).
 */
import { join } from 'node:path';
import { build } from 'vite';

/** Builds the app once before any browser test file runs. */
export default async function buildOnce(): Promise<void> {
  await build({ root: join(import.meta.dirname, '..', '..'), logLevel: 'warn' });
  process.env.NNWALK_DIST_BUILT = '1';
}
