import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';
import {
  REDCAP_DICTIONARY_COLUMNS,
  formatRedcapDictionary,
  formatRedcapRecords,
  redcapChoices,
} from './redcap.js';
import { redcapFields } from './redcap-fields.js';
import type { RegistryRecord } from './registry-records.js';
import { GUIDANCE_CHOICES } from './registry-fields.js';

const RECORD: RegistryRecord = {
  patient_id: 'S-01',
  age: 71.5,
  sex: 'F',
  primary: 'breast, lobular',
  followup_months: 14,
  died: 1,
  death_date: '2024-07-01',
  last_contact_date: '2024-06-20',
  created_at: '',
  updated_at: '',
  lesions: [{ id: 4, location: 'S1 left ala', side: 'left', volume_ml: 20, study_id: null }],
  procedures: [
    {
      id: 9,
      performed_on: '2023-05-02',
      guidance: 'ct_fluoro_oarm',
      ablation_modality: 'cryo',
      ablation_device: 'IceSphere',
      cement_volume_ml: 7.5,
      needles: 2,
      needle_gauge: 11,
      lesion_id: 4,
      complications: [
        { id: 1, type: 'haematoma', grade: 1, extravasation_location: null, symptomatic: 0 },
        {
          id: 2,
          type: 'cement_extravasation',
          grade: 2,
          extravasation_location: 'neural_foramen',
          symptomatic: 1,
        },
      ],
    },
  ],
  outcomes: {
    baseline: { pain: 8, analgesic: 'strong_opioid', performance_status: 2, assessed_on: '2023-05-01' },
  },
};

describe('REDCap export', () => {
  it('writes the 18 dictionary columns in REDCap order and valid variable names', () => {
    const rows = parseCsv(formatRedcapDictionary());
    expect(rows[0].fields).toEqual([...REDCAP_DICTIONARY_COLUMNS]);
    expect(rows[0].fields).toHaveLength(18);
    const names = rows.slice(1).map((r) => r.fields[0]);
    expect(names[0]).toBe('patient_id');
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z][a-z0-9_]{0,25}$/);
    for (const r of rows.slice(1)) {
      expect(r.fields).toHaveLength(18);
      expect(['text', 'radio', 'dropdown', 'yesno']).toContain(r.fields[3]);
      expect(r.fields[1]).toMatch(/^[a-z][a-z0-9_]*$/);
      for (const ref of r.fields[11].matchAll(/\[(\w+)\]/g)) expect(names).toContain(ref[1]);
      if (['radio', 'dropdown'].includes(r.fields[3])) expect(r.fields[5]).toMatch(/^1, .+( \| \d+, .+)*$/);
    }
    expect(redcapChoices(GUIDANCE_CHOICES)).toBe(
      '1, fluoro: Fluoroscopy | 2, ct_fluoro: CT + fluoroscopy | 3, ct_fluoro_oarm: CT + fluoroscopy + O-arm cone-beam CT | ' +
        '4, ct_fluoro_seg3d: CT + fluoroscopy + 3D segmentation',
    );
  });

  it('writes one coded row per patient, extravasation shown first', () => {
    const [head, row] = parseCsv(formatRedcapRecords([RECORD]));
    expect(head.fields).toEqual(redcapFields().map((f) => f.name));
    const v = Object.fromEntries(head.fields.map((n, i) => [n, row.fields[i]]));
    expect(v).toMatchObject({
      patient_id: 'S-01',
      age: '71.5',
      sex: '1',
      primary_tumour: 'breast, lobular',
      procedure_date: '2023-05-02',
      guidance: '3',
      ablation_modality: '3',
      ablation_device: 'IceSphere',
      lesion_location: 'S1 left ala',
      procedures_total: '1',
      complication: '2',
      complication_other: '',
      complication_grade: '2',
      extravasation_location: '2',
      complication_symptomatic: '1',
      complications_total: '2',
      pain_baseline: '8',
      analgesic_baseline: '4',
      ps_baseline: '2',
      visit_date_baseline: '2023-05-01',
      pain_2w: '',
      died: '1',
      death_date: '2024-07-01',
    });
    const other = {
      ...RECORD,
      procedures: [{ ...RECORD.procedures[0], complications: [RECORD.procedures[0].complications[0]] }],
    };
    const w = parseCsv(formatRedcapRecords([other]))[1].fields;
    const at = (n: string) => w[head.fields.indexOf(n)];
    expect([at('complication'), at('complication_other'), at('extravasation_location')]).toEqual([
      '3',
      'haematoma',
      '',
    ]);
    const bare = parseCsv(formatRedcapRecords([{ ...RECORD, procedures: [] }]))[1].fields;
    expect(bare[head.fields.indexOf('complication')]).toBe('');
    expect(bare[head.fields.indexOf('procedures_total')]).toBe('0');
  });
});
