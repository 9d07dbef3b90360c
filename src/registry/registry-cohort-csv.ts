/**
 * Writing CSV: RFC 4180 fields (quoted only when they hold a comma, a quote, a line break or
 * leading/trailing spaces; quotes doubled), LF line ends, UTF-8 without a byte-order mark.
 * `formatCohortCsv` writes COHORT.csv with the contract's columns in the contract's order, so
 * reading it back with parseCohortCsv gives the same rows (round trip).
 */
import { PAIN_TIMES } from './cohort.js';
import type { CohortRow } from './cohort.js';

/** The COHORT.csv header, in the contract's order. */
export const COHORT_COLUMNS: readonly string[] = [
  'patient_id',
  'age',
  'sex',
  'primary',
  'guidance',
  'complication',
  'followup_months',
  'died',
  ...PAIN_TIMES.map((t) => `pain_${t}`),
];

/** One CSV field. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of fields to CSV text, one line per row, LF line ends, a final line break. */
export function formatCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  let out = '';
  for (const row of rows) out += row.map(csvField).join(',') + '\n';
  return out;
}

/** COHORT.csv text of `rows` (in their order). */
export function formatCohortCsv(rows: readonly CohortRow[]): string {
  const lines: (string | number | null)[][] = [[...COHORT_COLUMNS]];
  for (const r of rows) {
    lines.push([
      r.patientId,
      r.ageYears,
      r.sex,
      r.primary,
      r.guidance,
      r.complication,
      r.followupMonths,
      r.died,
      ...PAIN_TIMES.map((t) => r.pain[t]),
    ]);
  }
  return formatCsv(lines);
}
