/**
 * Fisher's exact test for an r x c contingency table, two-sided, as R's `fisher.test`: the
 * p-value is the total probability (multivariate hypergeometric, margins fixed) of all tables
 * at most as probable as the observed one, with R's relative tolerance of 1e-7
 * (P(table) <= P(observed) * (1 + 1e-7)).
 *
 * Enumeration is a network algorithm in the spirit of Mehta & Patel (1983, JASA 78:427): the
 * table is filled column by column; a node is (column, remaining row margins), rows sorted
 * since completions are symmetric in rows. For each node the exact largest and smallest
 * log-probability of any completion are memoized, so whole sub-networks are added in closed
 * form (sum over completions of prod_j C_j! / prod_ij n_ij! = M! / prod_i rho_i!) or skipped.
 */

/** Largest dense memo of node bounds (entries); beyond it nodes are kept in maps. */
const DENSE_MEMO_LIMIT = 1 << 22;

/** Natural logs of 0!, 1!, ..., n!. */
function logFactorials(n: number): Float64Array {
  const lf = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) lf[i] = lf[i - 1] + Math.log(i);
  return lf;
}

/** Checks counts and drops all-zero rows and columns; returns rows x cols with rows <= cols. */
function normalizeTable(table: readonly (readonly number[])[]): number[][] {
  const cols = table.length ? table[0].length : 0;
  for (const row of table) {
    if (row.length !== cols) throw new RangeError('fisherExactTest: rows of different lengths');
    for (const v of row)
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`fisherExactTest: bad count ${v}`);
  }
  const rows = table.filter((row) => row.some((v) => v > 0));
  const keep = [...Array(cols).keys()].filter((j) => rows.some((row) => row[j] > 0));
  const t = rows.map((row) => keep.map((j) => row[j]));
  if (t.length <= keep.length) return t;
  return keep.map((_, j) => t.map((row) => row[j]));
}

/**
 * Two-sided Fisher exact p-value of a table of non-negative integer counts. A table with fewer
 * than two non-empty rows or columns cannot vary: p = 1.
 * Example: [[3, 1], [1, 3]] gives p = 0.4857143 (R: fisher.test(matrix(c(3,1,1,3), 2))$p.value).
 */
export function fisherExactTest(table: readonly (readonly number[])[]): number {
  const t = normalizeTable(table);
  const r = t.length;
  const c = r ? t[0].length : 0;
  if (r < 2 || c < 2) return 1;
  const colTotals = new Int32Array(c);
  const rowTotals = new Int32Array(r);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      rowTotals[i] += t[i][j];
      colTotals[j] += t[i][j];
    }
  }
  let total = 0;
  for (let j = 0; j < c; j++) total += colTotals[j];
  const lf = logFactorials(total);
  let constant = -lf[total];
  for (let i = 0; i < r; i++) constant += lf[rowTotals[i]];
  let observed = 0;
  for (let j = 0; j < c; j++) {
    observed += lf[colTotals[j]];
    for (let i = 0; i < r; i++) observed -= lf[t[i][j]];
  }
  const threshold = observed + Math.log1p(1e-7);
  return Math.min(1, new FisherNetwork({ colTotals, rowTotals, lf }).pValue(threshold, constant));
}

/** The column-by-column network of tables with the given margins. */
class FisherNetwork {
  private readonly r: number;
  private readonly c: number;
  private readonly colTotals: Int32Array;
  private readonly lf: Float64Array;
  /** rho[k * r + i]: row margins left before filling column k. */
  private readonly rho: Int32Array;
  /** Per depth: remaining of the column to place after row i, partial log term. */
  private readonly left: Int32Array;
  private readonly term: Float64Array;
  private readonly suffix: Int32Array;
  private readonly past: Float64Array;
  private readonly mode: Uint8Array;
  private readonly bestAt: Float64Array;
  private readonly worstAt: Float64Array;
  private readonly sortScratch: Int32Array;
  /** Node bounds: dense arrays (NaN = not yet known) when the node space is small, else maps. */
  private readonly maxDense: Float64Array | undefined;
  private readonly minDense: Float64Array | undefined;
  private readonly maxMemo = new Map<number | string, number>();
  private readonly minMemo = new Map<number | string, number>();
  private readonly tailMemo = new Map<
    number | string,
    { terms: Float64Array; cum: Float64Array; ref: number }
  >();
  private readonly collected: number[] = [];
  private readonly radix: number;
  private readonly stageSize: number;
  private threshold = 0;
  private constant = 0;
  private sum = 0;

