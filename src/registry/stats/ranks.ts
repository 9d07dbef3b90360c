/**
 * Mid-ranks as R's `rank(x, ties.method = "average")`: 1-based, tied values share the mean
 * of the ranks they span. Example: [10, 20, 20, 30] -> [1, 2.5, 2.5, 4].
 */

/** Ranks of `values` and the tie correction sum over tie groups of (t^3 - t). */
export interface MidRanks {
  ranks: Float64Array;
  /** Sum over groups of equal values of t^3 - t (0 without ties). */
  tieSum: number;
}

/** Mid-ranks of `values` (input untouched). */
export function midRanks(values: ArrayLike<number>): MidRanks {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  let tieSum = 0;
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const t = end - start;
    const r = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) ranks[order[i]] = r;
    tieSum += t * t * t - t;
    start = end;
  }
  return { ranks, tieSum };
}
