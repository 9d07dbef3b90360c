/**
 * The variables of the REDCap export and how each is read from a registry record: patient,
 * index (first) procedure, the complication shown (cement extravasation if any, else the first),
 * outcome visits, survival. Choice fields are coded 1, 2, ... in the order of their choices;
 * yes/no fields 1/0; dates YYYY-MM-DD (`date_ymd`).
 */
import { EXTRAVASATION } from './cohort.js';
import type { PainTime } from './cohort.js';
import {
  ABLATION_CHOICES,
  ANALGESIC_CHOICES,
  EXTRAVASATION_CHOICES,
  GUIDANCE_CHOICES,
  OUTCOME_TIMES,
  OUTCOME_TIME_LABELS,
  SEX_CHOICES,
} from './registry-fields.js';
import type { Choice } from './registry-fields.js';
import { indexProcedure } from './registry-records.js';
import type { ComplicationRecord, RegistryRecord } from './registry-records.js';

export type RedcapValue = string | number | null;

/** One REDCap variable and how to read it from a registry record. */
export interface RedcapField {
  name: string;
  form: string;
  section?: string;
  type: 'text' | 'radio' | 'dropdown' | 'yesno';
  label: string;
  /** Registry values in code order: code = position + 1. */
  choices?: readonly Choice[];
  note?: string;
  validation?: 'integer' | 'number' | 'date_ymd';
  min?: number;
  max?: number;
  /** Holds an identifier (dates: HIPAA). */
  identifier?: boolean;
  branching?: string;
  required?: boolean;
  /** Where the value comes from in the registry (Field Annotation). */
  source: string;
  value: (record: RegistryRecord) => RedcapValue;
}

const OTHER: Choice = { value: 'other', label: 'Other (describe)' };
const COMPLICATION_CHOICES: readonly Choice[] = [
  { value: 'none', label: 'None' },
  { value: EXTRAVASATION, label: 'Cement extravasation' },
  OTHER,
];
const GRADE_CHOICES: readonly Choice[] = [1, 2, 3, 4, 5, 6].map((g) => ({
  value: String(g),
  label: `Grade ${g}`,
}));

/** The code of a registry value in a choice list (null when absent). */
function code(choices: readonly Choice[], value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const i = choices.findIndex((c) => c.value === value);
  return i < 0 ? null : i + 1;
}

/** The complication shown in the row: extravasation if any, else the first by id. */
export function shownComplication(record: RegistryRecord): ComplicationRecord | null {
  const index = indexProcedure(record);
  if (!index || index.complications.length === 0) return null;
  return (
    index.complications.find((c) => c.type === EXTRAVASATION) ??
    [...index.complications].sort((a, b) => a.id - b.id)[0]
  );
}

function procedureFields(): RedcapField[] {
  const p = (r: RegistryRecord) => indexProcedure(r);
  const form = 'index_procedure';
  const ablation = "[ablation_modality] = '1' or [ablation_modality] = '2' or [ablation_modality] = '3'";
  return [
    {
      name: 'procedure_date',
      form,
      type: 'text',
      label: 'Date of the first procedure',
      validation: 'date_ymd',
      identifier: true,
      source: 'procedures[0].performed_on',
      value: (r) => p(r)?.performed_on ?? null,
    },
    {
      name: 'guidance',
      form,
      type: 'radio',
      label: 'Guidance set-up',
      choices: GUIDANCE_CHOICES,
      required: true,
      source: 'procedures[0].guidance',
      value: (r) => code(GUIDANCE_CHOICES, p(r)?.guidance),
    },
    {
      name: 'ablation_modality',
      form,
      type: 'radio',
      label: 'Ablation',
      choices: ABLATION_CHOICES,
      source: 'procedures[0].ablation_modality',
      value: (r) => code(ABLATION_CHOICES, p(r)?.ablation_modality),
    },
    {
      name: 'ablation_device',
      form,
      type: 'text',
      label: 'Ablation device',
      branching: ablation,
      source: 'procedures[0].ablation_device',
      value: (r) => p(r)?.ablation_device ?? null,
    },
    {
      name: 'cement_volume_ml',
      form,
      type: 'text',
      label: 'Cement volume',
      note: 'mL',
      validation: 'number',
      min: 0,
      max: 100,
      source: 'procedures[0].cement_volume_ml',
      value: (r) => p(r)?.cement_volume_ml ?? null,
    },
    {
      name: 'needles',
      form,
      type: 'text',
      label: 'Needles placed',
      validation: 'integer',
      min: 0,
      max: 20,
      source: 'procedures[0].needles',
      value: (r) => p(r)?.needles ?? null,
    },
    {
      name: 'needle_gauge',
      form,
      type: 'text',
      label: 'Needle gauge',
      note: 'G',
      validation: 'integer',
      min: 8,
      max: 22,
      source: 'procedures[0].needle_gauge',
      value: (r) => p(r)?.needle_gauge ?? null,
    },
    {
      name: 'lesion_location',
      form,
      type: 'text',
      label: 'Lesion treated',
      source: 'lesions[procedures[0].lesion_id].location',
      value: (r) => r.lesions.find((l) => l.id === p(r)?.lesion_id)?.location ?? null,
    },
    {
      name: 'procedures_total',
      form,
      type: 'text',
      label: 'Procedures in the registry',
      note: 'this form shows the first',
      validation: 'integer',
      min: 0,
      source: 'procedures.length',
      value: (r) => r.procedures.length,
    },
  ];
}

