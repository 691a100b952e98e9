/** Writing CLI outputs so that a stopped run (Ctrl-C, a full disk) never leaves a partial file under the final name. */
import { renameSync, rmSync, writeFileSync } from 'node:fs';

/** Writes `data` beside `path` and renames it into place; throws naming `path`. */
export function writeAtomically(path: string, data: string | Uint8Array): void {
  const partial = `${path}.partial-${process.pid}`;
  try {
    writeFileSync(partial, data);
    renameSync(partial, path);
  } catch (err) {
    rmSync(partial, { force: true });
    throw new Error(`cannot write '${path}': ${(err as Error).message}`);
  }
}
