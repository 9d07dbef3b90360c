/**
 * Tables of the outcomes registry as Kysely sees them. Names carry the `registry_` prefix
 * because a PostgreSQL database (DATABASE_URL) may be shared with the rest of the server.
 * Dates are ISO text (YYYY-MM-DD), timestamps ISO text, flags 0/1 integers, so SQLite and
 * PostgreSQL store and return the same values. `patient_pk` is the internal key;
 * `patient_id` is the registry's own identifier (COHORT.csv, API URLs).
 */
import type { Generated, Insertable, Selectable } from 'kysely';

export interface PatientsTable {
  id: Generated<number>;
  patient_id: string;
  age: number;
  sex: string;
  primary_site: string;
  followup_months: number;
  died: number;
  death_date: string | null;
  last_contact_date: string | null;
  created_at: string;
  updated_at: string;
}

export interface LesionsTable {
  id: Generated<number>;
  patient_pk: number;
  location: string;
  side: string | null;
  volume_ml: number | null;
  study_id: string | null;
}

export interface ProceduresTable {
  id: Generated<number>;
  patient_pk: number;
  lesion_id: number | null;
  performed_on: string | null;
  guidance: string;
  ablation_modality: string | null;
  ablation_device: string | null;
  cement_volume_ml: number | null;
  needles: number | null;
  needle_gauge: number | null;
}

export interface ComplicationsTable {
  id: Generated<number>;
  procedure_id: number;
  type: string;
  grade: number | null;
  extravasation_location: string | null;
  symptomatic: number | null;
}

export interface OutcomesTable {
  patient_pk: number;
  /** baseline, 2w, 3m, 6m, 12m, 24m */
  time_point: string;
  pain: number | null;
  analgesic: string | null;
  performance_status: number | null;
  assessed_on: string | null;
}

export interface RegistryDatabase {
  registry_patients: PatientsTable;
  registry_lesions: LesionsTable;
  registry_procedures: ProceduresTable;
  registry_complications: ComplicationsTable;
  registry_outcomes: OutcomesTable;
}

export type PatientRow = Selectable<PatientsTable>;
export type NewPatientRow = Insertable<PatientsTable>;
export type ProcedureRow = Selectable<ProceduresTable>;
export type ComplicationRow = Selectable<ComplicationsTable>;
export type OutcomeRow = Selectable<OutcomesTable>;
export type LesionRow = Selectable<LesionsTable>;

/** Which SQL engine a registry runs on. */
export type RegistryDialect = 'sqlite' | 'postgres';
