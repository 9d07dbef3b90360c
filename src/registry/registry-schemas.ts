/**
 * JSON schemas of the registry API bodies, built from the field table (registry-fields.ts):
 * create bodies need the required fields, update bodies any non-empty subset; unknown fields
 * are refused. Rules between fields live in registry-rules.ts.
 */
import {
  COMPLICATION_FIELDS,
  LESION_FIELDS,
  OUTCOME_FIELDS,
  OUTCOME_TIMES,
  PATIENT_FIELDS,
  PROCEDURE_FIELDS,
} from './registry-fields.js';
import type { FieldSpec } from './registry-fields.js';
import type { JsonSchema } from './registry-json-schema.js';

/** Text without leading or trailing spaces and without control characters. */
export const TRIMMED_TEXT = '^(?!\\s)[^\\p{Cc}]*(?<!\\s)$';
const TRIMMED_WORDS = 'trimmed text without control characters';

/** The JSON schema of one field; null is allowed unless the field is required. */
export function fieldSchema(spec: FieldSpec): JsonSchema {
  const nullable = !spec.required;
  const withNull = <T extends string>(t: T): T | readonly [T, 'null'] => (nullable ? [t, 'null'] : t);
  const described = spec.unit ? `${spec.label} (${spec.unit})` : spec.label;
  switch (spec.kind) {
    case 'text':
      return {
        type: withNull('string'),
        minLength: 1,
        maxLength: spec.maxLength,
        pattern: TRIMMED_TEXT,
        patternDescription: TRIMMED_WORDS,
        description: described,
      };
    case 'date':
      return { type: withNull('string'), format: 'date', description: described };
    case 'integer':
    case 'number':
      return { type: withNull(spec.kind), minimum: spec.min, maximum: spec.max, description: described };
    case 'flag':
      return { type: withNull('integer'), enum: nullable ? [0, 1, null] : [0, 1], description: described };
    case 'choice': {
      const values = (spec.choices ?? []).map((c) => c.value);
      return {
        type: withNull('string'),
        enum: nullable ? [...values, null] : values,
        description: described,
      };
    }
  }
}

/** An object of the given fields; `partial` = update body (no required field, at least one). */
export function objectSchema(
  fields: readonly FieldSpec[],
  options: { partial?: boolean; extra?: Record<string, JsonSchema>; requiredExtra?: string[] } = {},
): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const f of fields) properties[f.name] = fieldSchema(f);
  Object.assign(properties, options.extra ?? {});
  const required = options.partial
    ? []
    : [...fields.filter((f) => f.required).map((f) => f.name), ...(options.requiredExtra ?? [])];
  return {
    type: 'object',
    properties,
    required,
    additionalProperties: false,
    ...(options.partial ? { minProperties: 1 } : {}),
  };
}

const notId = PATIENT_FIELDS.filter((f) => f.name !== 'patient_id');

export const PATIENT_CREATE_SCHEMA = objectSchema(PATIENT_FIELDS);
/** The patient id is the key and does not change. */
export const PATIENT_UPDATE_SCHEMA = objectSchema(notId, { partial: true });

export const LESION_CREATE_SCHEMA = objectSchema(LESION_FIELDS);

export const COMPLICATION_SCHEMA = objectSchema(COMPLICATION_FIELDS);
const complications: JsonSchema = { type: 'array', items: COMPLICATION_SCHEMA, maxItems: 20 };

export const PROCEDURE_CREATE_SCHEMA = objectSchema(PROCEDURE_FIELDS, { extra: { complications } });
/** `complications`, when given, replaces the procedure's list. */
export const PROCEDURE_UPDATE_SCHEMA = objectSchema(PROCEDURE_FIELDS, {
  partial: true,
  extra: { complications },
});

export const OUTCOME_SCHEMA = objectSchema(OUTCOME_FIELDS);
const outcomeProperties: Record<string, JsonSchema> = {};
for (const t of OUTCOME_TIMES) outcomeProperties[t] = { ...OUTCOME_SCHEMA, type: ['object', 'null'] };

/**
 * Follow-up: vital status and outcomes by time point. A time point given as an object replaces
 * the stored one, null removes it, one not given is kept.
 */
export const FOLLOWUP_SCHEMA = objectSchema(
  PATIENT_FIELDS.filter((f) =>
    ['followup_months', 'died', 'death_date', 'last_contact_date'].includes(f.name),
  ),
  {
    partial: true,
    extra: {
      outcomes: { type: 'object', properties: outcomeProperties, additionalProperties: false },
    },
  },
);
