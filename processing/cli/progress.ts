/** A one-line progress bar on stderr with stage names and counts; silent when stderr is not a terminal. */

export interface Progress {
  update(stage: string, done: number, total: number, detail?: string): void;
  /** Prints a finished stage on its own line. */
  done(stage: string, detail: string): void;
}

/** Creates the bar; it draws only when `enabled` (default: stderr is a TTY). */
export function createProgress(enabled = Boolean(process.stderr.isTTY)): Progress {
  let last = 0;
  return {
    update(stage, done, total, detail = '') {
      if (!enabled) return;
      const now = Date.now();
      if (now - last < 50 && done < total) return;
      last = now;
      const width = 24;
      const filled = total > 0 ? Math.round((done / total) * width) : 0;
      process.stderr.write(`\r\x1b[2K${stage.padEnd(12)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${detail}`);
    },
    done(stage, detail) {
      if (enabled) process.stderr.write(`\r\x1b[2K${stage.padEnd(12)} ${detail}\n`);
    },
  };
}
