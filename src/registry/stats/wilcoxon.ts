/**
 * Wilcoxon signed-rank test on paired differences (two-sided), with R's conventions:
 * zero differences dropped, |differences| given mid-ranks, V = sum of the ranks of the
 * positive differences.
 *
 * - p_normal: normal approximation with tie and continuity correction, exactly as R's
 *   `wilcox.test(x, exact = FALSE, correct = TRUE)`.
 * - p_exact: exact permutation p-value of V given the observed (possibly tied) ranks: under
 *   H0 each rank carries a + or - sign with probability 1/2 independently. Mid-ranks are
 *   multiples of 1/2, so the distribution is built by a dynamic programme over doubled ranks
 *   (integers), truncated at the observed value: O(n * min(2V, n(n+1) - 2V)) time.
 *   Two-sided p = min(1, 2 min(P(V <= v), P(V >= v))), which for this symmetric distribution
 *   equals P(|V - E V| >= |v - E V|). Without ties it equals R's exact `psignrank` p-value.
 */
import { normalCdfBoth } from './distributions.js';
import { midRanks } from './ranks.js';

export interface SignedRankOptions {
  /**
   * Upper bound on the exact algorithm's work (inner-loop steps, about 1 ns each). Above it
   * p_exact is 0 when a Hoeffding bound proves it below 1e-300, otherwise null. Default 3e8
   * (always enough for n <= 800).
   */
  exactMaxWork?: number;
}

export interface SignedRankResult {
  /** Number of non-zero differences (the n of the test). */
  n: number;
  /** Sum of the mid-ranks of |d| over positive d. */
  V: number;
  /** Two-sided p, normal approximation with tie and continuity correction. */
  pNormal: number;
  /** Two-sided exact permutation p given the observed ranks; null only above exactMaxWork. */
  pExact: number | null;
}

const DEFAULT_MAX_WORK = 3e8;
/** log(2^-1075): a p-value below it is 0 as a double (round to nearest). */
const LOG_HALF_MIN_DOUBLE = Math.log(Number.MIN_VALUE) - Math.LN2;

/**
 * Signed-rank test of differences d (e.g. baseline - follow-up); null when no d is non-zero.
 * Example: d = [1, 2, 3] gives V = 6, p_exact = 0.25, p_normal = 0.1814492.
 */
export function signedRankTest(
  differences: ArrayLike<number>,
  options: SignedRankOptions = {},
): SignedRankResult | null {
  let n = 0;
  for (let i = 0; i < differences.length; i++) if (differences[i] !== 0) n++;
  if (n === 0) return null;
  const abs = new Float64Array(n);
  const positive = new Uint8Array(n);
  for (let i = 0, j = 0; i < differences.length; i++) {
    const d = differences[i];
    if (d === 0) continue;
    abs[j] = Math.abs(d);
    positive[j++] = d > 0 ? 1 : 0;
  }
  const { ranks, tieSum } = midRanks(abs);
  let V = 0;
  for (let i = 0; i < n; i++) if (positive[i]) V += ranks[i];
  return {
    n,
    V,
    pNormal: signedRankNormalP({ n, V, tieSum }),
    pExact: signedRankExactP(ranks, { V, maxWork: options.exactMaxWork ?? DEFAULT_MAX_WORK }),
  };
}

/** R's normal approximation: z = (V - n(n+1)/4 - sign * 0.5) / sigma, sigma tie-corrected. */
export function signedRankNormalP(s: { n: number; V: number; tieSum: number }): number {
  const { n, V, tieSum } = s;
  let z = V - (n * (n + 1)) / 4;
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieSum / 48);
  z = (z - Math.sign(z) * 0.5) / sigma;
  const [lower, upper] = normalCdfBoth(z);
  return 2 * Math.min(lower, upper);
}

/**
 * Exact two-sided p of the signed-rank statistic V given the ranks (mid-ranks allowed).
 * `maxWork` bounds the dynamic programme; see SignedRankOptions.
 */
export function signedRankExactP(
  ranks: ArrayLike<number>,
  opts: { V: number; maxWork?: number },
): number | null {
  const n = ranks.length;
  if (n === 0) return null;
  const doubled = new Int32Array(n);
  let total = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    doubled[i] = Math.round(2 * ranks[i]);
    total += doubled[i];
    sumSq += ranks[i] * ranks[i];
  }
  doubled.sort();
  const v2 = Math.round(2 * opts.V);
  const m = Math.min(v2, total - v2);
  if (2 * m >= total) return 1;
  // Hoeffding: P(V <= E V - t) <= exp(-2 t^2 / sum r_i^2), t in rank units. Below half the
  // smallest double the exact p rounds to 0, so the dynamic programme has nothing to add.
  const t = (total - 2 * m) / 4;
  const logBound = Math.LN2 - (2 * t * t) / sumSq;
  if (logBound < LOG_HALF_MIN_DOUBLE) return 0;
  let work = 0;
  for (let i = 0, partial = 0; i < n; i++) {
    partial += doubled[i];
    work += Math.min(m, partial) + 1;
  }
  if (work > (opts.maxWork ?? DEFAULT_MAX_WORK)) return Math.exp(logBound) < 1e-300 ? 0 : null;
  return Math.min(1, 2 * lowerTail(doubled, m));
}

/** P(sum of randomly signed doubled ranks counted positive <= m), ranks sorted ascending. */
function lowerTail(doubled: Int32Array, m: number): number {
  const p = new Float64Array(m + 1);
  p[0] = 1;
  let partial = 0;
  for (let i = 0; i < doubled.length; i++) {
    const d = doubled[i];
    partial += d;
    const hi = Math.min(m, partial);
    for (let s = hi; s >= d; s--) p[s] = 0.5 * (p[s] + p[s - d]);
    for (let s = Math.min(d - 1, hi); s >= 0; s--) p[s] *= 0.5;
  }
  let sum = 0;
  for (let s = 0; s <= m; s++) sum += p[s];
  return sum;
}
