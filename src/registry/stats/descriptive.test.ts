import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mean, median, medianIqr, quantile, sd } from './descriptive.js';

// Reference values: scripts/r/make-fixtures.R (mean, sd, quantile(x, p, type = 7), IQR).
const R = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/cohort/r-values.json', import.meta.url), 'utf8'),
);

interface Case {
  x: number | number[];
  mean: number;
  sd: number | null;
  q1: number;
  median: number;
  q3: number;
  iqr: number;
  p10: number;
  p90: number;
}

describe('descriptive statistics (R mean, sd, quantile type 7, IQR)', () => {
  it.each((R.descriptive as Case[]).map((c) => [JSON.stringify(c.x).slice(0, 40), c]))('%s', (_, c) => {
    const x = Array.isArray(c.x) ? c.x : [c.x];
    const copy = [...x];
    expect(mean(x)).toBeCloseTo(c.mean, 10);
    if (c.sd === null) expect(sd(x)).toBeNaN();
    else expect(sd(x)).toBeCloseTo(c.sd, 10);
    const q = medianIqr(x);
    expect(q.q1).toBeCloseTo(c.q1, 12);
    expect(q.median).toBeCloseTo(c.median, 12);
    expect(q.q3).toBeCloseTo(c.q3, 12);
    expect(q.iqr).toBeCloseTo(c.iqr, 12);
    expect(quantile(x, 0.1)).toBeCloseTo(c.p10, 12);
    expect(quantile(x, 0.9)).toBeCloseTo(c.p90, 12);
    expect(x).toEqual(copy); // input untouched
  });

  it('hand-worked type 7 example: [1, 2, 3, 4] at 0.25 is 1.75', () => {
    // h = (n - 1) p = 0.75: x[0] + 0.75 (x[1] - x[0]).
    expect(quantile([4, 3, 2, 1], 0.25)).toBe(1.75);
    expect(median([7])).toBe(7);
  });

  it('gives NaN for no values', () => {
    expect(mean([])).toBeNaN();
    expect(median([])).toBeNaN();
    expect(sd([1])).toBeNaN();
  });
});
