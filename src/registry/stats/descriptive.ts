/**
 * Descriptive statistics as R computes them: `mean`, `sd` (denominator n - 1), `quantile`
 * type 7 (Hyndman & Fan 1996, R's default), `median` and `IQR`. Inputs are never modified.
 */

/** Arithmetic mean with a second correcting pass (as R's `mean`); NaN for no values. */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i];
  const m = s / n;
  let c = 0;
  for (let i = 0; i < n; i++) c += values[i] - m;
  return m + c / n;
}

/** Sample variance (denominator n - 1, two-pass); NaN with fewer than two values. */
export function variance(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return NaN;
  const m = mean(values);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - m;
    ss += d * d;
  }
  return ss / (n - 1);
}

/** Sample standard deviation (denominator n - 1); NaN with fewer than two values. */
export function sd(values: ArrayLike<number>): number {
  return Math.sqrt(variance(values));
}

/** A sorted copy (ascending) as a Float64Array. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * Quantile of type 7 on already sorted values: h = (n - 1) p, linear interpolation between
 * order statistics floor(h) and ceil(h) (0-based), written as R writes it, (1 - f) lo + f hi.
 * Example: [1, 2, 3, 4] at p = 0.25 gives 1.75.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0 || !(p >= 0 && p <= 1)) return NaN;
  const index = (n - 1) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const qs = sorted[lo];
  const f = index - lo;
  if (f > 0 && sorted[hi] !== qs) return (1 - f) * qs + f * sorted[hi];
  return qs;
}

/** Quantile of type 7 (R's default `quantile(x, p)`); NaN for no values. */
export function quantile(values: ArrayLike<number>, p: number): number {
  return quantileSorted(sortedCopy(values), p);
}

/** Median (type 7 at p = 0.5, the usual median). */
export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/** Median, quartiles and interquartile range (type 7), as in R's `quantile` and `IQR`. */
export interface QuartileSummary {
  median: number;
  q1: number;
  q3: number;
  iqr: number;
}

/** Median, first and third quartiles (type 7) and IQR = q3 - q1; NaN fields for no values. */
export function medianIqr(values: ArrayLike<number>): QuartileSummary {
  const s = sortedCopy(values);
  const q1 = quantileSorted(s, 0.25);
  const q3 = quantileSorted(s, 0.75);
  return { median: quantileSorted(s, 0.5), q1, q3, iqr: q3 - q1 };
}

/** [min, max] of the values (NaN, NaN for none); no argument spreading, any length. */
export function minMax(values: ArrayLike<number>): [min: number, max: number] {
  if (values.length === 0) return [NaN, NaN];
  let lo = values[0];
  let hi = values[0];
  for (let i = 1; i < values.length; i++) {
    if (values[i] < lo) lo = values[i];
    if (values[i] > hi) hi = values[i];
  }
  return [lo, hi];
}
