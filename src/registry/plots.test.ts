import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCohortCsv } from './cohort.js';
import { complicationsSpec, kmSpec, painSpec, renderCohortFigures } from './plots.js';

const published = parseCohortCsv(
  readFileSync(new URL('../../test/fixtures/cohort/published.csv', import.meta.url)),
  { file: 'published.csv' },
);

describe('cohort figures', () => {
  it('pain box plots hold every non-missing score, labelled with n', () => {
    const spec = painSpec(published) as { data: { values: { time: string; pain: number }[] } };
    const n = published.reduce((a, r) => a + Object.values(r.pain).filter((v) => v !== null).length, 0);
    expect(spec.data.values).toHaveLength(n);
    expect(spec.data.values[0].time).toBe('baseline\nn = 18');
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

  it('complication bars add up to the cohort', () => {
    const spec = complicationsSpec(published) as { data: { values: { n: number }[] } };
    expect(spec.data.values.reduce((a, v) => a + v.n, 0)).toBe(18);
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
