/**
 * Progress on stderr: a redrawn bar on a terminal, plain lines otherwise (at most one per
 * ~5% step or per message change, so logs stay short).
 */
import type { ProgressFn } from '../core/progress.js';

export function stderrProgress(label: string, quiet = false): ProgressFn & { done(): void } {
  const tty = process.stderr.isTTY === true;
  let lastPct = -100;
  let lastMsg = '';
  let drawn = false;
  const fn = ((fraction: number, message: string) => {
    if (quiet) return;
    const pct = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
    if (tty) {
      const width = 28;
      const filled = Math.round((pct / 100) * width);
      const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
      process.stderr.write(
        `\r${label} [${bar}] ${String(pct).padStart(3)}% ${message.slice(0, 40).padEnd(40)}`,
      );
      drawn = true;
      return;
    }
    if (message !== lastMsg || pct - lastPct >= 5) {
      process.stderr.write(`${label}: ${pct}% ${message}\n`);
      lastPct = pct;
      lastMsg = message;
    }
  }) as ProgressFn & { done(): void };
  fn.done = () => {
    if (tty && drawn) process.stderr.write('\n');
  };
  return fn;
}

/** A warning line on stderr. */
export function warn(message: string): void {
  process.stderr.write(`sacroguide: warning: ${message}\n`);
}
