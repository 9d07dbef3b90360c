import { describe, expect, it } from 'vitest';
import { InputError, formatInputError } from '../core/errors.js';
import { csvRecordsFromBytes, locateCsvByte, parseCsv } from './csv.js';
import { firstInvalidUtf8 } from './utf8.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const fields = (text: string): string[][] => parseCsv(text).map((r) => r.fields);

function errorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('parseCsv (RFC 4180)', () => {
  it('splits LF and CRLF records, no record after the final line break', () => {
    expect(fields('a,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fields('a,b\r\n1,2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fields('a,b\r\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const r = parseCsv('id,note\r\n1,"a, ""b""\r\nc"\r\n2,x\r\n');
    expect(r.map((x) => x.fields)).toEqual([
      ['id', 'note'],
      ['1', 'a, "b"\r\nc'],
      ['2', 'x'],
    ]);
    // Spreadsheet rows: the quoted line break does not start a row.
    expect(r.map((x) => x.row)).toEqual([1, 2, 3]);
  });

  it('keeps empty fields, empty lines and a trailing comma', () => {
    expect(fields('a,,c\n\n,\nx,')).toEqual([['a', '', 'c'], [''], ['', ''], ['x', '']]);
    expect(fields('""\n')).toEqual([['']]);
  });

  it('drops a byte-order mark', () => {
    expect(fields('\ufeffa,b\n')).toEqual([['a', 'b']]);
  });

  it('keeps a quote inside an unquoted field literally', () => {
    expect(fields('5\'10",x\n')).toEqual([['5\'10"', 'x']]);
  });

  it('refuses an unclosed quote and text after a closing quote, naming row and column', () => {
    const open = errorOf(() => parseCsv('a,b\n1,2\n3,"open\n'));
    expect(formatInputError(open)).toBe(
      'row 3 column b: a quoted field is not closed before the end of the file',
    );
    const after = errorOf(() => parseCsv('a,b\n"x"y,2\n'));
    expect(formatInputError(after)).toMatch(/^row 2 column a: unexpected text after a closing quote/);
  });
});

describe('strict UTF-8', () => {
  it('finds the first invalid byte (lone continuation, overlong, surrogate, truncated)', () => {
    expect(firstInvalidUtf8(bytes('héllo ✓ 𝄞'))).toBe(-1);
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0xc0, 0xaf]))).toBe(0);
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0xed, 0xa0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0x42, 0xe2, 0x82]))).toBe(2);
    expect(firstInvalidUtf8(new Uint8Array([0xf5, 0x80, 0x80, 0x80]))).toBe(0);
  });

  it('locates a byte by spreadsheet row and field, quotes and CRLF included', () => {
    const b = bytes('a,b,c\r\n1,"x\r\ny",z\r\n2,3,4');
    const at = b.length - 1; // the '4'
    expect(locateCsvByte(b, at)).toEqual({ row: 3, field: 2 });
  });

  it('names the row and column of a Latin-1 byte', () => {
    const b = new Uint8Array([...bytes('id,primary\n1,lung\n2,'), 0xe9, ...bytes('sophagus\n')]);
    const e = errorOf(() => [...csvRecordsFromBytes(b)]);
    expect(formatInputError(e)).toBe(
      'row 3 column primary: byte 0xE9 at offset 20 is not valid UTF-8 (save the file as UTF-8)',
    );
  });

  it('decodes a BOM + CRLF + quoted file', () => {
    const b = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('a,b\r\n"1,5",ü\r\n')]);
    expect([...csvRecordsFromBytes(b)].map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1,5', 'ü'],
    ]);
  });
});
