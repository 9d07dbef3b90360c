/**
 * The subset of JSON Schema (draft 2020-12 keywords) the registry API declares, and a checker
 * for it whose messages read like the rest of SacroGuide: the first problem, with the path of
 * the field (`outcomes.3m.pain`) and a plain sentence (`14 is outside 0-10`). Nothing is
 * coerced or removed: an unknown field is an error, not silently dropped.
 */

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

export interface JsonSchema {
  type?: JsonType | readonly JsonType[];
  enum?: readonly (string | number | null)[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** Words for `pattern` in messages ("'x' is not <patternDescription>"). */
  patternDescription?: string;
  /** Only `date`: a calendar date written YYYY-MM-DD. */
  format?: 'date';
  properties?: Readonly<Record<string, JsonSchema>>;
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
  items?: JsonSchema;
  maxItems?: number;
  description?: string;
}

export interface JsonProblem {
  /** Dotted path of the field, '' for the value itself. */
  path: string;
  message: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2023-02-30 is not one). */
export function isIsoDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

function matchesType(value: unknown, type: JsonType): boolean {
  const actual = typeOf(value);
  if (type === 'number') return (actual === 'number' || actual === 'integer') && Number.isFinite(value);
  return actual === type;
}

const TYPE_WORDS: Record<JsonType, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

/** A value as messages show it: text in single quotes, numbers as written. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number') return String(value);
  const json = JSON.stringify(value);
  return json.length > 40 ? `${json.slice(0, 37)}...` : json;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function rangeWords(schema: JsonSchema): string {
  if (schema.minimum !== undefined && schema.maximum !== undefined)
    return `${schema.minimum}-${schema.maximum}`;
  return schema.minimum !== undefined ? `>= ${schema.minimum}` : `<= ${schema.maximum}`;
}

function checkScalar(schema: JsonSchema, value: unknown, path: string): JsonProblem | null {
  const problem = (message: string): JsonProblem => ({ path, message });
  if (schema.enum !== undefined && !schema.enum.includes(value as string | number | null)) {
    const listed = schema.enum.filter((v) => v !== null).join(', ');
    return problem(value === null ? 'a value is required' : `${showValue(value)} is not one of ${listed}`);
  }
  if (typeof value === 'number') {
    if (
      (schema.minimum !== undefined && value < schema.minimum) ||
      (schema.maximum !== undefined && value > schema.maximum)
    )
      return problem(`${value} is outside ${rangeWords(schema)}`);
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength)
      return problem(
        schema.minLength === 1 ? 'must not be empty' : `shorter than ${schema.minLength} characters`,
      );
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      return problem(`longer than ${schema.maxLength} characters`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value))
      return problem(
        `${showValue(value)} is not ${schema.patternDescription ?? `of the form ${schema.pattern}`}`,
      );
    if (schema.format === 'date' && !isIsoDate(value))
      return problem(`${showValue(value)} is not a date (YYYY-MM-DD)`);
  }
  return null;
}

function checkObject(schema: JsonSchema, value: Record<string, unknown>, path: string): JsonProblem | null {
  const properties = schema.properties ?? {};
  for (const key of schema.required ?? []) {
    if (!Object.hasOwn(value, key)) return { path: join(path, key), message: 'missing value (required)' };
  }
  for (const [key, v] of Object.entries(value)) {
    const sub: JsonSchema | boolean | undefined = Object.hasOwn(properties, key)
      ? properties[key]
      : schema.additionalProperties;
    if (sub === false) return { path: join(path, key), message: 'unknown field' };
    if (sub === undefined || sub === true) continue;
    const p = checkJson(sub, v, join(path, key));
    if (p) return p;
  }
  if (schema.minProperties !== undefined && Object.keys(value).length < schema.minProperties)
    return { path, message: 'nothing given' };
  return null;
}

/** The first problem of `value` against `schema`, or null when it conforms. */
export function checkJson(schema: JsonSchema, value: unknown, path = ''): JsonProblem | null {
  if (schema.type !== undefined) {
    const types: readonly JsonType[] = typeof schema.type === 'string' ? [schema.type] : schema.type;
    if (!types.some((t) => matchesType(value, t))) {
      if (value === null || value === undefined) return { path, message: 'a value is required' };
      const words = types.filter((t) => t !== 'null').map((t) => TYPE_WORDS[t]);
      return { path, message: `${showValue(value)} is not ${words.join(' or ')}` };
    }
  }
  const scalar = checkScalar(schema, value, path);
  if (scalar) return scalar;
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      return { path, message: `more than ${schema.maxItems} entries` };
    if (schema.items) {
      for (let i = 0; i < value.length; i++) {
        const p = checkJson(schema.items, value[i], join(path, String(i)));
        if (p) return p;
      }
    }
    return null;
  }
  if (typeOf(value) === 'object') return checkObject(schema, value as Record<string, unknown>, path);
  return null;
}
