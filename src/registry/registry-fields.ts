/**
 * The registry's fields in one table: names (as in the HTTP API and COHORT.csv), labels, units,
 * allowed values and ranges. The JSON schemas of the API, the REDCap data dictionary and the
 * HTML forms are built from it; the CHECK constraints of the database migrations repeat the
 * same limits (a test inserts every limit through SQL to keep them equal).
 */
import { PAIN_TIMES } from './cohort.js';
import type { Guidance, PainTime } from './cohort.js';

export interface Choice {
  value: string;
  label: string;
}

/** One field of a registry form; `min`/`max` are inclusive, in the field's unit. */
export interface FieldSpec {
  name: string;
  label: string;
  kind: 'text' | 'integer' | 'number' | 'date' | 'choice' | 'flag';
  /** Required on creation (never null). */
  required?: boolean;
  min?: number;
  max?: number;
  maxLength?: number;
  choices?: readonly Choice[];
  unit?: string;
  note?: string;
}

/** In the order of GUIDANCE_LEVELS (cohort.ts). */
export const GUIDANCE_CHOICES: readonly Choice[] = [
  { value: 'fluoro', label: 'Fluoroscopy' },
  { value: 'ct_fluoro', label: 'CT + fluoroscopy' },
  { value: 'ct_fluoro_oarm', label: 'CT + fluoroscopy + O-arm cone-beam CT' },
  { value: 'ct_fluoro_seg3d', label: 'CT + fluoroscopy + 3D segmentation' },
];

export const ABLATION_MODALITIES = ['rf', 'microwave', 'cryo', 'none'] as const;
export type AblationModality = (typeof ABLATION_MODALITIES)[number];
export const ABLATION_CHOICES: readonly Choice[] = [
  { value: 'rf', label: 'Radiofrequency' },
  { value: 'microwave', label: 'Microwave' },
  { value: 'cryo', label: 'Cryoablation' },
  { value: 'none', label: 'No ablation (cement only)' },
];

/** Analgesic use on the WHO ladder. */
export const ANALGESIC_LEVELS = ['none', 'non_opioid', 'weak_opioid', 'strong_opioid'] as const;
export type AnalgesicUse = (typeof ANALGESIC_LEVELS)[number];
export const ANALGESIC_CHOICES: readonly Choice[] = [
  { value: 'none', label: 'None' },
  { value: 'non_opioid', label: 'Non-opioid only' },
  { value: 'weak_opioid', label: 'Weak opioid' },
  { value: 'strong_opioid', label: 'Strong opioid' },
];

export const EXTRAVASATION_LOCATIONS = [
  'spinal_canal',
  'neural_foramen',
  'presacral',
  'venous',
  'sacroiliac_joint',
  'intervertebral_disc',
  'soft_tissue',
] as const;
export type ExtravasationLocation = (typeof EXTRAVASATION_LOCATIONS)[number];
export const EXTRAVASATION_CHOICES: readonly Choice[] = [
  { value: 'spinal_canal', label: 'Spinal (sacral) canal' },
  { value: 'neural_foramen', label: 'Neural foramen' },
  { value: 'presacral', label: 'Presacral space' },
  { value: 'venous', label: 'Venous' },
  { value: 'sacroiliac_joint', label: 'Sacroiliac joint' },
  { value: 'intervertebral_disc', label: 'Intervertebral disc (L5-S1)' },
  { value: 'soft_tissue', label: 'Soft tissue / needle tract' },
];

export const LESION_SIDES = ['left', 'right', 'bilateral', 'midline'] as const;
export type LesionSide = (typeof LESION_SIDES)[number];
export const SEX_CHOICES: readonly Choice[] = [
  { value: 'F', label: 'Female' },
  { value: 'M', label: 'Male' },
];

const choices = (values: readonly string[]): Choice[] => values.map((v) => ({ value: v, label: v }));

