/** Progress reporting shared by long operations; fraction in 0..1, message short and human. */
export type ProgressFn = (fraction: number, message: string) => void;

export const noProgress: ProgressFn = () => {};

/** Maps a sub-task's 0..1 progress into [from, to] of the parent's. */
export function subProgress(parent: ProgressFn, from: number, to: number): ProgressFn {
  return (f, msg) => parent(from + (to - from) * Math.min(1, Math.max(0, f)), msg);
}

/** Wall-clock timings of named stages, in milliseconds, in the order they ran. */
export class StageTimer {
  private readonly t0 = performance.now();
  private last = this.t0;
  readonly stagesMs: Record<string, number> = {};
  /** Ends the stage running since the previous call and records it under `name`. */
  lap(name: string): void {
    const now = performance.now();
    this.stagesMs[name] = (this.stagesMs[name] ?? 0) + (now - this.last);
    this.last = now;
  }
  totalMs(): number {
    return performance.now() - this.t0;
  }
}
