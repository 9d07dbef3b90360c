/** Helpers for benchmarks: medians of repeated timed runs. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs fn `runs` times (after one warm-up unless warmup is false) and returns the times in ms. */
export async function timeRuns(
  fn: () => Promise<unknown> | unknown,
  runs = 5,
  warmup = true,
): Promise<number[]> {
  if (warmup) await fn();
  const out: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}
