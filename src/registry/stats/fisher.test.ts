import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fisherExactTest } from './fisher.js';

// Reference values: scripts/r/make-fixtures.R, fisher.test(m, workspace = 2e7)$p.value.
const R = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/cohort/r-values.json', import.meta.url), 'utf8'),
);

interface Case {
  name: string;
  table: number[][];
  p: number;
}

/** Every table with the margins of `t` (2 or 3 rows), the obvious way. */
function bruteForceP(t: number[][]): number {
  const rows = t.map((r) => r.reduce((a, b) => a + b, 0));
  const cols = t[0].map((_, j) => t.reduce((a, r) => a + r[j], 0));
  const lf = (n: number): number => {
    let s = 0;
    for (let i = 2; i <= n; i++) s += Math.log(i);
    return s;
  };
  const N = rows.reduce((a, b) => a + b, 0);
  const base = rows.reduce((a, r) => a + lf(r), 0) + cols.reduce((a, c) => a + lf(c), 0) - lf(N);
  const logP = (cells: number[][]): number => base - cells.flat().reduce((a, x) => a + lf(x), 0);
  const obs = logP(t);
  let p = 0;
  const fill = (j: number, left: number[], cells: number[][]): void => {
    if (j === cols.length - 1) {
      const last = cells.map((r, i) => [...r, left[i]]);
      const lp = logP(last);
      if (lp <= obs + 1e-7) p += Math.exp(lp);
      return;
    }
    const col = (i: number, remaining: number, acc: number[]): void => {
      if (i === rows.length - 1) {
        if (remaining > left[i]) return;
        const c = [...acc, remaining];
        fill(
          j + 1,
          left.map((l, k) => l - c[k]),
          cells.map((r, k) => [...r, c[k]]),
        );
        return;
      }
      for (let x = 0; x <= Math.min(left[i], remaining); x++) col(i + 1, remaining - x, [...acc, x]);
    };
    col(0, cols[j], []);
  };
  fill(
    0,
    rows,
    rows.map(() => []),
  );
  return p;
}

describe('fisherExactTest against R fisher.test', () => {
  it.each((R.fisher as Case[]).map((c) => [c.name, c]))('%s', (_, c) => {
    expect(Math.abs(fisherExactTest(c.table) - c.p)).toBeLessThanOrEqual(1e-9 * c.p);
  });
});

describe('fisherExactTest', () => {
  it('equals brute-force enumeration on seeded random 2 x 4 and 3 x 3 tables', () => {
    let seed = 11;
    const rand = (k: number): number =>
      Math.floor(((seed = (seed * 69069 + 1) % 4294967296) / 4294967296) * k);
    for (let trial = 0; trial < 25; trial++) {
      const [r, c] = trial % 2 ? [2, 4] : [3, 3];
      const t = Array.from({ length: r }, () => Array.from({ length: c }, () => rand(6)));
      if (t.some((row) => row.every((x) => x === 0)) || t[0].some((_, j) => t.every((row) => row[j] === 0)))
        continue;
      expect(fisherExactTest(t)).toBeCloseTo(bruteForceP(t), 12);
    }
  });

  it('is 1 when the table cannot vary', () => {
    expect(fisherExactTest([[0, 5]])).toBe(1);
    expect(
      fisherExactTest([
        [0, 5],
        [0, 7],
      ]),
    ).toBe(1);
    expect(
      fisherExactTest([
        [3, 0],
        [4, 0],
      ]),
    ).toBe(1);
    expect(fisherExactTest([])).toBe(1);
  });

  it('is invariant to transposition and row order', () => {
    const t = [
      [3, 1, 0],
      [1, 4, 2],
    ];
    const p = fisherExactTest(t);
    expect(
      fisherExactTest([
        [3, 1],
        [1, 4],
        [0, 2],
      ]),
    ).toBeCloseTo(p, 14);
    expect(fisherExactTest([t[1], t[0]])).toBeCloseTo(p, 14);
  });

  it('handles a 4 x 2 table of 10,000 patients quickly', () => {
    const p = fisherExactTest([
      [40, 2460],
      [30, 2470],
      [25, 2475],
      [20, 2480],
    ]);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
  });
});
