import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  Z_975,
  chiSquareCdf,
  chiSquareSurvival,
  logGamma,
  normalCdf,
  normalCdfBoth,
} from './distributions.js';

// Reference values: scripts/r/make-fixtures.R (pnorm(z), pnorm(z, lower.tail = FALSE), pchisq).
const R = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/cohort/r-values.json', import.meta.url), 'utf8'),
);

/** |a - b| <= rel * |b| (or both 0). */
function expectRel(a: number, b: number, rel: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.abs(b));
}

describe('normalCdfBoth (Cody, as R pnorm)', () => {
  it('matches R pnorm in both tails to 1e-13 relative', () => {
    const { z, lower, upper } = R.normal as { z: number[]; lower: number[]; upper: number[] };
    z.forEach((x, i) => {
      const [lo, up] = normalCdfBoth(x);
      expectRel(lo, lower[i], 1e-13);
      expectRel(up, upper[i], 1e-13);
    });
  });

  it('is symmetric and exact at 0', () => {
    expect(normalCdf(0)).toBe(0.5);
    for (const x of [0.1, 0.9, 3.3, 7, 12]) {
      expect(normalCdfBoth(x)[1]).toBe(normalCdfBoth(-x)[0]);
    }
  });

  it('gives 0.975 at qnorm(0.975)', () => {
    expect(normalCdf(Z_975)).toBeCloseTo(0.975, 15);
  });
});

describe('chi-square (regularized incomplete gamma)', () => {
  it('matches R pchisq for df 1, 2, 3, 5, 10 to 1e-12 relative', () => {
    for (const c of R.chisq as { df: number; x: number[]; lower: number[]; upper: number[] }[]) {
      c.x.forEach((x, i) => {
        expectRel(chiSquareCdf(x, c.df), c.lower[i], 1e-12);
        expectRel(chiSquareSurvival(x, c.df), c.upper[i], 1e-12);
      });
    }
  });

  it('df 2 is exponential: P(X > x) = exp(-x / 2)', () => {
    for (const x of [0.5, 3, 40]) expectRel(chiSquareSurvival(x, 2), Math.exp(-x / 2), 1e-14);
  });

  it('logGamma matches log factorials', () => {
    let lf = 0;
    for (let n = 1; n < 30; n++) {
      expect(logGamma(n)).toBeCloseTo(lf, 12);
      lf += Math.log(n);
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
  });
});
