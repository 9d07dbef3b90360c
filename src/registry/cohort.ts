/**
 * COHORT.csv (contract: `analyze` in CONTRACTS.md) read into typed, validated rows. Columns
 * are matched by header name in any order (trimmed, case-insensitive); extra columns are
 * ignored. Every error is an InputError naming the file, the spreadsheet row (header = row 1)
 * and the column, e.g. `cohort.csv row 7 column pain_3m: 14 is outside 0-10`.
 */
import { InputError, withFile } from '../core/errors.js';
import { csvRecords, csvRecordsFromBytes } from './csv.js';
import type { CsvRecord } from './csv.js';

/** Guidance set-ups, simplest first. */
export const GUIDANCE_LEVELS = ['fluoro', 'ct_fluoro', 'ct_fluoro_oarm', 'ct_fluoro_seg3d'] as const;
export type Guidance = (typeof GUIDANCE_LEVELS)[number];

/** Pain time points, as the suffix of their `pain_` column. */
export const PAIN_TIMES = ['baseline', '2w', '3m', '6m', '12m', '24m'] as const;
export type PainTime = (typeof PAIN_TIMES)[number];

/** The complication value that marks cement extravasation. */
export const EXTRAVASATION = 'cement_extravasation';

/** One patient of the cohort. */
export interface CohortRow {
  /** Spreadsheet row of the patient in its file (header = row 1). */
  row: number;
  patientId: string;
  ageYears: number;
  sex: 'F' | 'M';
  primary: string;
  guidance: Guidance;
  /** `none`, `cement_extravasation` or other free text, as written (trimmed). */
  complication: string;
  followupMonths: number;
  /** 1 = died (event), 0 = alive at last follow-up (censored). */
  died: 0 | 1;
  /** NRS pain 0-10 at each time point; null = missing. */
  pain: Record<PainTime, number | null>;
}

const REQUIRED = [
  'patient_id',
  'age',
  'sex',
  'primary',
  'guidance',
  'complication',
  'followup_months',
  'died',
] as const;
const PAIN_COLUMNS = PAIN_TIMES.map((t) => `pain_${t}`);
const ALL_COLUMNS: readonly string[] = [...REQUIRED, ...PAIN_COLUMNS];
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

type Where = { file: string; row: number; column: string };

function parseNumber(text: string, w: Where): number {
  if (!NUMBER.test(text)) throw new InputError(`'${text}' is not a number`, w);
  const v = Number(text);
  // 1e999 matches the pattern but is Infinity: it would poison every mean and the database.
  if (!Number.isFinite(v)) throw new InputError(`'${text}' is too large to be a number`, w);
  return v;
}

function inRange(text: string, w: Where, range: { min: number; max?: number; integer?: boolean }): number {
  const v = parseNumber(text, w);
  const label = range.max === undefined ? `>= ${range.min}` : `${range.min}-${range.max}`;
  if (v < range.min || (range.max !== undefined && v > range.max))
    throw new InputError(`${text} is outside ${label}`, w);
  if (range.integer && !Number.isInteger(v))
    throw new InputError(`${text} is not a whole number ${label}`, w);
  return v;
}

/** Maps lower-cased header names to field indexes; refuses missing and repeated columns. */
function headerIndex(header: CsvRecord, file: string): Map<string, number> {
  const index = new Map<string, number>();
  header.fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (!ALL_COLUMNS.includes(name)) return;
    if (index.has(name)) {
      throw new InputError(`the column appears twice (fields ${(index.get(name) ?? 0) + 1} and ${i + 1})`, {
        file,
        row: 1,
        column: name,
      });
    }
    index.set(name, i);
  });
  for (const name of ALL_COLUMNS) {
    if (!index.has(name))
      throw new InputError('required column is missing from the header', { file, row: 1, column: name });
  }
  return index;
}

function isBlank(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === '');
}

