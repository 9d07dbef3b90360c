/**
 * Rules between fields that a JSON schema cannot say, checked on the values a record will have
 * after a create or update (stored values merged with the new ones). The database repeats
 * them as CHECK constraints. Each throws an InputError naming the field.
 */
import { InputError } from '../core/errors.js';
import { EXTRAVASATION } from './cohort.js';

export interface VitalStatus {
  died: number;
  death_date: string | null;
  last_contact_date: string | null;
}

/** A date of death only for a patient who died; last contact not after death. */
export function checkVitalStatus(v: VitalStatus): void {
  if (v.death_date !== null && v.died !== 1)
    throw new InputError('a date of death needs died = 1', { field: 'death_date' });
  if (v.death_date !== null && v.last_contact_date !== null && v.last_contact_date > v.death_date)
    throw new InputError(`last contact ${v.last_contact_date} is after death ${v.death_date}`, {
      field: 'last_contact_date',
    });
}

export interface AblationFields {
  ablation_modality: string | null;
  ablation_device: string | null;
}

/** An ablation device only with an ablation (rf, microwave, cryo). */
export function checkAblation(p: AblationFields): void {
  if (p.ablation_device !== null && (p.ablation_modality === null || p.ablation_modality === 'none'))
    throw new InputError('an ablation device needs ablation_modality rf, microwave or cryo', {
      field: 'ablation_device',
    });
}

/**
 * The stored form of a complication type: `none` and `cement_extravasation` in lower case as
 * COHORT.csv reads them, other text as written. `none` is refused: no complication = no entry.
 */
export function complicationType(type: string, field = 'type'): string {
  const lower = type.toLowerCase();
  if (lower === 'none')
    throw new InputError("'none' is not a complication: leave the list empty instead", { field });
  return lower === EXTRAVASATION ? lower : type;
}

export interface ComplicationFields {
  type: string;
  extravasation_location: string | null;
}

/** An extravasation location only for cement extravasation. */
export function checkComplication(c: ComplicationFields, path = ''): void {
  if (c.extravasation_location !== null && c.type !== EXTRAVASATION)
    throw new InputError(`an extravasation location needs type ${EXTRAVASATION}`, {
      field: path === '' ? 'extravasation_location' : `${path}.extravasation_location`,
    });
}
