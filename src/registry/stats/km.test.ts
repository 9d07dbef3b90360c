import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kaplanMeier, kmMedian, survivalAt } from './km.js';

// Reference values: scripts/r/make-fixtures.R,
// survfit(Surv(time, status) ~ 1, conf.type = "log"), summary(fit)$table["median"],
// summary(fit, times = at, extend = TRUE).
const R = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/cohort/r-values.json', import.meta.url), 'utf8'),
);

type Num = number | null;
interface Case {
  name: string;
  time_in: number[];
  status: number[];
  time: number[];
  n_risk: number[];
  n_event: number[];
  n_censor: number[];
  surv: number[];
  std_err: Num[];
  lower: Num[];
  upper: Num[];
  median: Num;
  at: number[];
  at_surv: number[];
  at_lower: Num[];
  at_upper: Num[];
}

function expectNum(a: Num, b: Num): void {
  if (b === null) return expect(a).toBeNull();
  expect(a).not.toBeNull();
  expect(Math.abs((a as number) - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
}

describe('kaplanMeier against R survfit', () => {
  it.each((R.km as Case[]).map((c) => [c.name, c]))('%s', (_, c) => {
    const fit = kaplanMeier(c.time_in, c.status);
    expect([...fit.time]).toEqual(c.time);
    expect([...fit.nRisk]).toEqual(c.n_risk);
    expect([...fit.nEvent]).toEqual(c.n_event);
    expect([...fit.nCensor]).toEqual(c.n_censor);
    c.surv.forEach((s, k) => {
      expectNum(fit.survival[k], s);
      const p = survivalAt(fit, fit.time[k]);
      expectNum(p.lower, c.lower[k]);
      expectNum(p.upper, c.upper[k]);
      if (c.std_err[k] !== null) expectNum(fit.stdErr[k], c.std_err[k]);
    });
    expectNum(kmMedian(fit), c.median);
    c.at.forEach((t, k) => {
      const p = survivalAt(fit, t);
      expectNum(p.s, c.at_surv[k]);
      expectNum(p.lower, c.at_lower[k]);
      expectNum(p.upper, c.at_upper[k]);
    });
  });
});

describe('kaplanMeier', () => {
  it('hand-worked: 3 patients, S = 2/3 then 0', () => {
    const fit = kaplanMeier([3, 1, 2], [1, 1, 0]);
    expect([...fit.survival]).toEqual([1 - 1 / 3, 1 - 1 / 3, 0]);
    expect(survivalAt(fit, 2.5)).toEqual(survivalAt(fit, 2));
    expect(survivalAt(fit, 3)).toEqual({ s: 0, lower: null, upper: null });
    expect(kmMedian(fit)).toBe(3);
  });

  it('takes the midpoint when S is exactly 0.5 on a flat stretch, as R survmean', () => {
    // S = 3/4, 1/2 (t = 2, flat through the censoring at 4), 0 at the death at t = 6.
    const fit = kaplanMeier([1, 2, 4, 6], [1, 1, 0, 1]);
    expect(fit.survival[1]).toBe(0.5);
    expect(kmMedian(fit)).toBe(4);
    // Never below 0.5: the first time S = 0.5 (R print.survfit), null when S stays above.
    expect(kmMedian(kaplanMeier([1, 2, 3], [1, 0, 0]))).toBeNull();
    expect(kmMedian(kaplanMeier([1, 2, 3, 4], [1, 1, 0, 0]))).toBe(2);
  });
});