/** One data record to a CohortRow (throws InputError at the first bad value). */
function toRow(
  record: CsvRecord,
  ctx: { file: string; index: Map<string, number>; width: number },
): CohortRow {
  const { file, index } = ctx;
  const { row, fields } = record;
  for (let i = ctx.width; i < fields.length; i++) {
    if (fields[i].trim() !== '') {
      throw new InputError(`${fields.length} values but the header has ${ctx.width} columns`, { file, row });
    }
  }
  const cell = (column: string): { text: string; w: Where } => ({
    text: (fields[index.get(column) as number] ?? '').trim(),
    w: { file, row, column },
  });
  const required = (column: string): { text: string; w: Where } => {
    const c = cell(column);
    if (c.text === '') throw new InputError('missing value (required in every row)', c.w);
    return c;
  };
  const id = required('patient_id');
  const age = required('age');
  const sex = required('sex');
  const sexValue = sex.text.toUpperCase();
  if (sexValue !== 'F' && sexValue !== 'M') throw new InputError(`'${sex.text}' is not F or M`, sex.w);
  const primary = required('primary');
  const guidance = required('guidance');
  const guidanceValue = guidance.text.toLowerCase() as Guidance;
  if (!GUIDANCE_LEVELS.includes(guidanceValue)) {
    throw new InputError(`'${guidance.text}' is not one of ${GUIDANCE_LEVELS.join(', ')}`, guidance.w);
  }
  const complication = required('complication');
  const lower = complication.text.toLowerCase();
  const followup = required('followup_months');
  const died = required('died');
  const diedValue = NUMBER.test(died.text) ? Number(died.text) : NaN;
  if (diedValue !== 0 && diedValue !== 1) throw new InputError(`'${died.text}' is not 0 or 1`, died.w);
  const pain = {} as Record<PainTime, number | null>;
  for (const t of PAIN_TIMES) {
    const c = cell(`pain_${t}`);
    pain[t] = c.text === '' ? null : inRange(c.text, c.w, { min: 0, max: 10, integer: true });
  }
  return {
    row,
    patientId: id.text,
    ageYears: inRange(age.text, age.w, { min: 0, max: 120 }),
    sex: sexValue,
    primary: primary.text,
    guidance: guidanceValue,
    complication: lower === 'none' || lower === EXTRAVASATION ? lower : complication.text,
    followupMonths: inRange(followup.text, followup.w, { min: 0 }),
    died: diedValue === 1 ? 1 : 0,
    pain,
  };
}

/**
 * Reads a cohort from CSV bytes (strict UTF-8, optional BOM, CRLF or LF, RFC 4180 quoting).
 * `file` is the name used in errors. Blank rows are skipped but counted in row numbers.
 */
export function parseCohortCsv(bytes: Uint8Array, options: { file: string }): CohortRow[] {
  const { file } = options;
  try {
    return rowsOf(csvRecordsFromBytes(bytes), file);
  } catch (e) {
    throw withFile(e, file);
  }
}

/** Same as parseCohortCsv for text already decoded (a leading BOM is ignored). */
export function parseCohortText(text: string, options: { file: string }): CohortRow[] {
  const { file } = options;
  try {
    return rowsOf(csvRecords(text), file);
  } catch (e) {
    throw withFile(e, file);
  }
}

function rowsOf(records: Iterable<CsvRecord>, file: string): CohortRow[] {
  let index: Map<string, number> | undefined;
  let width = 0;
  const rows: CohortRow[] = [];
  const seen = new Map<string, number>();
  for (const record of records) {
    if (!index) {
      if (isBlank(record.fields)) throw new InputError('the header row is empty', { file, row: 1 });
      index = headerIndex(record, file);
      width = record.fields.length;
      continue;
    }
    if (isBlank(record.fields)) continue;
    const r = toRow(record, { file, index, width });
    const first = seen.get(r.patientId);
    if (first !== undefined) {
      throw new InputError(`'${r.patientId}' is already used in row ${first}`, {
        file,
        row: r.row,
        column: 'patient_id',
      });
    }
    seen.set(r.patientId, r.row);
    rows.push(r);
  }
  if (!index) throw new InputError('the file is empty (no header row)', { file });
  if (rows.length === 0) throw new InputError('no patient rows after the header', { file });
  return rows;
}
