/**
 * Typed errors. A user error (bad file, bad option, bad value) carries where it happened; only
 * the CLI and the server turn it into text: `sacroguide: <file> row 7 column pain_3m: <message>`.
 * Anything else that is thrown is a programming fault and keeps its stack.
 */

export interface ErrorLocation {
  /** File or folder name as the user gave it. */
  file?: string;
  /** 1-based row as a spreadsheet shows it (header = row 1). */
  row?: number;
  column?: string;
  /** DICOM tag, e.g. '(0020,0032) ImagePositionPatient'. */
  tag?: string;
  /** Option, JSON field or header field. */
  field?: string;
}

export type ErrorCode = 'BAD_INPUT' | 'BAD_OPTION' | 'NOT_FOUND' | 'UNSUPPORTED' | 'TOO_LARGE' | 'CONFLICT';

/** An error the user can fix; `status` is the HTTP status the server answers with. */
export class InputError extends Error {
  readonly code: ErrorCode;
  readonly where: ErrorLocation;
  constructor(message: string, where: ErrorLocation = {}, code: ErrorCode = 'BAD_INPUT') {
    super(message);
    this.name = 'InputError';
    this.where = where;
    this.code = code;
  }
  get status(): number {
    switch (this.code) {
      case 'NOT_FOUND':
        return 404;
      case 'TOO_LARGE':
        return 413;
      case 'CONFLICT':
        return 409;
      case 'UNSUPPORTED':
        return 415;
      default:
        return 400;
    }
  }
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}

/** One line: "<file> row R column C tag T field F: message" (parts present only when known). */
export function formatInputError(e: InputError): string {
  const w = e.where;
  const parts: string[] = [];
  if (w.file !== undefined) parts.push(w.file);
  if (w.row !== undefined) parts.push(`row ${w.row}`);
  if (w.column !== undefined) parts.push(`column ${w.column}`);
  if (w.tag !== undefined) parts.push(`tag ${w.tag}`);
  if (w.field !== undefined) parts.push(w.field.startsWith('--') ? `option ${w.field}` : `field ${w.field}`);
  const msg = e.message.replace(/\s*\n\s*/g, ' ');
  return parts.length ? `${parts.join(' ')}: ${msg}` : msg;
}

/** Re-throws `e` as an InputError about `file` unless it already is one. */
export function withFile(e: unknown, file: string, what = 'cannot read'): InputError {
  if (e instanceof InputError) {
    return e.where.file === undefined ? new InputError(e.message, { ...e.where, file }, e.code) : e;
  }
  const m = e instanceof Error ? e.message : String(e);
  return new InputError(`${what}: ${m}`, { file });
}
