/**
 * Friedman rank-sum test for an unreplicated complete block design, tie-corrected, as R's
 * `friedman.test(y)` for an n x k matrix y (rows = blocks, e.g. patients; columns = groups,
 * e.g. time points):
 *
 *   Q = 12 * sum_j (R_j - n (k + 1) / 2)^2 / (n k (k + 1) - sum_blocks sum_ties (t^3 - t) / (k - 1))
 *
 * with R_j the sum of within-block mid-ranks of group j; p = P(chi-square(k - 1) > Q).
 * Reference: Hollander & Wolfe (1973), Nonparametric Statistical Methods, pp. 139-146.
 */
import { chiSquareSurvival } from './distributions.js';

export interface FriedmanResult {
  /** Number of blocks (complete cases). */
  n: number;
  /** k - 1. */
  df: number;
  /** Tie-corrected Friedman chi-square; null with fewer than 2 blocks or every block fully tied. */
  statistic: number | null;
  p: number | null;
}

/**
 * Friedman test on a row-major n x k matrix `data` (blocks in rows, no missing values).
 * Example: rows [1,2,3], [1,3,2], [1,2,3] give Q = 4.666667, p = 0.09697197.
 */
export function friedmanTest(data: ArrayLike<number>, groups: number): FriedmanResult {
  const k = groups;
  if (!(k >= 2) || data.length % k !== 0)
    throw new RangeError(`friedmanTest: ${data.length} values are not n x ${k}`);
  const n = data.length / k;
  const rankSums = new Float64Array(k);
  let tieSum = 0;
  for (let b = 0; b < n; b++) {
    const o = b * k;
    for (let j = 0; j < k; j++) {
      const x = data[o + j];
      let less = 0;
      let equal = 0;
      for (let l = 0; l < k; l++) {
        const y = data[o + l];
        if (y < x) less++;
        else if (y === x) equal++;
      }
      rankSums[j] += less + (equal + 1) / 2;
      // Each member of a tie group of size t adds t^2 - 1, the group t^3 - t.
      tieSum += equal * equal - 1;
    }
  }
  const df = k - 1;
  const allTied = tieSum === n * (k * k * k - k);
  if (n < 2 || allTied) return { n, df, statistic: null, p: null };
  const centre = (n * (k + 1)) / 2;
  let ss = 0;
  for (let j = 0; j < k; j++) ss += (rankSums[j] - centre) ** 2;
  const statistic = (12 * ss) / (n * k * (k + 1) - tieSum / (k - 1));
  return { n, df, statistic, p: chiSquareSurvival(statistic, df) };
}
