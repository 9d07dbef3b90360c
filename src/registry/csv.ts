/**
 * RFC 4180 CSV reading as spreadsheets write it: comma separators, CRLF or LF record ends,
 * fields in double quotes may hold commas, line breaks and doubled quotes (""), UTF-8 with an
 * optional byte-order mark. Errors carry the row a spreadsheet would show (first record =
 * row 1; a quoted line break does not start a new row) and the column where known.
 */
import { InputError } from '../core/errors.js';
import { decodeUtf8 } from './utf8.js';

/** One record: its spreadsheet row number (1-based) and its fields. */
export interface CsvRecord {
  row: number;
  fields: string[];
}

export interface CsvOptions {
  /** The first record is a header: errors in later rows name the column (default true). */
  header?: boolean;
}

function where(row: number, field: number, header: string[] | undefined): { row: number; column?: string } {
  const name = row > 1 ? header?.[field]?.trim() : undefined;
  return name ? { row, column: name } : { row };
}

/**
 * Records of `text` in order. A final line break does not make an empty record; an empty line
 * elsewhere is a record with one empty field. Throws InputError on a quote left open or text
 * after a closing quote.
 */
export function* csvRecords(text: string, options: CsvOptions = {}): Generator<CsvRecord> {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let row = 0;
  let header: string[] | undefined;
  while (i < n) {
    row++;
    const fields: string[] = [];
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === 0x22) {
        const startRow = row;
        let parts = '';
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) {
            throw new InputError(
              'a quoted field is not closed before the end of the file',
              where(startRow, fields.length, header),
            );
          }
          parts += text.slice(from, q);
          if (text.charCodeAt(q + 1) === 0x22) {
            parts += '"';
            from = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        value = parts;
        const next = text.charCodeAt(i);
        if (i < n && next !== 0x2c && next !== 0x0a && next !== 0x0d) {
          throw new InputError(
            'unexpected text after a closing quote (a quote inside a field must be doubled)',
            where(row, fields.length, header),
          );
        }
      } else {
        let j = i;
        // A quote inside an unquoted field is kept as a literal character.
        while (j < n) {
          const ch = text.charCodeAt(j);
          if (ch === 0x2c || ch === 0x0a || ch === 0x0d) break;
          j++;
        }
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      const ch = text.charCodeAt(i);
      if (ch === 0x2c) {
        i++;
        if (i >= n) {
          fields.push('');
          break;
        }
        continue;
      }
      if (ch === 0x0d) i += text.charCodeAt(i + 1) === 0x0a ? 2 : 1;
      else if (ch === 0x0a) i++;
      break;
    }
    if (row === 1 && options.header !== false) header = fields;
    yield { row, fields };
  }
}

/** All records of `text` (see csvRecords). */
export function parseCsv(text: string, options: CsvOptions = {}): CsvRecord[] {
  return [...csvRecords(text, options)];
}

/** Spreadsheet row and field index of byte `offset`, by scanning record ends outside quotes. */
export function locateCsvByte(bytes: Uint8Array, offset: number): { row: number; field: number } {
  let row = 1;
  let field = 0;
  let quoted = false;
  let fieldStart = true;
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = bom; i < offset; i++) {
    const b = bytes[i];
    if (quoted) {
      if (b === 0x22) {
        if (bytes[i + 1] === 0x22) i++;
        else quoted = false;
      }
      continue;
    }
    if (b === 0x22 && fieldStart) {
      quoted = true;
      fieldStart = false;
    } else if (b === 0x2c) {
      field++;
      fieldStart = true;
    } else if (b === 0x0a || b === 0x0d) {
      if (b === 0x0d && bytes[i + 1] === 0x0a) i++;
      row++;
      field = 0;
      fieldStart = true;
    } else fieldStart = false;
  }
  return { row, field };
}

/**
 * Decodes CSV bytes as strict UTF-8 and yields their records. A byte that is not UTF-8 gives an
 * InputError (before any record) with its row, the column name when the header names one, and
 * the byte offset.
 */
export function* csvRecordsFromBytes(bytes: Uint8Array, options: CsvOptions = {}): Generator<CsvRecord> {
  const decoded = decodeUtf8(bytes);
  if (decoded.ok) {
    yield* csvRecords(decoded.text, options);
    return;
  }
  const { row, field } = locateCsvByte(bytes, decoded.offset);
  let column: string | undefined;
  if (row > 1 && options.header !== false) {
    const head = decodeUtf8(bytes.subarray(0, decoded.offset));
    if (head.ok) column = csvRecords(head.text).next().value?.fields[field]?.trim();
  }
  const hex = bytes[decoded.offset].toString(16).toUpperCase().padStart(2, '0');
  const loc = column ? { row, column } : { row };
  const inField = column ? '' : ` in field ${field + 1}`;
  throw new InputError(
    `byte 0x${hex} at offset ${decoded.offset}${inField} is not valid UTF-8 (save the file as UTF-8)`,
    loc,
  );
}
