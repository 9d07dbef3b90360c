/**
 * COHORT.csv rows (already parsed and validated by cohort.ts) into the registry, all or
 * nothing: one transaction, so a bad row, a patient_id already in the registry or a lost
 * connection leaves the database as it was. Each patient gets one procedure (the CSV's
 * guidance and complication) and one outcome per non-empty pain column.
 */
import type { Kysely, Transaction } from 'kysely';
import { InputError } from '../../core/errors.js';
import { PAIN_TIMES } from '../cohort.js';
import type { CohortRow } from '../cohort.js';
import { withDbErrors } from './db-errors.js';
import type { RegistryDatabase } from './schema.js';

type Trx = Transaction<RegistryDatabase>;

export interface ImportCounts {
  patients: number;
  procedures: number;
  complications: number;
  outcomes: number;
}

export interface ImportOptions {
  /** Named in errors. */
  file: string;
  /** Delete every patient first (in the same transaction). */
  replace?: boolean;
  /** Fraction done, 0..1. */
  onProgress?: (fraction: number) => void;
}

/** Rows inserted per statement (about 5,000 bound values: far below both engines' limits). */
const BATCH = 500;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Limits of the registry beyond those of COHORT.csv (lengths, control characters). */
export function checkRegistryLimits(rows: readonly CohortRow[], file: string): void {
  for (const r of rows) {
    const cells: [string, string, number][] = [
      ['patient_id', r.patientId, 64],
      ['primary', r.primary, 200],
      ['complication', r.complication, 200],
    ];
    for (const [column, text, max] of cells) {
      const where = { file, row: r.row, column };
      if (text.length > max) throw new InputError(`longer than ${max} characters`, where);
      if (CONTROL.test(text)) throw new InputError('contains a control character', where);
    }
  }
}

async function refuseKnownIds(trx: Trx, rows: readonly CohortRow[], file: string): Promise<void> {
  const rowOf = new Map(rows.map((r) => [r.patientId, r.row]));
  const ids = [...rowOf.keys()];
  for (let i = 0; i < ids.length; i += BATCH) {
    const found = await trx
      .selectFrom('registry_patients')
      .select('patient_id')
      .where('patient_id', 'in', ids.slice(i, i + BATCH))
      .execute();
    if (found.length === 0) continue;
    const first = found.map((f) => rowOf.get(f.patient_id) as number).sort((a, b) => a - b)[0];
    const id = rows.find((r) => r.row === first)?.patientId;
    throw new InputError(
      `'${id}' is already in the registry`,
      { file, row: first, column: 'patient_id' },
      'CONFLICT',
    );
  }
}

async function insertAll(
  trx: Trx,
  rows: readonly CohortRow[],
  options: ImportOptions,
): Promise<ImportCounts> {
  const now = new Date().toISOString();
  const counts: ImportCounts = { patients: 0, procedures: 0, complications: 0, outcomes: 0 };
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const patients = await trx
      .insertInto('registry_patients')
      .values(
        batch.map((r) => ({
          patient_id: r.patientId,
          age: r.ageYears,
          sex: r.sex,
          primary_site: r.primary,
          followup_months: r.followupMonths,
          died: r.died,
          death_date: null,
          last_contact_date: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning(['id', 'patient_id'])
      .execute();
    const pkOf = new Map(patients.map((p) => [p.patient_id, p.id]));
    const procedures = await trx
      .insertInto('registry_procedures')
      .values(batch.map((r) => ({ patient_pk: pkOf.get(r.patientId) as number, guidance: r.guidance })))
      .returning(['id', 'patient_pk'])
      .execute();
    const procedureOf = new Map(procedures.map((p) => [p.patient_pk, p.id]));
    const complications = batch
      .filter((r) => r.complication !== 'none')
      .map((r) => ({
        procedure_id: procedureOf.get(pkOf.get(r.patientId) as number) as number,
        type: r.complication,
      }));
    if (complications.length) await trx.insertInto('registry_complications').values(complications).execute();
    const outcomes = batch.flatMap((r) =>
      PAIN_TIMES.filter((t) => r.pain[t] !== null).map((t) => ({
        patient_pk: pkOf.get(r.patientId) as number,
        time_point: t,
        pain: r.pain[t],
      })),
    );
    for (let o = 0; o < outcomes.length; o += BATCH)
      await trx
        .insertInto('registry_outcomes')
        .values(outcomes.slice(o, o + BATCH))
        .execute();
    counts.patients += patients.length;
    counts.procedures += procedures.length;
    counts.complications += complications.length;
    counts.outcomes += outcomes.length;
    options.onProgress?.(Math.min(1, (i + batch.length) / rows.length));
  }
  return counts;
}

/** Imports every row or none; see the module comment. */
export async function importCohortRows(
  db: Kysely<RegistryDatabase>,
  rows: readonly CohortRow[],
  options: ImportOptions,
): Promise<ImportCounts> {
  checkRegistryLimits(rows, options.file);
  return withDbErrors(
    () =>
      db.transaction().execute(async (trx) => {
        if (options.replace) await trx.deleteFrom('registry_patients').execute();
        else await refuseKnownIds(trx, rows, options.file);
        return insertAll(trx, rows, options);
      }),
    { file: options.file },
  );
}
