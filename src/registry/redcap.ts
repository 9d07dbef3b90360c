/**
 * REDCap export: a data dictionary (the 18 columns REDCap's Data Dictionary upload expects,
 * in its order) and the matching flat record CSV (one row per patient, first column the
 * record id `patient_id`, coded values as REDCap's raw export writes them). Choice fields use
 * numeric codes (1, 2, ...) with the registry's value in the label; yes/no fields 1/0; dates
 * YYYY-MM-DD (`date_ymd`). A classic (non-longitudinal) project: the procedure forms hold the
 * index (first) procedure and, of its complications, cement extravasation if any, else the
 * first; `procedures_total` and `complications_total` say what else the registry holds.
 * The variables themselves are in redcap-fields.ts.
 */
import type { Choice } from './registry-fields.js';
import { formatCsv } from './registry-cohort-csv.js';
import type { RegistryRecord } from './registry-records.js';
import { redcapFields } from './redcap-fields.js';
import type { RedcapField, RedcapValue } from './redcap-fields.js';

/** Column headers of a REDCap data dictionary, in REDCap's order. */
export const REDCAP_DICTIONARY_COLUMNS = [
  'Variable / Field Name',
  'Form Name',
  'Section Header',
  'Field Type',
  'Field Label',
  'Choices, Calculations, OR Slider Labels',
  'Field Note',
  'Text Validation Type OR Show Slider Number',
  'Text Validation Min',
  'Text Validation Max',
  'Identifier?',
  'Branching Logic (Show field only if...)',
  'Required Field?',
  'Custom Alignment',
  'Question Number (surveys only)',
  'Matrix Group Name',
  'Matrix Ranking?',
  'Field Annotation',
] as const;

/** REDCap's choice text: "1, fluoro: Fluoroscopy | 2, ...". */
export function redcapChoices(choices: readonly Choice[]): string {
  return choices
    .map(
      (c, i) =>
        `${i + 1}, ${c.value === c.label || /^\d+$/.test(c.value) ? c.label : `${c.value}: ${c.label}`}`,
    )
    .join(' | ');
}

/** The data dictionary CSV (header + one row per variable). */
export function formatRedcapDictionary(fields: readonly RedcapField[] = redcapFields()): string {
  const rows: RedcapValue[][] = [[...REDCAP_DICTIONARY_COLUMNS]];
  for (const f of fields) {
    rows.push([
      f.name,
      f.form,
      f.section ?? '',
      f.type,
      f.label,
      f.choices ? redcapChoices(f.choices) : '',
      f.note ?? '',
      f.validation ?? '',
      f.min ?? '',
      f.max ?? '',
      f.identifier ? 'y' : '',
      f.branching ?? '',
      f.required ? 'y' : '',
      '',
      '',
      '',
      '',
      `registry: ${f.source}`,
    ]);
  }
  return formatCsv(rows);
}

/** The flat record CSV: one row per patient, columns in dictionary order. */
export function formatRedcapRecords(
  records: readonly RegistryRecord[],
  fields: readonly RedcapField[] = redcapFields(),
): string {
  const rows: RedcapValue[][] = [fields.map((f) => f.name)];
  for (const r of records) rows.push(fields.map((f) => f.value(r)));
  return formatCsv(rows);
}
