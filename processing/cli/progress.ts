/** A one-line progress bar on stderr with stage, counts, rate and time left; silent when stderr is not a terminal. */

export interface Progress {
  update(stage: string, done: number, total: number, detail?: string): void;
  /** Prints a finished stage on its own line. */
  done(stage: string, detail: string): void;
}

/** "1m 05s" / "12s" for a duration in seconds. */
function duration(s: number): string {
  const whole = Math.max(0, Math.round(s));
  return whole >= 60 ? `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, '0')}s` : `${whole}s`;
}

/** The bar's text: stage, bar, counts, and once a step is done its rate (steps/s) and the time left. */
export function progressLine(stage: string, done: number, total: number, detail: string, elapsedMs: number): string {
  const width = 24;
  const filled = total > 0 ? Math.round((Math.min(done, total) / total) * width) : 0;
  let pace = '';
  if (done > 0 && elapsedMs > 0 && total > done) {
    const rate = done / (elapsedMs / 1000);
    pace = ` ${rate >= 10 ? rate.toFixed(0) : rate.toFixed(1)}/s, ${duration((total - done) / rate)} left`;
  }
  return `${stage.padEnd(12)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}${pace} ${detail}`.trimEnd();
}

/** Creates the bar; it draws only when `enabled` (default: stderr is a TTY). */
export function createProgress(enabled = Boolean(process.stderr.isTTY)): Progress {
  let last = 0;
  let current = '';
  let started = 0;
  return {
    update(stage, done, total, detail = '') {
      if (!enabled) return;
      const now = Date.now();
      if (stage !== current) { current = stage; started = now; }
      if (now - last < 50 && done < total) return;
      last = now;
      process.stderr.write(`\r\x1b[2K${progressLine(stage, done, total, detail, now - started)}`);
    },
    done(stage, detail) {
      if (enabled) process.stderr.write(`\r\x1b[2K${stage.padEnd(12)} ${detail}\n`);
    },
  };
}
