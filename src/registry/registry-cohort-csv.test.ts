import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GUIDANCE_LEVELS, PAIN_TIMES, parseCohortText } from './cohort.js';
import type { CohortRow, PainTime } from './cohort.js';
import { COHORT_COLUMNS, csvField, formatCohortCsv, formatCsv } from './registry-cohort-csv.js';

describe('csvField', () => {
  it('quotes only what needs it (RFC 4180)', () => {
    expect(csvField('lung')).toBe('lung');
    expect(csvField('lung, NSCLC')).toBe('"lung, NSCLC"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField(2.5)).toBe('2.5');
    expect(csvField(null)).toBe('');
    expect(
      formatCsv([
        ['a', 1],
        [null, 'b,c'],
      ]),
    ).toBe('a,1\n,"b,c"\n');
  });
});

const text = fc
  .string({
    minLength: 1,
    maxLength: 12,
    unit: fc.constantFrom('a', 'Z', ' ', ',', '"', 'é', '\n', '7', '-'),
  })
  .map((s) => s.trim())
  .filter((s) => s !== '' && !/^(none|cement_extravasation)$/i.test(s));
const pain = fc.option(fc.integer({ min: 0, max: 10 }), { nil: null });
const row = fc.record({
  ageYears: fc.double({ min: 0, max: 120, noNaN: true }),
  sex: fc.constantFrom<'F' | 'M'>('F', 'M'),
  primary: text,
  guidance: fc.constantFrom(...GUIDANCE_LEVELS),
  complication: fc.oneof(fc.constantFrom('none', 'cement_extravasation'), text),
  followupMonths: fc.double({ min: 0, max: 1e4, noNaN: true }),
  died: fc.constantFrom<0 | 1>(0, 1),
  pain: fc.tuple(pain, pain, pain, pain, pain, pain),
});

describe('formatCohortCsv', () => {
  it('writes the contract columns in order', () => {
    expect(formatCohortCsv([]).trimEnd()).toBe(COHORT_COLUMNS.join(','));
  });

  it('reads back to the same rows (seeded property)', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), (drafts) => {
        const rows: CohortRow[] = drafts.map((d, i) => ({
          ...d,
          row: i + 2,
          patientId: `id ${i}, "q"`,
          pain: Object.fromEntries(PAIN_TIMES.map((t, k) => [t, d.pain[k]])) as Record<
            PainTime,
            number | null
          >,
        }));
        expect(parseCohortText(formatCohortCsv(rows), { file: 'x.csv' })).toEqual(rows);
      }),
      { seed: 6, numRuns: 200 },
    );
  });
});
