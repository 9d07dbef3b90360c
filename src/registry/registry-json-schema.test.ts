import { describe, expect, it } from 'vitest';
import { checkJson, isIsoDate, showValue } from './registry-json-schema.js';
import type { JsonSchema } from './registry-json-schema.js';
import { PATIENT_CREATE_SCHEMA, FOLLOWUP_SCHEMA, fieldSchema } from './registry-schemas.js';

const VISIT: JsonSchema = {
  type: 'object',
  required: ['pain'],
  additionalProperties: false,
  properties: {
    pain: { type: ['integer', 'null'], minimum: 0, maximum: 10 },
    drug: { type: 'string', enum: ['none', 'opioid'] },
    on: { type: 'string', format: 'date' },
    tags: { type: 'array', maxItems: 2, items: { type: 'string', minLength: 1, maxLength: 3 } },
  },
};

describe('isIsoDate', () => {
  it('accepts calendar dates written YYYY-MM-DD only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2023-04-31')).toBe(false);
    expect(isIsoDate('2023-2-3')).toBe(false);
    expect(isIsoDate('2023-02-03T00:00')).toBe(false);
  });
});

describe('checkJson', () => {
  const problem = (value: unknown, schema: JsonSchema = VISIT) => checkJson(schema, value);

  it('passes a conforming value', () => {
    expect(problem({ pain: 3, drug: 'none', on: '2024-01-31', tags: ['a', 'bc'] })).toBeNull();
    expect(problem({ pain: null })).toBeNull();
  });

  it('says what is wrong, where, in one sentence', () => {
    expect(problem({ pain: 14 })).toEqual({ path: 'pain', message: '14 is outside 0-10' });
    expect(problem({ pain: 2.5 })).toEqual({ path: 'pain', message: '2.5 is not a whole number' });
    expect(problem({ pain: '3' })).toEqual({ path: 'pain', message: "'3' is not a whole number" });
    expect(problem({})).toEqual({ path: 'pain', message: 'missing value (required)' });
    expect(problem({ pain: 1, pian: 2 })).toEqual({ path: 'pian', message: 'unknown field' });
    expect(problem({ pain: 1, drug: 'aspirin' })).toEqual({
      path: 'drug',
      message: "'aspirin' is not one of none, opioid",
    });
    expect(problem({ pain: 1, on: '2023-02-30' })).toEqual({
      path: 'on',
      message: "'2023-02-30' is not a date (YYYY-MM-DD)",
    });
    expect(problem({ pain: 1, tags: ['a', 'b', 'c'] })).toEqual({
      path: 'tags',
      message: 'more than 2 entries',
    });
    expect(problem({ pain: 1, tags: ['a', ''] })).toEqual({ path: 'tags.1', message: 'must not be empty' });
    expect(problem({ pain: 1, tags: ['abcd'] })).toEqual({
      path: 'tags.0',
      message: 'longer than 3 characters',
    });
    expect(problem([1])).toEqual({ path: '', message: '[1] is not an object' });
    expect(problem(null)).toEqual({ path: '', message: 'a value is required' });
  });

  it('does not take inherited names for fields', () => {
    expect(problem({ pain: 1, constructor: 1 })).toEqual({ path: 'constructor', message: 'unknown field' });
    expect(problem(JSON.parse('{"pain": 1, "__proto__": {"x": 1}}'))).toEqual({
      path: '__proto__',
      message: 'unknown field',
    });
    expect(checkJson({ type: 'object', required: ['toString'] }, {})).toEqual({
      path: 'toString',
      message: 'missing value (required)',
    });
  });

  it('checks nested registry bodies', () => {
    expect(checkJson(FOLLOWUP_SCHEMA, { outcomes: { '3m': { pain: 14 } } })).toEqual({
      path: 'outcomes.3m.pain',
      message: '14 is outside 0-10',
    });
    expect(checkJson(FOLLOWUP_SCHEMA, { outcomes: { '3m': null } })).toBeNull();
    expect(checkJson(FOLLOWUP_SCHEMA, {})).toEqual({ path: '', message: 'nothing given' });
    expect(
      checkJson(PATIENT_CREATE_SCHEMA, { patient_id: 'a\tb', age: 1, sex: 'F', primary: 'x' })?.message,
    ).toBe("'a\tb' is not trimmed text without control characters");
  });

  it('makes optional fields nullable and required ones not', () => {
    expect(fieldSchema({ name: 'n', label: 'N', kind: 'integer', min: 0 }).type).toEqual(['integer', 'null']);
    expect(fieldSchema({ name: 'n', label: 'N', kind: 'integer', required: true }).type).toBe('integer');
    expect(showValue({ a: 'x'.repeat(50) })).toHaveLength(40);
  });
});
