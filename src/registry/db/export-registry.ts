/**
 * The registry read back for export and analysis: COHORT.csv (the contract's columns; patients
 * without a procedure cannot be written and are counted in `skipped`), REDCap records with
 * their data dictionary, and the `analyze` report of the whole registry or a filtered subset.
 */
import type { Kysely } from 'kysely';
import { InputError } from '../../core/errors.js';
import { analyzeCohort } from '../analyze.js';
import type { AnalyzeReport } from '../analyze.js';
import type { CohortRow } from '../cohort.js';
import { formatCohortCsv } from '../registry-cohort-csv.js';
import { describeFilter, filterRecords } from '../registry-filter.js';
import type { RegistryFilter } from '../registry-filter.js';
import { cohortRowsOf } from '../registry-records.js';
import { formatRedcapDictionary, formatRedcapRecords } from '../redcap.js';
import { loadRegistryRecords } from './load-records.js';
import type { RegistryDatabase } from './schema.js';

type Db = Kysely<RegistryDatabase>;

export type ExportFormat = 'cohort' | 'redcap';

export interface RegistryExport {
  /** COHORT.csv or REDCap record CSV text. */
  csv: string;
  /** REDCap data dictionary CSV (redcap format only). */
  dictionary?: string;
  /** Rows written. */
  patients: number;
  /** Patients left out (cohort format: no procedure). */
  skipped: number;
}

export async function exportRegistry(db: Db, format: ExportFormat): Promise<RegistryExport> {
  const records = await loadRegistryRecords(db);
  if (format === 'redcap') {
    return {
      csv: formatRedcapRecords(records),
      dictionary: formatRedcapDictionary(),
      patients: records.length,
      skipped: 0,
    };
  }
  const { rows, skipped } = cohortRowsOf(records);
  return { csv: formatCohortCsv(rows), patients: rows.length, skipped };
}

/** COHORT rows of the patients a filter selects (with a procedure), numbered as exported. */
export async function loadCohortRows(db: Db, filter: RegistryFilter = {}): Promise<CohortRow[]> {
  const records = filterRecords(await loadRegistryRecords(db), filter);
  return cohortRowsOf(records).rows;
}

/** The `analyze` REPORT of the patients a filter selects; 404 InputError when there are none. */
export async function analyzeRegistry(
  db: Db,
  filter: RegistryFilter = {},
): Promise<{ report: AnalyzeReport; rows: CohortRow[] }> {
  const rows = await loadCohortRows(db, filter);
  if (rows.length === 0)
    throw new InputError(`no patients with a procedure (${describeFilter(filter)})`, {}, 'NOT_FOUND');
  return { report: analyzeCohort(rows), rows };
}
