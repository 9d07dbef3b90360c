/**
 * Reading patients back as RegistryRecords: one query per table (not one per patient), joined
 * in memory, patients in the order they entered the registry, procedures index first.
 */
import type { Kysely } from 'kysely';
import { PAIN_TIMES } from '../cohort.js';
import type { PainTime } from '../cohort.js';
import { compareProcedures } from '../registry-records.js';
import type {
  ComplicationRecord,
  LesionRecord,
  OutcomeRecord,
  PatientRecord,
  ProcedureRecord,
  RegistryRecord,
} from '../registry-records.js';
import type {
  ComplicationRow,
  LesionRow,
  OutcomeRow,
  PatientRow,
  ProcedureRow,
  RegistryDatabase,
} from './schema.js';

type Db = Kysely<RegistryDatabase>;

/** Largest IN (...) list sent at once (SQLite and PostgreSQL both take far more). */
const IN_CHUNK = 900;

export function patientRecordOf(r: PatientRow): PatientRecord {
  return {
    patient_id: r.patient_id,
    age: r.age,
    sex: r.sex as PatientRecord['sex'],
    primary: r.primary_site,
    followup_months: r.followup_months,
    died: r.died === 1 ? 1 : 0,
    death_date: r.death_date,
    last_contact_date: r.last_contact_date,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

export function lesionRecordOf(r: LesionRow): LesionRecord {
  return {
    id: r.id,
    location: r.location,
    side: r.side as LesionRecord['side'],
    volume_ml: r.volume_ml,
    study_id: r.study_id,
  };
}

export function complicationRecordOf(r: ComplicationRow): ComplicationRecord {
  return {
    id: r.id,
    type: r.type,
    grade: r.grade,
    extravasation_location: r.extravasation_location as ComplicationRecord['extravasation_location'],
    symptomatic: r.symptomatic === null ? null : r.symptomatic === 1 ? 1 : 0,
  };
}

export function procedureRecordOf(r: ProcedureRow, complications: ComplicationRecord[]): ProcedureRecord {
  return {
    id: r.id,
    performed_on: r.performed_on,
    guidance: r.guidance as ProcedureRecord['guidance'],
    ablation_modality: r.ablation_modality as ProcedureRecord['ablation_modality'],
    ablation_device: r.ablation_device,
    cement_volume_ml: r.cement_volume_ml,
    needles: r.needles,
    needle_gauge: r.needle_gauge,
    lesion_id: r.lesion_id,
    complications,
  };
}

export function outcomeRecordOf(r: OutcomeRow): OutcomeRecord {
  return {
    pain: r.pain,
    analgesic: r.analgesic as OutcomeRecord['analgesic'],
    performance_status: r.performance_status,
    assessed_on: r.assessed_on,
  };
}

async function inChunks<T>(ids: readonly number[], query: (chunk: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += IN_CHUNK) out.push(...(await query(ids.slice(i, i + IN_CHUNK))));
  return out;
}

/**
 * Every patient (or those whose internal keys are in `patientPks`) with lesions, procedures,
 * complications and outcomes.
 */
export async function loadRegistryRecords(
  db: Db,
  options: { patientPks?: readonly number[] } = {},
): Promise<RegistryRecord[]> {
  const only = options.patientPks;
  const patients =
    only === undefined
      ? await db.selectFrom('registry_patients').selectAll().orderBy('id').execute()
      : await inChunks(only, (c) =>
          db.selectFrom('registry_patients').selectAll().where('id', 'in', c).orderBy('id').execute(),
        );
  if (patients.length === 0) return [];
  const pks = patients.map((p) => p.id);
  const fetch = <T>(all: () => Promise<T[]>, some: (c: number[]) => Promise<T[]>): Promise<T[]> =>
    only === undefined ? all() : inChunks(pks, some);
  const lesions = await fetch(
    () => db.selectFrom('registry_lesions').selectAll().orderBy('id').execute(),
    (c) => db.selectFrom('registry_lesions').selectAll().where('patient_pk', 'in', c).orderBy('id').execute(),
  );
  const procedures = await fetch(
    () => db.selectFrom('registry_procedures').selectAll().orderBy('id').execute(),
    (c) =>
      db.selectFrom('registry_procedures').selectAll().where('patient_pk', 'in', c).orderBy('id').execute(),
  );
  const complications =
    only === undefined
      ? await db.selectFrom('registry_complications').selectAll().orderBy('id').execute()
      : await inChunks(
          procedures.map((p) => p.id),
          (c) =>
            db
              .selectFrom('registry_complications')
              .selectAll()
              .where('procedure_id', 'in', c)
              .orderBy('id')
              .execute(),
        );
  const outcomes = await fetch(
    () => db.selectFrom('registry_outcomes').selectAll().execute(),
    (c) => db.selectFrom('registry_outcomes').selectAll().where('patient_pk', 'in', c).execute(),
  );

  const byPk = new Map<number, RegistryRecord>();
  const records = patients.map((p) => {
    const r: RegistryRecord = { ...patientRecordOf(p), lesions: [], procedures: [], outcomes: {} };
    byPk.set(p.id, r);
    return r;
  });
  for (const l of lesions) byPk.get(l.patient_pk)?.lesions.push(lesionRecordOf(l));
  const complicationsOf = new Map<number, ComplicationRecord[]>();
  for (const c of complications) {
    const list = complicationsOf.get(c.procedure_id) ?? [];
    list.push(complicationRecordOf(c));
    complicationsOf.set(c.procedure_id, list);
  }
  for (const p of procedures)
    byPk.get(p.patient_pk)?.procedures.push(procedureRecordOf(p, complicationsOf.get(p.id) ?? []));
  for (const o of outcomes) {
    const r = byPk.get(o.patient_pk);
    if (r) r.outcomes[o.time_point as PainTime] = outcomeRecordOf(o);
  }
  for (const r of records) {
    r.procedures.sort(compareProcedures);
    const ordered: RegistryRecord['outcomes'] = {};
    for (const t of PAIN_TIMES) if (r.outcomes[t]) ordered[t] = r.outcomes[t];
    r.outcomes = ordered;
  }
  return records;
}

/** The internal key of a patient id, or null. */
export async function patientPk(db: Db, patientId: string): Promise<number | null> {
  const row = await db
    .selectFrom('registry_patients')
    .select('id')
    .where('patient_id', '=', patientId)
    .executeTakeFirst();
  return row?.id ?? null;
}
