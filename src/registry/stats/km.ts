/**
 * Kaplan-Meier survival estimate as R's `survfit(Surv(time, status) ~ 1, conf.type = "log")`:
 * one step per distinct observed time (events and censorings), Greenwood variance of the
 * cumulative hazard, sum d / (n (n - d)), and the log-transformed 95% interval
 * S exp(+-z se), upper limit capped at 1, limits null where S = 0.
 * Times are in the caller's unit (months in the registry).
 */
import { Z_975 } from './distributions.js';

/** Struct of arrays, one entry per distinct time, ascending. */
export interface KaplanMeierFit {
  readonly time: Float64Array;
  readonly nRisk: Int32Array;
  readonly nEvent: Int32Array;
  readonly nCensor: Int32Array;
  readonly survival: Float64Array;
  /** Standard error of the cumulative hazard (R's `std.err`); Infinity once S = 0. */
  readonly stdErr: Float64Array;
}

/** Survival and its 95% interval at one time; limits null where S = 0. */
export interface SurvivalPoint {
  s: number;
  lower: number | null;
  upper: number | null;
}

/** R's tolerance for "S equals 0.5" in the median (sqrt of machine epsilon). */
const HALF_TOLERANCE = Math.sqrt(Number.EPSILON);

/**
 * Kaplan-Meier fit of (time, event) pairs; `event` 1 = death, 0 = censored.
 * Example: times [1, 2, 3], events [1, 0, 1] give S = 2/3 at 1, 2/3 at 2, 0 at 3.
 */
export function kaplanMeier(time: ArrayLike<number>, event: ArrayLike<number>): KaplanMeierFit {
  const n = time.length;
  if (event.length !== n) throw new RangeError('kaplanMeier: time and event lengths differ');
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => time[a] - time[b]);
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || time[order[i]] !== time[order[i - 1]]) distinct++;
  const fit: KaplanMeierFit = {
    time: new Float64Array(distinct),
    nRisk: new Int32Array(distinct),
    nEvent: new Int32Array(distinct),
    nCensor: new Int32Array(distinct),
    survival: new Float64Array(distinct),
    stdErr: new Float64Array(distinct),
  };
  let s = 1;
  let hazardVar = 0;
  let i = 0;
  for (let k = 0; k < distinct; k++) {
    const t = time[order[i]];
    const atRisk = n - i;
    let d = 0;
    let c = 0;
    for (; i < n && time[order[i]] === t; i++) {
      if (event[order[i]]) d++;
      else c++;
    }
    s *= 1 - d / atRisk;
    if (d > 0) hazardVar += atRisk === d ? Infinity : d / (atRisk * (atRisk - d));
    fit.time[k] = t;
    fit.nRisk[k] = atRisk;
    fit.nEvent[k] = d;
    fit.nCensor[k] = c;
    fit.survival[k] = s;
    fit.stdErr[k] = Math.sqrt(hazardVar);
  }
  return fit;
}

/** S and its log-transformed 95% limits from S and the cumulative hazard's standard error. */
export function survivalPoint(s: number, stdErr: number): SurvivalPoint {
  if (!(s > 0) || !Number.isFinite(stdErr)) return { s, lower: null, upper: null };
  return { s, lower: s * Math.exp(-Z_975 * stdErr), upper: Math.min(1, s * Math.exp(Z_975 * stdErr)) };
}

/**
 * Survival at time t as R's `summary(fit, times = t, extend = TRUE)`: the value of the last
 * step at or before t (S = 1 with limits 1 before the first time, the last value after the
 * last time).
 */
export function survivalAt(fit: KaplanMeierFit, t: number): SurvivalPoint {
  let lo = 0;
  let hi = fit.time.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fit.time[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return { s: 1, lower: 1, upper: 1 };
  return survivalPoint(fit.survival[lo - 1], fit.stdErr[lo - 1]);
}

/**
 * Median survival time as R's print/summary of a survfit (survival:::survmean): the first
 * time S <= 0.5; when S equals 0.5 there (within sqrt(eps)) and later drops below it, the
 * midpoint between that time and the time of the drop. Null when S never reaches 0.5.
 */
export function kmMedian(fit: KaplanMeierFit): number | null {
  const n = fit.time.length;
  let first = -1;
  for (let k = 0; k < n; k++) {
    if (fit.survival[k] < 0.5 + HALF_TOLERANCE) {
      first = k;
      break;
    }
  }
  if (first < 0) return null;
  const s0 = fit.survival[first];
  if (Math.abs(s0 - 0.5) < HALF_TOLERANCE) {
    for (let k = first + 1; k < n; k++) {
      if (fit.survival[k] < s0) return (fit.time[first] + fit.time[k]) / 2;
    }
  }
  return fit.time[first];
}
