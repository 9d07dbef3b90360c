import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { friedmanTest } from './friedman.js';

// Reference values: scripts/r/make-fixtures.R, friedman.test(matrix) (NA written as null).
const R = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/cohort/r-values.json', import.meta.url), 'utf8'),
);

interface Case {
  name: string;
  k: number;
  data: number[];
  n: number;
  statistic: number | null;
  df: number;
  p: number | null;
}

describe('friedmanTest against R friedman.test', () => {
  it.each((R.friedman as Case[]).map((c) => [c.name, c]))('%s', (_, c) => {
    const f = friedmanTest(c.data, c.k);
    expect(f.n).toBe(c.n);
    expect(f.df).toBe(c.df);
    if (c.statistic === null) {
      expect(f.statistic).toBeNull();
      expect(f.p).toBeNull();
      return;
    }
    expect(f.statistic).toBeCloseTo(c.statistic, 10);
    expect(Math.abs((f.p as number) - (c.p as number))).toBeLessThanOrEqual(1e-10 * (c.p as number));
  });

  it('hand-worked: rank sums 3, 7, 8 over 3 blocks give Q = 12 * 14 / 36', () => {
    const f = friedmanTest([1, 2, 3, 1, 3, 2, 1, 2, 3], 3);
    expect(f.statistic).toBeCloseTo(14 / 3, 14);
    expect(f.p).toBeCloseTo(Math.exp(-7 / 3), 14); // chi-square df 2: exp(-Q / 2)
  });

  it('is null with one block', () => {
    expect(friedmanTest([1, 2, 3, 4], 4)).toEqual({ n: 1, df: 3, statistic: null, p: null });
  });
});
