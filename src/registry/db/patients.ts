/**
 * Patients of the registry: list, read, create, update, delete. Inputs have passed the JSON
 * schemas of registry-schemas.ts; rules between fields are checked on the merged result; each
 * change is one transaction, so a refused change leaves nothing behind.
 */
import type { Kysely, Transaction } from 'kysely';
import { InputError } from '../../core/errors.js';
import { checkVitalStatus } from '../registry-rules.js';
import type { PatientRecord, RegistryRecord } from '../registry-records.js';
import { withDbErrors } from './db-errors.js';
import { loadRegistryRecords, patientRecordOf } from './load-records.js';
import type { RegistryDatabase } from './schema.js';

type Db = Kysely<RegistryDatabase>;
type Trx = Transaction<RegistryDatabase>;

/** POST body: identity and demographics; follow-up and vital status default to 0 / alive. */
export interface PatientCreate {
  patient_id: string;
  age: number;
  sex: 'F' | 'M';
  primary: string;
  followup_months?: number | null;
  died?: 0 | 1 | null;
  death_date?: string | null;
  last_contact_date?: string | null;
}

/** PATCH body: any fields but the id. */
export type PatientUpdate = Partial<Omit<PatientCreate, 'patient_id'>>;

/** One line of the patient list. */
export interface PatientSummary extends PatientRecord {
  procedures: number;
  guidance: string | null;
  first_procedure_on: string | null;
}

export function notFound(patientId: string): InputError {
  return new InputError(`no patient '${patientId}' in the registry`, { field: 'patient_id' }, 'NOT_FOUND');
}

/** The internal key of a patient, or a 404 InputError. */
export async function requirePatientPk(db: Db | Trx, patientId: string): Promise<number> {
  const row = await db
    .selectFrom('registry_patients')
    .select('id')
    .where('patient_id', '=', patientId)
    .executeTakeFirst();
  if (!row) throw notFound(patientId);
  return row.id;
}

/** Every patient with the number of procedures and the index procedure's guidance and date. */
export async function listPatients(db: Db): Promise<PatientSummary[]> {
  const records = await loadRegistryRecords(db);
  return records.map((r) => {
    const { procedures } = r;
    const index = procedures[0] ?? null;
    const patient: PatientRecord = {
      patient_id: r.patient_id,
      age: r.age,
      sex: r.sex,
      primary: r.primary,
      followup_months: r.followup_months,
      died: r.died,
      death_date: r.death_date,
      last_contact_date: r.last_contact_date,
      created_at: r.created_at,
      updated_at: r.updated_at,
    };
    return {
      ...patient,
      procedures: procedures.length,
      guidance: index?.guidance ?? null,
      first_procedure_on: index?.performed_on ?? null,
    };
  });
}

/** A whole patient record (404 InputError when unknown). */
export async function getPatient(db: Db, patientId: string): Promise<RegistryRecord> {
  const pk = await requirePatientPk(db, patientId);
  const [record] = await loadRegistryRecords(db, { patientPks: [pk] });
  return record;
}

export async function createPatient(db: Db, input: PatientCreate): Promise<RegistryRecord> {
  const vital = {
    died: input.died ?? 0,
    death_date: input.death_date ?? null,
    last_contact_date: input.last_contact_date ?? null,
  };
  checkVitalStatus(vital);
  const now = new Date().toISOString();
  await withDbErrors(() =>
    db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom('registry_patients')
        .select('id')
        .where('patient_id', '=', input.patient_id)
        .executeTakeFirst();
      if (taken)
        throw new InputError(
          `'${input.patient_id}' is already in the registry`,
          { field: 'patient_id' },
          'CONFLICT',
        );
      await trx
        .insertInto('registry_patients')
        .values({
          patient_id: input.patient_id,
          age: input.age,
          sex: input.sex,
          primary_site: input.primary,
          followup_months: input.followup_months ?? 0,
          ...vital,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }),
  );
  return getPatient(db, input.patient_id);
}

export async function updatePatient(
  db: Db,
  patientId: string,
  changes: PatientUpdate,
): Promise<RegistryRecord> {
  await withDbErrors(() => db.transaction().execute(async (trx) => updatePatientIn(trx, patientId, changes)));
  return getPatient(db, patientId);
}

/** The update inside a caller's transaction (used by the follow-up form too). */
export async function updatePatientIn(trx: Trx, patientId: string, changes: PatientUpdate): Promise<number> {
  const row = await trx
    .selectFrom('registry_patients')
    .selectAll()
    .where('patient_id', '=', patientId)
    .executeTakeFirst();
  if (!row) throw notFound(patientId);
  const current = patientRecordOf(row);
  for (const key of ['age', 'sex', 'primary', 'followup_months', 'died'] as const) {
    if (changes[key] === null) throw new InputError('a value is required', { field: key });
  }
  const merged = {
    ...current,
    ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
  } as PatientRecord;
  checkVitalStatus(merged);
  await trx
    .updateTable('registry_patients')
    .set({
      age: merged.age,
      sex: merged.sex,
      primary_site: merged.primary,
      followup_months: merged.followup_months,
      died: merged.died,
      death_date: merged.death_date,
      last_contact_date: merged.last_contact_date,
      updated_at: new Date().toISOString(),
    })
    .where('id', '=', row.id)
    .execute();
  return row.id;
}

/** Deletes a patient with lesions, procedures, complications and outcomes. */
export async function deletePatient(db: Db, patientId: string): Promise<void> {
  const result = await db
    .deleteFrom('registry_patients')
    .where('patient_id', '=', patientId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound(patientId);
}

/** Number of patients in the registry. */
export async function countPatients(db: Db): Promise<number> {
  const row = await db
    .selectFrom('registry_patients')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
