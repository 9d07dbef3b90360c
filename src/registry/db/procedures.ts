/**
 * Lesions and procedures (with their complications) of a patient. Inputs have passed the JSON
 * schemas; rules between fields (device needs an ablation, extravasation location needs an
 * extravasation, the lesion belongs to the same patient) are checked here on the merged
 * values; every change is one transaction.
 */
import type { Kysely, Transaction } from 'kysely';
import { InputError } from '../../core/errors.js';
import type { Guidance } from '../cohort.js';
import type { AblationModality, ExtravasationLocation, LesionSide } from '../registry-fields.js';
import type { LesionRecord, ProcedureRecord } from '../registry-records.js';
import { checkAblation, checkComplication, complicationType } from '../registry-rules.js';
import { withDbErrors } from './db-errors.js';
import { complicationRecordOf, lesionRecordOf, procedureRecordOf } from './load-records.js';
import { requirePatientPk } from './patients.js';
import type { RegistryDatabase } from './schema.js';

type Db = Kysely<RegistryDatabase>;
type Trx = Transaction<RegistryDatabase>;

export interface LesionCreate {
  location: string;
  side?: LesionSide | null;
  volume_ml?: number | null;
  study_id?: string | null;
}

export interface ComplicationInput {
  type: string;
  grade?: number | null;
  extravasation_location?: ExtravasationLocation | null;
  symptomatic?: 0 | 1 | null;
}

export interface ProcedureCreate {
  performed_on?: string | null;
  guidance: Guidance;
  ablation_modality?: AblationModality | null;
  ablation_device?: string | null;
  cement_volume_ml?: number | null;
  needles?: number | null;
  needle_gauge?: number | null;
  lesion_id?: number | null;
  complications?: ComplicationInput[];
}

/** PATCH body; `complications`, when given, replaces the list. */
export type ProcedureUpdate = Partial<ProcedureCreate>;

export async function createLesion(db: Db, patientId: string, input: LesionCreate): Promise<LesionRecord> {
  return withDbErrors(() =>
    db.transaction().execute(async (trx) => {
      const pk = await requirePatientPk(trx, patientId);
      const row = await trx
        .insertInto('registry_lesions')
        .values({
          patient_pk: pk,
          location: input.location,
          side: input.side ?? null,
          volume_ml: input.volume_ml ?? null,
          study_id: input.study_id ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return lesionRecordOf(row);
    }),
  );
}

async function checkLesion(trx: Trx, lesionId: number | null, patientPk: number): Promise<void> {
  if (lesionId === null) return;
  const lesion = await trx
    .selectFrom('registry_lesions')
    .select('patient_pk')
    .where('id', '=', lesionId)
    .executeTakeFirst();
  if (!lesion || lesion.patient_pk !== patientPk)
    throw new InputError(`the patient has no lesion ${lesionId}`, { field: 'lesion_id' });
}

function complicationRows(list: readonly ComplicationInput[], procedureId: number) {
  return list.map((c, i) => {
    const type = complicationType(c.type, `complications.${i}.type`);
    const row = {
      procedure_id: procedureId,
      type,
      grade: c.grade ?? null,
      extravasation_location: c.extravasation_location ?? null,
      symptomatic: c.symptomatic ?? null,
    };
    checkComplication(row, `complications.${i}`);
    return row;
  });
}

async function writeComplications(
  trx: Trx,
  procedureId: number,
  list: readonly ComplicationInput[],
): Promise<void> {
  const rows = complicationRows(list, procedureId);
  await trx.deleteFrom('registry_complications').where('procedure_id', '=', procedureId).execute();
  if (rows.length) await trx.insertInto('registry_complications').values(rows).execute();
}

async function readProcedure(trx: Trx, procedureId: number): Promise<ProcedureRecord> {
  const row = await trx
    .selectFrom('registry_procedures')
    .selectAll()
    .where('id', '=', procedureId)
    .executeTakeFirstOrThrow();
  const complications = await trx
    .selectFrom('registry_complications')
    .selectAll()
    .where('procedure_id', '=', procedureId)
    .orderBy('id')
    .execute();
  return procedureRecordOf(row, complications.map(complicationRecordOf));
}

type ProcedureValues = Omit<ProcedureCreate, 'complications'>;

function procedureValues(v: ProcedureValues) {
  const values = {
    performed_on: v.performed_on ?? null,
    guidance: v.guidance,
    ablation_modality: v.ablation_modality ?? null,
    ablation_device: v.ablation_device ?? null,
    cement_volume_ml: v.cement_volume_ml ?? null,
    needles: v.needles ?? null,
    needle_gauge: v.needle_gauge ?? null,
    lesion_id: v.lesion_id ?? null,
  };
  checkAblation(values);
  return values;
}

export async function createProcedure(
  db: Db,
  patientId: string,
  input: ProcedureCreate,
): Promise<ProcedureRecord> {
  const { complications = [], ...fields } = input;
  const values = procedureValues(fields);
  complicationRows(complications, 0);
  return withDbErrors(() =>
    db.transaction().execute(async (trx) => {
      const pk = await requirePatientPk(trx, patientId);
      await checkLesion(trx, values.lesion_id, pk);
      const { id } = await trx
        .insertInto('registry_procedures')
        .values({ patient_pk: pk, ...values })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeComplications(trx, id, complications);
      return readProcedure(trx, id);
    }),
  );
}

export async function updateProcedure(
  db: Db,
  where: { patientId: string; procedureId: number },
  changes: ProcedureUpdate,
): Promise<ProcedureRecord> {
  const { complications, ...fields } = changes;
  if (fields.guidance === null) throw new InputError('a value is required', { field: 'guidance' });
  if (complications) complicationRows(complications, 0);
  return withDbErrors(() =>
    db.transaction().execute(async (trx) => {
      const pk = await requirePatientPk(trx, where.patientId);
      const row = await trx
        .selectFrom('registry_procedures')
        .selectAll()
        .where('id', '=', where.procedureId)
        .where('patient_pk', '=', pk)
        .executeTakeFirst();
      if (!row)
        throw new InputError(
          `patient '${where.patientId}' has no procedure ${where.procedureId}`,
          { field: 'procedure' },
          'NOT_FOUND',
        );
      const merged = {
        ...row,
        ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
      };
      const values = procedureValues(merged as ProcedureValues);
      await checkLesion(trx, values.lesion_id, pk);
      await trx.updateTable('registry_procedures').set(values).where('id', '=', row.id).execute();
      if (complications) await writeComplications(trx, row.id, complications);
      return readProcedure(trx, row.id);
    }),
  );
}

/** Deletes one procedure of a patient (with its complications). */
export async function deleteProcedure(
  db: Db,
  where: { patientId: string; procedureId: number },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const pk = await requirePatientPk(trx, where.patientId);
    const result = await trx
      .deleteFrom('registry_procedures')
      .where('id', '=', where.procedureId)
      .where('patient_pk', '=', pk)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0)
      throw new InputError(
        `patient '${where.patientId}' has no procedure ${where.procedureId}`,
        { field: 'procedure' },
        'NOT_FOUND',
      );
  });
}
