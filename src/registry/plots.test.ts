import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCohortCsv, parseCohortText } from './cohort.js';
import { complicationsSpec, kmSpec, painBoxes, painSpec, renderCohortFigures, renderSvg } from './plots.js';

const published = parseCohortCsv(
  readFileSync(new URL('../../test/fixtures/cohort/published.csv', import.meta.url)),
  { file: 'published.csv' },
);

describe('cohort figures', () => {
  it('pain boxes count every non-missing score, labelled with n', () => {
    const { boxes } = painBoxes(published);
    const n = published.reduce((a, r) => a + Object.values(r.pain).filter((v) => v !== null).length, 0);
    expect(boxes.reduce((a, b) => a + b.n, 0)).toBe(n);
    expect(boxes[0].time).toBe('baseline\nn = 18');
  });

  it('computes Tukey boxes: quartiles type 7, whiskers at the last scores within 1.5 IQR', () => {
    // Scores 1, 2, 3, 4, 10: q1 = 2, median 3, q3 = 4, IQR 2, fences -1 and 7, so 10 is an outlier.
    const pains = [1, 2, 3, 4, 10, 10];
    const rows = parseCohortText(
      'patient_id,age,sex,primary,guidance,complication,followup_months,died,' +
        'pain_baseline,pain_2w,pain_3m,pain_6m,pain_12m,pain_24m\n' +
        pains
          .slice(0, 5)
          .map((v, i) => `X${i},50,M,lung,fluoro,none,4,0,${v},${i === 4 ? pains[5] : ''},,,,`)
          .join('\n'),
      { file: 'five.csv' },
    );
    const { boxes, outliers } = painBoxes(rows);
    expect(boxes[0]).toEqual({ time: 'baseline\nn = 5', n: 5, q1: 2, median: 3, q3: 4, lower: 1, upper: 4 });
    expect(outliers).toEqual([{ time: 'baseline\nn = 5', pain: 10 }]);
    expect(boxes[1]).toEqual({
      time: '2 weeks\nn = 1',
      n: 1,
      q1: 10,
      median: 10,
      q3: 10,
      lower: 10,
      upper: 10,
    });
  });

  it('Kaplan-Meier spec starts at S = 1 and counts patients at risk', () => {
    const spec = kmSpec(published) as unknown as {
      vconcat: [
        { layer: { data: { values: { t: number; s: number }[] } }[] },
        { data: { values: { t: number; n: number }[] } },
      ];
    };
    expect(spec.vconcat[0].layer[1].data.values[0]).toEqual({ t: 0, s: 1, lower: 1, upper: 1 });
    expect(spec.vconcat[1].data.values.slice(0, 3)).toEqual([
      { t: 0, n: 18 },
      { t: 6, n: 13 },
      { t: 12, n: 9 },
    ]);
  });

  // Issue 6: the band was drawn from the points with limits only, so the stretch before S
  // reaches 0 (6 to 12 months here) had no band at all.
  it('Kaplan-Meier band covers the stretch before S reaches 0', () => {
    const rows = parseCohortCsv(
      readFileSync(new URL('../../test/fixtures/cohort/tiny.csv', import.meta.url)),
      { file: 'tiny.csv' },
    );
    const spec = kmSpec(rows) as unknown as {
      vconcat: [{ layer: { data: { values: { t: number; lower: number; upper: number }[] } }[] }];
    };
    const band = spec.vconcat[0].layer[0].data.values;
    // S = 1/2 from 6 months with se = sqrt(1 / 2): lower = exp(-1.959964 sqrt(1/2)) / 2.
    const lower6 = 0.5 * Math.exp(-1.959963984540054 * Math.SQRT1_2);
    expect(band.at(-1)?.t).toBe(12);
    expect(band.at(-1)?.lower).toBeCloseTo(lower6, 12);
    expect(band.at(-1)?.upper).toBe(1);
    expect(band.at(-2)).toEqual({ t: 6, lower: band.at(-1)?.lower, upper: 1 });
  });

  // Issue 6: a time point without scores vanished from the x axis (and so did its n = 0).
  it('keeps every time point on the pain axis, even with no scores', () => {
    const spec = painSpec(
      parseCohortText(
        'patient_id,age,sex,primary,guidance,complication,followup_months,died,' +
          'pain_baseline,pain_2w,pain_3m,pain_6m,pain_12m,pain_24m\nX,50,M,lung,fluoro,none,4,0,5,3,,,,',
        { file: 'one.csv' },
      ),
    ) as unknown as { layer: [{ layer: { encoding: { x: { scale?: { domain?: string[] } } } }[] }] };
    const x = spec.layer[0].layer[0].encoding.x;
    expect(x.scale?.domain).toHaveLength(6);
    expect(x.scale?.domain?.[5]).toBe('24 months\nn = 0');
  });

  it('complication bars add up to the cohort', () => {
    const spec = complicationsSpec(published) as { data: { values: { n: number }[] } };
    expect(spec.data.values.reduce((a, v) => a + v.n, 0)).toBe(18);
  });

  // Issue 6: with one patient per bar the count axis read 0, 0.2, ..., 1.0 patients.
  it('counts patients in whole numbers on the complication axis', async () => {
    const rows = parseCohortText(
      'patient_id,age,sex,primary,guidance,complication,followup_months,died,' +
        'pain_baseline,pain_2w,pain_3m,pain_6m,pain_12m,pain_24m\n' +
        'X,50,M,lung,fluoro,none,4,0,5,3,,,,\nY,51,F,lung,ct_fluoro,hematoma,4,0,5,3,,,,',
      { file: 'two.csv' },
    );
    const svg = await renderSvg(complicationsSpec(rows));
    expect(svg).not.toMatch(/>0\.[0-9]</);
  });

  it('renders three SVG documents', async () => {
    const figures = await renderCohortFigures(published);
    expect(figures.map((f) => f.name)).toEqual(['pain.svg', 'survival.svg', 'complications.svg']);
    for (const f of figures) {
      expect(f.svg.startsWith('<svg')).toBe(true);
      expect(f.svg).toContain('</svg>');
    }
    expect(figures[1].svg).toContain('Number at risk');
  });
});
