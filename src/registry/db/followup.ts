/**
 * Follow-up of a patient: vital status (follow-up months, death) and the outcome visits at
 * baseline, 2 weeks, 3, 6, 12 and 24 months, saved together in one transaction. A visit given
 * as an object replaces the stored one, null removes it, one not given is kept.
 */
import type { Kysely } from 'kysely';
import type { PainTime } from '../cohort.js';
import type { AnalgesicUse } from '../registry-fields.js';
import type { RegistryRecord } from '../registry-records.js';
import { withDbErrors } from './db-errors.js';
import { getPatient, updatePatientIn } from './patients.js';
import type { PatientUpdate } from './patients.js';
import type { RegistryDatabase } from './schema.js';

export interface OutcomeInput {
  pain?: number | null;
  analgesic?: AnalgesicUse | null;
  performance_status?: number | null;
  assessed_on?: string | null;
}

export interface FollowupInput {
  followup_months?: number | null;
  died?: 0 | 1 | null;
  death_date?: string | null;
  last_contact_date?: string | null;
  outcomes?: Partial<Record<PainTime, OutcomeInput | null>>;
}

export async function saveFollowup(
  db: Kysely<RegistryDatabase>,
  patientId: string,
  input: FollowupInput,
): Promise<RegistryRecord> {
  const { outcomes = {}, ...vital } = input;
  await withDbErrors(() =>
    db.transaction().execute(async (trx) => {
      const pk = await updatePatientIn(trx, patientId, vital as PatientUpdate);
      for (const [time, visit] of Object.entries(outcomes)) {
        if (visit === undefined) continue;
        await trx
          .deleteFrom('registry_outcomes')
          .where('patient_pk', '=', pk)
          .where('time_point', '=', time)
          .execute();
        if (visit === null) continue;
        await trx
          .insertInto('registry_outcomes')
          .values({
            patient_pk: pk,
            time_point: time,
            pain: visit.pain ?? null,
            analgesic: visit.analgesic ?? null,
            performance_status: visit.performance_status ?? null,
            assessed_on: visit.assessed_on ?? null,
          })
          .execute();
      }
    }),
  );
  return getPatient(db, patientId);
}
