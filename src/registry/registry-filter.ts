/**
 * Subsets of the registry for the analysis and the dashboard: guidance set-up, sex, primary
 * tumour (case-insensitive) and a date range of the index procedure (inclusive; patients
 * whose index procedure has no date are left out when a range is given).
 */
import { InputError } from '../core/errors.js';
import { GUIDANCE_LEVELS } from './cohort.js';
import type { Guidance } from './cohort.js';
import { isIsoDate } from './registry-json-schema.js';
import { indexProcedure } from './registry-records.js';
import type { RegistryRecord } from './registry-records.js';

export interface RegistryFilter {
  guidance?: Guidance;
  sex?: 'F' | 'M';
  primary?: string;
  /** Index procedure on or after this date (YYYY-MM-DD). */
  from?: string;
  /** Index procedure on or before this date (YYYY-MM-DD). */
  to?: string;
}

export const FILTER_KEYS = ['guidance', 'sex', 'primary', 'from', 'to'] as const;

/**
 * Reads a filter from query-string values; empty values mean "any". Unknown keys and bad
 * values are refused with an InputError naming the field.
 */
export function parseRegistryFilter(query: Readonly<Record<string, unknown>>): RegistryFilter {
  const filter: RegistryFilter = {};
  for (const [key, raw] of Object.entries(query)) {
    if (!(FILTER_KEYS as readonly string[]).includes(key))
      throw new InputError(`unknown filter (filters: ${FILTER_KEYS.join(', ')})`, { field: key });
    if (typeof raw !== 'string') throw new InputError('give the filter once, as text', { field: key });
    const value = raw.trim();
    if (value === '') continue;
    if (key === 'guidance') {
      if (!(GUIDANCE_LEVELS as readonly string[]).includes(value))
        throw new InputError(`'${value}' is not one of ${GUIDANCE_LEVELS.join(', ')}`, { field: key });
      filter.guidance = value as Guidance;
    } else if (key === 'sex') {
      const sex = value.toUpperCase();
      if (sex !== 'F' && sex !== 'M') throw new InputError(`'${value}' is not F or M`, { field: key });
      filter.sex = sex;
    } else if (key === 'primary') {
      filter.primary = value;
    } else {
      if (!isIsoDate(value)) throw new InputError(`'${value}' is not a date (YYYY-MM-DD)`, { field: key });
      filter[key as 'from' | 'to'] = value;
    }
  }
  if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to)
    throw new InputError(`from ${filter.from} is after to ${filter.to}`, { field: 'from' });
  return filter;
}

/** True when the filter selects every patient. */
export function isEmptyFilter(filter: RegistryFilter): boolean {
  return FILTER_KEYS.every((k) => filter[k] === undefined);
}

/** The patients the filter selects, in their order. */
export function filterRecords(records: readonly RegistryRecord[], filter: RegistryFilter): RegistryRecord[] {
  const primary = filter.primary?.toLowerCase();
  return records.filter((r) => {
    if (filter.sex !== undefined && r.sex !== filter.sex) return false;
    if (primary !== undefined && r.primary.toLowerCase() !== primary) return false;
    if (filter.guidance === undefined && filter.from === undefined && filter.to === undefined) return true;
    const index = indexProcedure(r);
    if (index === null) return false;
    if (filter.guidance !== undefined && index.guidance !== filter.guidance) return false;
    if (filter.from === undefined && filter.to === undefined) return true;
    const date = index.performed_on;
    if (date === null) return false;
    return (
      (filter.from === undefined || date >= filter.from) && (filter.to === undefined || date <= filter.to)
    );
  });
}

/** Words for a filter, e.g. "guidance ct_fluoro, sex F" ("whole registry" when empty). */
export function describeFilter(filter: RegistryFilter): string {
  const parts = FILTER_KEYS.filter((k) => filter[k] !== undefined).map((k) => `${k} ${filter[k]}`);
  return parts.length ? parts.join(', ') : 'whole registry';
}
