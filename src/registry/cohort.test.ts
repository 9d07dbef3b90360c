import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError, formatInputError } from '../core/errors.js';
import { parseCohortCsv, parseCohortText } from './cohort.js';

const HEADER =
  'patient_id,age,sex,primary,guidance,complication,followup_months,died,' +
  'pain_baseline,pain_2w,pain_3m,pain_6m,pain_12m,pain_24m';
const GOOD = 'P1,70,F,lung,fluoro,none,6,1,8,6,5,4,,';

function message(text: string): string {
  try {
    parseCohortText(text, { file: 'cohort.csv' });
  } catch (e) {
    if (e instanceof InputError) return formatInputError(e);
    throw e;
  }
  throw new Error('no error');
}

describe('parseCohortCsv', () => {
  it('reads the published cohort fixture', () => {
    const rows = parseCohortCsv(
      readFileSync(new URL('../../test/fixtures/cohort/published.csv', import.meta.url)),
      {
        file: 'published.csv',
      },
    );
    expect(rows).toHaveLength(18);
    expect(rows[0]).toEqual({
      row: 2,
      patientId: 'P01',
      ageYears: 67,
      sex: 'M',
      primary: 'lung',
      guidance: 'fluoro',
      complication: 'cement_extravasation',
      followupMonths: 2.5,
      died: 1,
      pain: { baseline: 8, '2w': 6, '3m': null, '6m': null, '12m': null, '24m': null },
    });
  });

  it('matches columns by name in any order and ignores extra columns', () => {
    const cols = HEADER.split(',');
    const vals = GOOD.split(',');
    const order = [...cols.keys()].reverse();
    const text = [
      'note,' + order.map((i) => cols[i]).join(','),
      'x,' + order.map((i) => vals[i]).join(','),
    ].join('\n');
    const [r] = parseCohortText(text, { file: 'c.csv' });
    expect(r.patientId).toBe('P1');
    expect(r.pain['2w']).toBe(6);
    expect(r.pain['12m']).toBeNull();
  });

  it('skips blank rows but counts them in row numbers', () => {
    expect(message(`${HEADER}\n${GOOD}\n\n,,,\nP2,70,F,lung,fluoro,none,6,1,14,,,,,`)).toBe(
      'cohort.csv row 5 column pain_baseline: 14 is outside 0-10',
    );
  });

  it.each([
    ['pain 14', 'P2,70,F,lung,fluoro,none,6,1,8,6,14,,,', 'row 3 column pain_3m: 14 is outside 0-10'],
    [
      'pain 7.5',
      'P2,70,F,lung,fluoro,none,6,1,8,7.5,,,,',
      'row 3 column pain_2w: 7.5 is not a whole number 0-10',
    ],
    ['age -3', 'P2,-3,F,lung,fluoro,none,6,1,8,,,,,', 'row 3 column age: -3 is outside 0-120'],
    ['age 121', 'P2,121,F,lung,fluoro,none,6,1,8,,,,,', 'row 3 column age: 121 is outside 0-120'],
    [
      'non-numeric',
      'P2,seventy,F,lung,fluoro,none,6,1,8,,,,,',
      "row 3 column age: 'seventy' is not a number",
    ],
    [
      'follow-up < 0',
      'P2,70,F,lung,fluoro,none,-1,1,8,,,,,',
      'row 3 column followup_months: -1 is outside >= 0',
    ],
    // Issue 6: 1e999 was read as Infinity, gave null means and was stored in the registry.
    [
      'follow-up 1e999',
      'P2,70,F,lung,fluoro,none,1e999,1,8,,,,,',
      "row 3 column followup_months: '1e999' is too large to be a number",
    ],
    ['died 2', 'P2,70,F,lung,fluoro,none,6,2,8,,,,,', "row 3 column died: '2' is not 0 or 1"],
    ['sex X', 'P2,70,X,lung,fluoro,none,6,1,8,,,,,', "row 3 column sex: 'X' is not F or M"],
    [
      'guidance',
      'P2,70,F,lung,ct,none,6,1,8,,,,,',
      "row 3 column guidance: 'ct' is not one of fluoro, ct_fluoro, ct_fluoro_oarm, ct_fluoro_seg3d",
    ],
    [
      'missing value',
      'P2,70,F,,fluoro,none,6,1,8,,,,,',
      'row 3 column primary: missing value (required in every row)',
    ],
    [
      'duplicated id',
      'P1,70,F,lung,fluoro,none,6,1,8,,,,,',
      "row 3 column patient_id: 'P1' is already used in row 2",
    ],
    [
      'too many values',
      'P2,70,F,lung,fluoro,none,6,1,8,,,,,,9',
      'row 3: 15 values but the header has 14 columns',
    ],
  ])('refuses %s', (_, line, expected) => {
    expect(message(`${HEADER}\n${GOOD}\n${line}\n`)).toBe(`cohort.csv ${expected}`);
  });

  it('refuses a missing or repeated column, an empty file and a header without rows', () => {
    expect(message(HEADER.replace(',died', '') + '\n' + GOOD)).toBe(
      'cohort.csv row 1 column died: required column is missing from the header',
    );
    expect(message(HEADER + ',age\n' + GOOD + ',70')).toBe(
      'cohort.csv row 1 column age: the column appears twice (fields 2 and 15)',
    );
    expect(message('')).toBe('cohort.csv: the file is empty (no header row)');
    expect(message(HEADER + '\r\n')).toBe('cohort.csv: no patient rows after the header');
  });

  it('accepts case and spacing variants of codes and header names', () => {
    const [r] = parseCohortText(
      HEADER.toUpperCase() + '\n P1 , 70 ,f,lung, CT_Fluoro ,Cement_Extravasation,6,0,,,,,,',
      {
        file: 'c.csv',
      },
    );
    expect(r).toMatchObject({
      patientId: 'P1',
      sex: 'F',
      guidance: 'ct_fluoro',
      complication: 'cement_extravasation',
    });
  });

  it('names the row and column of bytes that are not UTF-8', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode(`${HEADER}\n${GOOD}\nP2,70,F,`), 0xe9, 0x0a]);
    expect(() => parseCohortCsv(bytes, { file: 'c.csv' })).toThrow(
      /^byte 0xE9 at offset \d+ is not valid UTF-8/,
    );
    try {
      parseCohortCsv(bytes, { file: 'c.csv' });
    } catch (e) {
      expect(formatInputError(e as InputError)).toMatch(/^c\.csv row 3 column primary: byte 0xE9/);
    }
  });
});
