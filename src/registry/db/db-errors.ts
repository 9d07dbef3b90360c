/**
 * Driver errors that mean "the data breaks a rule of the schema" (CHECK, UNIQUE, NOT NULL,
 * foreign key, column type, bad date) turned into InputErrors naming the field, for SQLite
 * (better-sqlite3 `SQLITE_CONSTRAINT_*` codes) and PostgreSQL (SQLSTATE classes 22 and 23).
 * Anything else is not the user's fault and is left alone.
 */
import { InputError } from '../../core/errors.js';
import type { ErrorLocation } from '../../core/errors.js';

interface DriverError {
  code?: unknown;
  message?: unknown;
  constraint?: unknown;
  column?: unknown;
  detail?: unknown;
}

/** Database column names that differ from the API field names. */
const FIELD_OF_COLUMN: Record<string, string> = { primary_site: 'primary', patient_pk: 'patient_id' };

function fieldOf(name: string): string {
  const bare = name.replace(/_check$/, '').replace(/^registry_\w+?\./, '');
  return FIELD_OF_COLUMN[bare] ?? bare;
}

function sqliteError(e: DriverError, where: ErrorLocation): InputError | null {
  const code = String(e.code);
  const message = String(e.message ?? '');
  if (!code.startsWith('SQLITE_CONSTRAINT')) return null;
  const check = /CHECK constraint failed: (\w+)/.exec(message);
  if (check) return violated(fieldOf(check[1]), where);
  const unique = /UNIQUE constraint failed: ([\w.]+)/.exec(message);
  if (unique)
    return new InputError(
      'already used in the registry',
      { ...where, field: fieldOf(unique[1]) },
      'CONFLICT',
    );
  const notNull = /NOT NULL constraint failed: ([\w.]+)/.exec(message);
  if (notNull) return new InputError('missing value (required)', { ...where, field: fieldOf(notNull[1]) });
  const datatype = /cannot store (\w+) value in (\w+) column ([\w.]+)/.exec(message);
  if (datatype) {
    const [, got, want] = datatype;
    return new InputError(`a ${got.toLowerCase()} value where ${want.toLowerCase()} is needed`, {
      ...where,
      field: fieldOf(datatype[3]),
    });
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY')
    return new InputError('refers to a record that does not exist', where, 'NOT_FOUND');
  return new InputError(`the registry refused the change: ${message}`, where);
}

function violated(field: string, where: ErrorLocation): InputError {
  return new InputError('value outside what the registry accepts (database CHECK constraint)', {
    ...where,
    field,
  });
}

function postgresError(e: DriverError, where: ErrorLocation): InputError | null {
  const code = typeof e.code === 'string' ? e.code : '';
  if (!/^2[23][0-9A-Z]{3}$/.test(code)) return null;
  const message = String(e.message ?? '');
  switch (code) {
    case '23514':
      return violated(fieldOf(String(e.constraint ?? 'value')), where);
    case '23505': {
      const key = /Key \((\w+)\)/.exec(String(e.detail ?? ''));
      return new InputError(
        'already used in the registry',
        { ...where, field: fieldOf(key?.[1] ?? 'id') },
        'CONFLICT',
      );
    }
    case '23502':
      return new InputError('missing value (required)', {
        ...where,
        field: fieldOf(String(e.column ?? 'value')),
      });
    case '23503':
      return new InputError('refers to a record that does not exist', where, 'NOT_FOUND');
    default:
      return new InputError(`the registry refused the value: ${message}`, where);
  }
}

/** An InputError for a schema-rule violation, or null when `e` is something else. */
export function registryDbError(e: unknown, where: ErrorLocation = {}): InputError | null {
  if (e === null || typeof e !== 'object' || e instanceof InputError) return null;
  const err = e as DriverError;
  if (typeof err.code !== 'string') return null;
  return err.code.startsWith('SQLITE_') ? sqliteError(err, where) : postgresError(err, where);
}

/** Runs `work`, re-throwing schema-rule violations as InputErrors located at `where`. */
export async function withDbErrors<T>(work: () => Promise<T>, where: ErrorLocation = {}): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw registryDbError(e, where) ?? e;
  }
}