/** Patient identity, demographics and vital status (COHORT.csv names where they exist). */
export const PATIENT_FIELDS: readonly FieldSpec[] = [
  { name: 'patient_id', label: 'Patient ID', kind: 'text', required: true, maxLength: 64 },
  { name: 'age', label: 'Age', kind: 'number', required: true, min: 0, max: 120, unit: 'years' },
  { name: 'sex', label: 'Sex', kind: 'choice', required: true, choices: SEX_CHOICES },
  { name: 'primary', label: 'Primary tumour', kind: 'text', required: true, maxLength: 200 },
  {
    name: 'followup_months',
    label: 'Follow-up',
    kind: 'number',
    min: 0,
    unit: 'months',
    note: 'from the first procedure to death or last contact',
  },
  { name: 'died', label: 'Died', kind: 'flag', note: '1 = died, 0 = alive at last contact' },
  { name: 'death_date', label: 'Date of death', kind: 'date', note: 'only when died = 1' },
  { name: 'last_contact_date', label: 'Last contact', kind: 'date' },
];

export const LESION_FIELDS: readonly FieldSpec[] = [
  {
    name: 'location',
    label: 'Location',
    kind: 'text',
    required: true,
    maxLength: 200,
    note: 'e.g. S1-S2 left ala',
  },
  { name: 'side', label: 'Side', kind: 'choice', choices: choices(LESION_SIDES) },
  { name: 'volume_ml', label: 'Volume', kind: 'number', min: 0, max: 2000, unit: 'mL' },
  { name: 'study_id', label: 'Workstation study', kind: 'text', maxLength: 200 },
];

export const PROCEDURE_FIELDS: readonly FieldSpec[] = [
  { name: 'performed_on', label: 'Date', kind: 'date' },
  { name: 'guidance', label: 'Guidance', kind: 'choice', required: true, choices: GUIDANCE_CHOICES },
  { name: 'ablation_modality', label: 'Ablation', kind: 'choice', choices: ABLATION_CHOICES },
  {
    name: 'ablation_device',
    label: 'Ablation device',
    kind: 'text',
    maxLength: 200,
    note: 'only with rf, microwave or cryo',
  },
  { name: 'cement_volume_ml', label: 'Cement volume', kind: 'number', min: 0, max: 100, unit: 'mL' },
  { name: 'needles', label: 'Needles', kind: 'integer', min: 0, max: 20, note: 'number of needles placed' },
  { name: 'needle_gauge', label: 'Needle gauge', kind: 'integer', min: 8, max: 22, unit: 'G' },
  { name: 'lesion_id', label: 'Lesion', kind: 'integer', min: 1, note: 'id of one of the patient’s lesions' },
];

export const COMPLICATION_FIELDS: readonly FieldSpec[] = [
  {
    name: 'type',
    label: 'Complication',
    kind: 'text',
    required: true,
    maxLength: 200,
    note: 'cement_extravasation or free text; no complication = no entry',
  },
  { name: 'grade', label: 'CIRSE grade', kind: 'integer', min: 1, max: 6 },
  {
    name: 'extravasation_location',
    label: 'Extravasation location',
    kind: 'choice',
    choices: EXTRAVASATION_CHOICES,
    note: 'only for cement_extravasation',
  },
  { name: 'symptomatic', label: 'Symptomatic', kind: 'flag' },
];

export const OUTCOME_FIELDS: readonly FieldSpec[] = [
  { name: 'pain', label: 'Pain (NRS)', kind: 'integer', min: 0, max: 10 },
  { name: 'analgesic', label: 'Analgesics', kind: 'choice', choices: ANALGESIC_CHOICES },
  { name: 'performance_status', label: 'ECOG performance status', kind: 'integer', min: 0, max: 4 },
  { name: 'assessed_on', label: 'Assessed on', kind: 'date' },
];

/** Follow-up visits: the pain time points of COHORT.csv. */
export const OUTCOME_TIMES: readonly PainTime[] = PAIN_TIMES;
export const OUTCOME_TIME_LABELS: Record<PainTime, string> = {
  baseline: 'Baseline',
  '2w': '2 weeks',
  '3m': '3 months',
  '6m': '6 months',
  '12m': '12 months',
  '24m': '24 months',
};

export type { Guidance, PainTime };