  constructor(m: { colTotals: Int32Array; rowTotals: Int32Array; lf: Float64Array }) {
    this.r = m.rowTotals.length;
    this.c = m.colTotals.length;
    this.colTotals = m.colTotals;
    this.lf = m.lf;
    const { r, c } = this;
    this.rho = new Int32Array((c + 1) * r);
    this.rho.set(m.rowTotals);
    this.left = new Int32Array(c * r);
    this.term = new Float64Array(c * r);
    this.suffix = new Int32Array(c * (r + 1));
    this.past = new Float64Array(c + 1);
    this.mode = new Uint8Array(c);
    this.bestAt = new Float64Array(c);
    this.worstAt = new Float64Array(c);
    this.sortScratch = new Int32Array(r);
    this.radix = m.lf.length;
    // A node is its column and its sorted margins less the largest (fixed by their sum).
    this.stageSize = Math.pow(this.radix, r - 1);
    if (this.stageSize * c <= DENSE_MEMO_LIMIT) {
      this.maxDense = new Float64Array(this.stageSize * c).fill(NaN);
      this.minDense = new Float64Array(this.stageSize * c);
    }
  }

  /** Sum of exp(constant + log P-terms) over tables whose log-term is <= threshold. */
  pValue(threshold: number, constant: number): number {
    this.threshold = threshold;
    this.constant = constant;
    this.sum = 0;
    this.past[0] = 0;
    this.visit(0);
    return this.sum;
  }

  /** log term of the last column, forced to take all remaining row margins at depth k. */
  private lastTerm(k: number): number {
    let v = this.lf[this.colTotals[k]];
    for (let i = 0; i < this.r; i++) v -= this.lf[this.rho[k * this.r + i]];
    return v;
  }

  /** log(M! / prod rho_i!): log of the summed terms of every completion from depth k. */
  private logAllCompletions(k: number): number {
    let m = 0;
    let v = 0;
    for (let i = 0; i < this.r; i++) {
      const x = this.rho[k * this.r + i];
      m += x;
      v -= this.lf[x];
    }
    return v + this.lf[m];
  }

  /** Identifies the node at depth k: rows sorted (completions are symmetric in rows). */
  private key(k: number): number | string {
    const s = this.sortScratch;
    const r = this.r;
    for (let i = 0; i < r; i++) {
      const v = this.rho[k * r + i];
      let j = i;
      for (; j > 0 && s[j - 1] > v; j--) s[j] = s[j - 1];
      s[j] = v;
    }
    if (this.stageSize * (this.c + 1) >= Number.MAX_SAFE_INTEGER) return `${k}:${s.join(',')}`;
    let code = 0;
    for (let i = 0; i < r - 1; i++) code = code * this.radix + s[i];
    return k * this.stageSize + code;
  }

  /** Sets bestAt[k], worstAt[k]: max and min completion log-term from depth k. */
  private bounds(k: number): void {
    if (k === this.c - 1) {
      this.bestAt[k] = this.worstAt[k] = this.lastTerm(k);
      return;
    }
    const key = this.key(k);
    const dense = typeof key === 'number' ? this.maxDense : undefined;
    const hit = dense ? dense[key as number] : this.maxMemo.get(key);
    if (hit !== undefined && !Number.isNaN(hit)) {
      this.bestAt[k] = hit;
      this.worstAt[k] = dense
        ? (this.minDense as Float64Array)[key as number]
        : (this.minMemo.get(key) as number);
      return;
    }
    this.bestAt[k] = -Infinity;
    this.worstAt[k] = Infinity;
    this.mode[k] = 0;
    this.enumerate(k);
    if (dense) {
      dense[key as number] = this.bestAt[k];
      (this.minDense as Float64Array)[key as number] = this.worstAt[k];
    } else {
      this.maxMemo.set(key, this.bestAt[k]);
      this.minMemo.set(key, this.worstAt[k]);
    }
  }

