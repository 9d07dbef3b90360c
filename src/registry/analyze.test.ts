import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeCohort } from './analyze.js';
import { parseCohortCsv, parseCohortText } from './cohort.js';

// Whole reports computed in R from the same CSV files: scripts/r/make-fixtures.R, report().
const R = JSON.parse(
  readFileSync(new URL('../../test/fixtures/cohort/r-values.json', import.meta.url), 'utf8'),
);
const fixture = (name: string): Uint8Array =>
  readFileSync(new URL(`../../test/fixtures/cohort/${name}`, import.meta.url));

/** Same keys, same nulls, numbers within 1e-6 relative (counts exactly). */
function expectMatches(actual: unknown, expected: unknown, path = 'report'): void {
  if (expected === null || typeof expected !== 'object') {
    if (typeof expected === 'number' && typeof actual === 'number') {
      const ok = Math.abs(actual - expected) <= 1e-6 * Math.max(Math.abs(expected), 1e-300);
      expect(ok, `${path}: ${actual} vs R ${expected}`).toBe(true);
    } else {
      expect(actual, path).toEqual(expected);
    }
    return;
  }
  expect(actual, path).toBeTypeOf('object');
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  expect(Object.keys(a).sort(), path).toEqual(Object.keys(e).sort());
  for (const k of Object.keys(e)) expectMatches(a[k], e[k], `${path}.${k}`);
}

describe('analyzeCohort against R', () => {
  it.each(['published', 'tiny', 'tied'])('%s.csv', (name) => {
    const rows = parseCohortCsv(fixture(`${name}.csv`), { file: `${name}.csv` });
    expectMatches(JSON.parse(JSON.stringify(analyzeCohort(rows))), R.reports[name]);
  });
});

describe('analyzeCohort', () => {
  const published = analyzeCohort(parseCohortCsv(fixture('published.csv'), { file: 'published.csv' }));

  it("reproduces the published cohort's structure", () => {
    expect(published.n).toBe(18);
    expect(published.guidance.counts).toEqual({
      fluoro: 4,
      ct_fluoro: 5,
      ct_fluoro_oarm: 5,
      ct_fluoro_seg3d: 4,
    });
    expect(published.complications.counts).toEqual({ cement_extravasation: 1, none: 17 });
    for (const t of ['2w', '3m', '6m'] as const) expect(published.pain[t].improvement.median).toBe(2);
    // One extravasation among 4 fluoro patients of 18: tables as probable or less are
    // "it is in fluoro" (4/18) and "it is in ct_fluoro_seg3d" (4/18).
    expect(published.fisher_extravasation_by_guidance.p).toBeCloseTo(8 / 18, 12);
    expect(published.friedman.df).toBe(3);
  });

  it('follows the contract edge cases on a tiny cohort', () => {
    const tiny = analyzeCohort(parseCohortCsv(fixture('tiny.csv'), { file: 'tiny.csv' }));
    expect(tiny.pain['2w']).toEqual({
      n: 2,
      improvement: { median: 0, q1: 0, q3: 0, iqr: 0 },
      wilcoxon: { V: null, p_normal: null, p_exact: null },
    });
    expect(tiny.pain['24m'].improvement).toEqual({ median: null, q1: null, q3: null, iqr: null });
    expect(tiny.friedman).toEqual({ n: 0, statistic: null, df: 3, p: null });
    expect(tiny.fisher_extravasation_by_guidance.p).toBe(1);
    expect(tiny.km.survival_at['12']).toEqual({ s: 0, lower: null, upper: null });
    expect(tiny.complications.counts).toEqual({ none: 2, hematoma: 1 });
  });

  it('gives null SD for one patient and null median survival when S stays above 0.5', () => {
    const r = analyzeCohort(
      parseCohortText(
        'patient_id,age,sex,primary,guidance,complication,followup_months,died,' +
          'pain_baseline,pain_2w,pain_3m,pain_6m,pain_12m,pain_24m\nX,50,M,lung,fluoro,none,4,0,5,3,,,,',
        { file: 'one.csv' },
      ),
    );
    expect(r.age).toEqual({ mean: 50, sd: null });
    expect(r.followup_months).toEqual({ mean: 4, sd: null, min: 4, max: 4 });
    expect(r.km.median_months).toBeNull();
    expect(r.pain['2w'].wilcoxon).toEqual({ V: 1, p_normal: 1, p_exact: 1 });
  });

  it('does not modify its input', () => {
    const rows = parseCohortCsv(fixture('published.csv'), { file: 'p.csv' });
    const copy = structuredClone(rows);
    analyzeCohort(rows);
    expect(rows).toEqual(copy);
  });
});