function complicationFields(): RedcapField[] {
  const form = 'complications';
  const c = shownComplication;
  const any = "[complication] = '2' or [complication] = '3'";
  return [
    {
      name: 'complication',
      form,
      type: 'radio',
      label: 'Complication of the first procedure',
      choices: COMPLICATION_CHOICES,
      required: true,
      note: 'extravasation shown when there are several',
      source: 'procedures[0].complications',
      value: (r) =>
        indexProcedure(r)
          ? code(
              COMPLICATION_CHOICES,
              c(r) === null ? 'none' : c(r)?.type === EXTRAVASATION ? EXTRAVASATION : 'other',
            )
          : null,
    },
    {
      name: 'complication_other',
      form,
      type: 'text',
      label: 'Other complication',
      branching: "[complication] = '3'",
      source: 'procedures[0].complications[].type',
      value: (r) => {
        const x = c(r);
        return x && x.type !== EXTRAVASATION ? x.type : null;
      },
    },
    {
      name: 'complication_grade',
      form,
      type: 'radio',
      label: 'CIRSE grade',
      choices: GRADE_CHOICES,
      branching: any,
      source: 'procedures[0].complications[].grade',
      value: (r) => c(r)?.grade ?? null,
    },
    {
      name: 'extravasation_location',
      form,
      type: 'dropdown',
      label: 'Extravasation location',
      choices: EXTRAVASATION_CHOICES,
      branching: "[complication] = '2'",
      source: 'procedures[0].complications[].extravasation_location',
      value: (r) => code(EXTRAVASATION_CHOICES, c(r)?.extravasation_location),
    },
    {
      name: 'complication_symptomatic',
      form,
      type: 'yesno',
      label: 'Symptomatic',
      branching: any,
      source: 'procedures[0].complications[].symptomatic',
      value: (r) => c(r)?.symptomatic ?? null,
    },
    {
      name: 'complications_total',
      form,
      type: 'text',
      label: 'Complications of the first procedure',
      validation: 'integer',
      min: 0,
      source: 'procedures[0].complications.length',
      value: (r) => indexProcedure(r)?.complications.length ?? null,
    },
  ];
}

function outcomeFields(t: PainTime): RedcapField[] {
  const form = 'outcomes';
  const o = (r: RegistryRecord) => r.outcomes[t];
  return [
    {
      name: `pain_${t}`,
      form,
      section: OUTCOME_TIME_LABELS[t],
      type: 'text',
      label: `Pain, ${OUTCOME_TIME_LABELS[t]}`,
      note: 'NRS 0-10',
      validation: 'integer',
      min: 0,
      max: 10,
      source: `outcomes.${t}.pain`,
      value: (r) => o(r)?.pain ?? null,
    },
    {
      name: `analgesic_${t}`,
      form,
      type: 'dropdown',
      label: `Analgesics, ${OUTCOME_TIME_LABELS[t]}`,
      choices: ANALGESIC_CHOICES,
      source: `outcomes.${t}.analgesic`,
      value: (r) => code(ANALGESIC_CHOICES, o(r)?.analgesic),
    },
    {
      name: `ps_${t}`,
      form,
      type: 'text',
      label: `ECOG performance status, ${OUTCOME_TIME_LABELS[t]}`,
      validation: 'integer',
      min: 0,
      max: 4,
      source: `outcomes.${t}.performance_status`,
      value: (r) => o(r)?.performance_status ?? null,
    },
    {
      name: `visit_date_${t}`,
      form,
      type: 'text',
      label: `Visit date, ${OUTCOME_TIME_LABELS[t]}`,
      validation: 'date_ymd',
      identifier: true,
      source: `outcomes.${t}.assessed_on`,
      value: (r) => o(r)?.assessed_on ?? null,
    },
  ];
}

/** Every REDCap variable, record id first. */
export function redcapFields(): RedcapField[] {
  const patient = 'patient';
  const survival = 'survival';
  return [
    {
      name: 'patient_id',
      form: patient,
      type: 'text',
      label: 'Patient ID',
      required: true,
      source: 'patient_id',
      value: (r) => r.patient_id,
    },
    {
      name: 'age',
      form: patient,
      type: 'text',
      label: 'Age',
      note: 'years',
      validation: 'number',
      min: 0,
      max: 120,
      required: true,
      source: 'age',
      value: (r) => r.age,
    },
    {
      name: 'sex',
      form: patient,
      type: 'radio',
      label: 'Sex',
      choices: SEX_CHOICES,
      required: true,
      source: 'sex',
      value: (r) => code(SEX_CHOICES, r.sex),
    },
    {
      name: 'primary_tumour',
      form: patient,
      type: 'text',
      label: 'Primary tumour',
      required: true,
      source: 'primary',
      value: (r) => r.primary,
    },
    ...procedureFields(),
    ...complicationFields(),
    ...OUTCOME_TIMES.flatMap(outcomeFields),
    {
      name: 'followup_months',
      form: survival,
      type: 'text',
      label: 'Follow-up',
      note: 'months, to death or last contact',
      validation: 'number',
      min: 0,
      required: true,
      source: 'followup_months',
      value: (r) => r.followup_months,
    },
    {
      name: 'died',
      form: survival,
      type: 'yesno',
      label: 'Died',
      required: true,
      source: 'died',
      value: (r) => r.died,
    },
    {
      name: 'death_date',
      form: survival,
      type: 'text',
      label: 'Date of death',
      validation: 'date_ymd',
      identifier: true,
      branching: "[died] = '1'",
      source: 'death_date',
      value: (r) => r.death_date,
    },
    {
      name: 'last_contact_date',
      form: survival,
      type: 'text',
      label: 'Last contact',
      validation: 'date_ymd',
      identifier: true,
      source: 'last_contact_date',
      value: (r) => r.last_contact_date,
    },
  ];
}
