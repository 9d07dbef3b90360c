import { describe, expect, it } from 'vitest';
import { cohortComplication, cohortRowOf, cohortRowsOf, indexProcedure } from './registry-records.js';
import type { ComplicationRecord, ProcedureRecord, RegistryRecord } from './registry-records.js';

const proc = (
  id: number,
  date: string | null,
  complications: ComplicationRecord[] = [],
): ProcedureRecord => ({
  id,
  performed_on: date,
  guidance: id === 1 ? 'fluoro' : 'ct_fluoro',
  ablation_modality: null,
  ablation_device: null,
  cement_volume_ml: null,
  needles: null,
  needle_gauge: null,
  lesion_id: null,
  complications,
});
const comp = (id: number, type: string): ComplicationRecord => ({
  id,
  type,
  grade: null,
  extravasation_location: null,
  symptomatic: null,
});
const patient = (procedures: ProcedureRecord[]): RegistryRecord => ({
  patient_id: 'X',
  age: 50,
  sex: 'M',
  primary: 'lung',
  followup_months: 3,
  died: 1,
  death_date: null,
  last_contact_date: null,
  created_at: '',
  updated_at: '',
  lesions: [],
  outcomes: {
    baseline: { pain: 7, analgesic: null, performance_status: null, assessed_on: null },
    '3m': { pain: null, analgesic: 'none', performance_status: 1, assessed_on: null },
  },
  procedures,
});

describe('registry records as COHORT rows', () => {
  it('takes the earliest dated procedure as the index, undated ones after, then by id', () => {
    expect(indexProcedure(patient([proc(1, null), proc(2, '2024-01-02')]))?.id).toBe(2);
    expect(indexProcedure(patient([proc(2, '2024-01-02'), proc(1, '2024-01-02')]))?.id).toBe(1);
    expect(indexProcedure(patient([proc(2, null), proc(1, null)]))?.id).toBe(1);
    expect(indexProcedure(patient([]))).toBeNull();
  });

  it('gives none, then extravasation before other complications', () => {
    expect(cohortComplication(proc(1, null))).toBe('none');
    expect(cohortComplication(proc(1, null, [comp(3, 'pain flare'), comp(2, 'haematoma')]))).toBe(
      'haematoma',
    );
    expect(cohortComplication(proc(1, null, [comp(1, 'haematoma'), comp(2, 'cement_extravasation')]))).toBe(
      'cement_extravasation',
    );
  });

  it('maps a patient to one row and counts those without a procedure', () => {
    const row = cohortRowOf(patient([proc(1, null)]), 2);
    expect(row).toEqual({
      row: 2,
      patientId: 'X',
      ageYears: 50,
      sex: 'M',
      primary: 'lung',
      guidance: 'fluoro',
      complication: 'none',
      followupMonths: 3,
      died: 1,
      pain: { baseline: 7, '2w': null, '3m': null, '6m': null, '12m': null, '24m': null },
    });
    const { rows, skipped } = cohortRowsOf([patient([]), patient([proc(2, null)])]);
    expect(skipped).toBe(1);
    expect(rows.map((r) => [r.row, r.guidance])).toEqual([[2, 'ct_fluoro']]);
  });
});
