/**
 * A patient of the registry as the API shows it (snake_case, COHORT.csv names where they
 * exist), and its reduction to one COHORT.csv row: guidance and complication come from the
 * index procedure (the first one), pain from the outcomes at each time point.
 */
import { EXTRAVASATION, PAIN_TIMES } from './cohort.js';
import type { CohortRow, Guidance, PainTime } from './cohort.js';
import type { AblationModality, AnalgesicUse, ExtravasationLocation, LesionSide } from './registry-fields.js';

export interface PatientRecord {
  patient_id: string;
  /** Years. */
  age: number;
  sex: 'F' | 'M';
  primary: string;
  /** Months from the first procedure to death or last contact. */
  followup_months: number;
  /** 1 = died, 0 = alive at last contact (censored). */
  died: 0 | 1;
  /** ISO dates, YYYY-MM-DD. */
  death_date: string | null;
  last_contact_date: string | null;
  /** ISO timestamps. */
  created_at: string;
  updated_at: string;
}

export interface LesionRecord {
  id: number;
  location: string;
  side: LesionSide | null;
  volume_ml: number | null;
  /** Workstation study the lesion was segmented on. */
  study_id: string | null;
}

export interface ComplicationRecord {
  id: number;
  /** `cement_extravasation` or free text (never `none`: no complication = no record). */
  type: string;
  /** CIRSE classification, 1-6. */
  grade: number | null;
  extravasation_location: ExtravasationLocation | null;
  symptomatic: 0 | 1 | null;
}

export interface ProcedureRecord {
  id: number;
  performed_on: string | null;
  guidance: Guidance;
  ablation_modality: AblationModality | null;
  ablation_device: string | null;
  cement_volume_ml: number | null;
  needles: number | null;
  needle_gauge: number | null;
  lesion_id: number | null;
  complications: ComplicationRecord[];
}

export interface OutcomeRecord {
  /** NRS 0-10. */
  pain: number | null;
  analgesic: AnalgesicUse | null;
  /** ECOG 0-4. */
  performance_status: number | null;
  assessed_on: string | null;
}

/** A whole patient: identity, lesions, procedures (index first) and outcomes by time point. */
export interface RegistryRecord extends PatientRecord {
  lesions: LesionRecord[];
  procedures: ProcedureRecord[];
  outcomes: Partial<Record<PainTime, OutcomeRecord>>;
}

/** Procedures in registry order: dated ones by date, undated after them, then by id. */
export function compareProcedures(
  a: Pick<ProcedureRecord, 'performed_on' | 'id'>,
  b: Pick<ProcedureRecord, 'performed_on' | 'id'>,
): number {
  if (a.performed_on !== b.performed_on) {
    if (a.performed_on === null) return 1;
    if (b.performed_on === null) return -1;
    return a.performed_on < b.performed_on ? -1 : 1;
  }
  return a.id - b.id;
}

/** The index (first) procedure, or null for a patient without any. */
export function indexProcedure(record: Pick<RegistryRecord, 'procedures'>): ProcedureRecord | null {
  let best: ProcedureRecord | null = null;
  for (const p of record.procedures) if (best === null || compareProcedures(p, best) < 0) best = p;
  return best;
}

/**
 * The COHORT.csv complication of a procedure: `none` without complications, else
 * `cement_extravasation` when one of them is, else the first one's type.
 */
export function cohortComplication(procedure: Pick<ProcedureRecord, 'complications'>): string {
  const list = procedure.complications;
  if (list.length === 0) return 'none';
  if (list.some((c) => c.type === EXTRAVASATION)) return EXTRAVASATION;
  return [...list].sort((a, b) => a.id - b.id)[0].type;
}

/** One COHORT.csv row of a patient (null without a procedure); `row` is its spreadsheet row. */
export function cohortRowOf(record: RegistryRecord, row: number): CohortRow | null {
  const index = indexProcedure(record);
  if (index === null) return null;
  const pain = {} as Record<PainTime, number | null>;
  for (const t of PAIN_TIMES) pain[t] = record.outcomes[t]?.pain ?? null;
  return {
    row,
    patientId: record.patient_id,
    ageYears: record.age,
    sex: record.sex,
    primary: record.primary,
    guidance: index.guidance,
    complication: cohortComplication(index),
    followupMonths: record.followup_months,
    died: record.died,
    pain,
  };
}

/**
 * COHORT.csv rows of the patients that have a procedure, numbered as the exported file shows
 * them (header = row 1); `skipped` counts the patients without a procedure.
 */
export function cohortRowsOf(records: readonly RegistryRecord[]): { rows: CohortRow[]; skipped: number } {
  const rows: CohortRow[] = [];
  let skipped = 0;
  for (const r of records) {
    const row = cohortRowOf(r, rows.length + 2);
    if (row === null) skipped++;
    else rows.push(row);
  }
  return { rows, skipped };
}
