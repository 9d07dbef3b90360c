import { describe, expect, it } from 'vitest';
import { formatInputError } from '../core/errors.js';
import type { InputError } from '../core/errors.js';
import { describeFilter, filterRecords, parseRegistryFilter } from './registry-filter.js';
import type { ProcedureRecord, RegistryRecord } from './registry-records.js';

function record(
  [id, sex, primary]: [string, 'F' | 'M', string],
  procedures: [string, string | null][],
): RegistryRecord {
  return {
    patient_id: id,
    age: 60,
    sex,
    primary,
    followup_months: 1,
    died: 0,
    death_date: null,
    last_contact_date: null,
    created_at: '',
    updated_at: '',
    lesions: [],
    outcomes: {},
    procedures: procedures.map(([guidance, date], i): ProcedureRecord => ({
      id: i + 1,
      performed_on: date,
      guidance: guidance as ProcedureRecord['guidance'],
      ablation_modality: null,
      ablation_device: null,
      cement_volume_ml: null,
      needles: null,
      needle_gauge: null,
      lesion_id: null,
      complications: [],
    })),
  };
}

const RECORDS = [
  record(['A', 'F', 'Breast'], [['fluoro', '2023-05-01']]),
  record(['B', 'M', 'lung'], [['ct_fluoro', null]]),
  // index procedure = the earliest dated one, whatever the id order
  record(
    ['C', 'F', 'breast'],
    [
      ['ct_fluoro', '2024-02-01'],
      ['fluoro', '2023-12-31'],
    ],
  ),
  record(['D', 'M', 'lung'], []),
];
const ids = (filter: Parameters<typeof filterRecords>[1]) =>
  filterRecords(RECORDS, filter).map((r) => r.patient_id);

describe('registry filter', () => {
  it('selects by guidance of the index procedure, sex, primary (any case) and date range', () => {
    expect(ids({})).toEqual(['A', 'B', 'C', 'D']);
    expect(ids({ guidance: 'fluoro' })).toEqual(['A', 'C']);
    expect(ids({ sex: 'F', primary: 'BREAST' })).toEqual(['A', 'C']);
    expect(ids({ from: '2023-06-01' })).toEqual(['C']);
    expect(ids({ from: '2023-05-01', to: '2023-05-01' })).toEqual(['A']);
    expect(ids({ to: '2030-01-01' })).toEqual(['A', 'C']);
  });

  it('reads query strings and refuses bad ones naming the field', () => {
    expect(
      parseRegistryFilter({ guidance: 'ct_fluoro', sex: 'f', primary: ' lung ', from: '', to: '2024-01-31' }),
    ).toEqual({
      guidance: 'ct_fluoro',
      sex: 'F',
      primary: 'lung',
      to: '2024-01-31',
    });
    const error = (q: Record<string, unknown>): string => {
      try {
        parseRegistryFilter(q);
      } catch (e) {
        return formatInputError(e as InputError);
      }
      return 'no error';
    };
    expect(error({ sex: 'x' })).toBe("field sex: 'x' is not F or M");
    expect(error({ from: '2024-02-30' })).toBe("field from: '2024-02-30' is not a date (YYYY-MM-DD)");
    expect(error({ from: '2024-02-03', to: '2024-02-01' })).toBe(
      'field from: from 2024-02-03 is after to 2024-02-01',
    );
    expect(error({ sex: ['F', 'M'] })).toBe('field sex: give the filter once, as text');
    expect(error({ site: 'x' })).toMatch(/^field site: unknown filter/);
    expect(describeFilter({})).toBe('whole registry');
    expect(describeFilter({ sex: 'F', guidance: 'fluoro' })).toBe('guidance fluoro, sex F');
  });
});