  private visit(k: number): void {
    const past = this.past[k];
    if (k === this.c - 1) {
      const v = past + this.lastTerm(k);
      if (v <= this.threshold) this.sum += Math.exp(this.constant + v);
      return;
    }
    this.bounds(k);
    if (past + this.bestAt[k] <= this.threshold) {
      this.sum += Math.exp(this.constant + past + this.logAllCompletions(k));
      return;
    }
    if (past + this.worstAt[k] > this.threshold) return;
    if (k === this.c - 2) {
      this.sum += this.tailSum(k, past);
      return;
    }
    this.mode[k] = 1;
    this.enumerate(k);
  }

  /**
   * Sum over completions from depth k = c - 2 (two columns left, so a completion is one
   * allocation of column k) of those at most as probable as the threshold allows. The sorted
   * completion terms of each node and their running sums are kept, so every later visit of the
   * node is a binary search.
   */
  private tailSum(k: number, past: number): number {
    const key = this.key(k);
    let table = this.tailMemo.get(key);
    if (!table) {
      this.collected.length = 0;
      this.mode[k] = 2;
      this.enumerate(k);
      const terms = Float64Array.from(this.collected).sort();
      const ref = terms[terms.length - 1];
      const cum = new Float64Array(terms.length + 1);
      for (let i = 0; i < terms.length; i++) cum[i + 1] = cum[i] + Math.exp(terms[i] - ref);
      table = { terms, cum, ref };
      this.tailMemo.set(key, table);
    }
    const limit = this.threshold - past;
    let lo = 0;
    let hi = table.terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (table.terms[mid] <= limit) lo = mid + 1;
      else hi = mid;
    }
    return Math.exp(this.constant + past + table.ref) * table.cum[lo];
  }

  /** Every way to spread column k over the rows; calls `step` for each. */
  private enumerate(k: number): void {
    const { r } = this;
    const base = k * r;
    const sb = k * (r + 1);
    this.suffix[sb + r] = 0;
    for (let i = r - 1; i >= 0; i--) this.suffix[sb + i] = this.suffix[sb + i + 1] + this.rho[base + i];
    this.left[base] = this.colTotals[k];
    this.term[base] = this.lf[this.colTotals[k]];
    this.fillRow(k, 0);
  }

  private fillRow(k: number, i: number): void {
    const { r } = this;
    const at = k * r + i;
    const left = this.left[at];
    const avail = this.rho[at];
    const lo = Math.max(0, left - this.suffix[k * (r + 1) + i + 1]);
    const hi = Math.min(avail, left);
    if (i === r - 1) {
      if (lo > hi) return;
      this.rho[at + r] = avail - left;
      this.step(k, this.term[at] - this.lf[left]);
      return;
    }
    for (let x = lo; x <= hi; x++) {
      this.rho[at + r] = avail - x;
      this.left[at + 1] = left - x;
      this.term[at + 1] = this.term[at] - this.lf[x];
      this.fillRow(k, i + 1);
    }
  }

  /** One filled column k with log-term `colTerm`; the next margins are at depth k + 1. */
  private step(k: number, colTerm: number): void {
    if (this.mode[k] === 2) {
      this.collected.push(colTerm + this.lastTerm(k + 1));
      return;
    }
    if (this.mode[k] === 0) {
      this.bounds(k + 1);
      const best = colTerm + this.bestAt[k + 1];
      const worst = colTerm + this.worstAt[k + 1];
      if (best > this.bestAt[k]) this.bestAt[k] = best;
      if (worst < this.worstAt[k]) this.worstAt[k] = worst;
      return;
    }
    this.past[k + 1] = this.past[k] + colTerm;
    this.visit(k + 1);
  }
}
