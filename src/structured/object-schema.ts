import type { StandardJSONSchemaV1, StandardSchemaV1 } from '@standard-schema/spec';
import { ConfigurationError } from '../errors/configuration-error.js';
import { isObjectSchema, isSchemaObject } from '../json-schema/schema-walk.js';
import type { ObjectSchema, TypedJsonSchema } from '../types/object.js';
import type { JsonSchema } from '../types/tool.js';
import { type ObjectIssue, toJsonPointer } from './object-issue.js';
import { validateJsonSchema } from './validate-json-schema.js';

/**
 * Declares the type of the values a plain JSON Schema accepts, so `completeObject` returns that type.
 * The schema is returned as it is; nothing checks that the type and the schema agree.
 *
 * @example
 * const person = jsonSchema<{ name: string }>({
 *   type: 'object', properties: { name: { type: 'string' } }, required: ['name'],
 * });
 * const { object } = await completeObject(router, { model, messages, schema: person }); // { name: string }
 */
export function jsonSchema<T>(schema: JsonSchema): TypedJsonSchema<T> {
  return schema as TypedJsonSchema<T>;
}

/** The outcome of validating one candidate answer. */
export type SchemaValidation = { ok: true; value: unknown } | { ok: false; issues: ObjectIssue[] };

/** A schema prepared once: what is sent to providers, and how answers are validated. */
export interface ResolvedSchema {
  /** The caller's schema as JSON Schema (the input side of a Standard Schema), without `$schema`. */
  jsonSchema: JsonSchema;
  /**
   * What providers receive: `jsonSchema` itself when it describes an object, else `jsonSchema` wrapped
   * as the `value` property of an object (OpenAI and Anthropic's native modes require an object root).
   */
  sentSchema: JsonSchema;
  /** True when `sentSchema` wraps the answer in `{ value }`. */
  wrapped: boolean;
  /** Validates an (unwrapped) answer, giving the validated output (after a Standard Schema's transforms). */
  validate(value: unknown): Promise<SchemaValidation> | SchemaValidation;
}

const resolvedSchemas = new WeakMap<object, ResolvedSchema>();

/**
 * Prepares a schema for structured output, once per schema object: derives its JSON Schema (a Standard
 * Schema's `~standard.jsonSchema.input`, targeting draft 2020-12) and its validator (the Standard
 * Schema's own `validate`, or ajv for a plain JSON Schema). Throws `ConfigurationError` for a Standard
 * Schema that cannot produce JSON Schema.
 */
export function resolveObjectSchema(schema: ObjectSchema): ResolvedSchema {
  if (!isSchemaObject(schema) && typeof schema !== 'function') {
    throw new ConfigurationError('schema must be a Standard Schema or a JSON Schema object');
  }
  const cached = resolvedSchemas.get(schema);
  if (cached) return cached;
  const resolved = isStandardSchema(schema)
    ? fromStandardSchema(schema)
    : fromJsonSchema(schema as JsonSchema);
  resolvedSchemas.set(schema, resolved);
  return resolved;
}

function isStandardSchema(schema: object): schema is StandardSchemaV1 {
  const standard = (schema as { '~standard'?: unknown })['~standard'];
  return (
    typeof standard === 'object' &&
    standard !== null &&
    typeof (standard as { validate?: unknown }).validate === 'function'
  );
}

function fromStandardSchema(schema: StandardSchemaV1): ResolvedSchema {
  const standard = schema['~standard'] as StandardSchemaV1.Props & Partial<StandardJSONSchemaV1.Props>;
  const convert = standard.jsonSchema?.input;
  if (typeof convert !== 'function') {
    throw new ConfigurationError(
      `The ${standard.vendor} schema cannot describe itself as JSON Schema (no ~standard.jsonSchema). ` +
        'Pass a schema that implements Standard JSON Schema (zod 4, arktype, valibot through ' +
        "@valibot/to-json-schema's toStandardJsonSchema) or a plain JSON Schema.",
    );
  }
  let derived: JsonSchema;
  try {
    derived = convert({ target: 'draft-2020-12' });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(
      `The ${standard.vendor} schema could not be converted to JSON Schema: ${reason}`,
    );
  }
  return prepare(derived, (value) => {
    const result = standard.validate(value);
    return result instanceof Promise ? result.then(fromStandardResult) : fromStandardResult(result);
  });
}

function fromStandardResult(result: StandardSchemaV1.Result<unknown>): SchemaValidation {
  if (!result.issues) return { ok: true, value: result.value };
  return {
    ok: false,
    issues: result.issues.map((issue) => ({ path: toJsonPointer(issue.path ?? []), message: issue.message })),
  };
}

function fromJsonSchema(schema: JsonSchema): ResolvedSchema {
  return prepare(schema, (value) => {
    const issues = validateJsonSchema(schema, value);
    return issues.length === 0 ? { ok: true, value } : { ok: false, issues };
  });
}

function prepare(source: JsonSchema, validate: ResolvedSchema['validate']): ResolvedSchema {
  const { $schema: _dialect, ...jsonSchema } = source;
  if (isObjectSchema(jsonSchema) && !('anyOf' in jsonSchema) && !('oneOf' in jsonSchema)) {
    return { jsonSchema, sentSchema: jsonSchema, wrapped: false, validate };
  }
  // Definitions stay at the root so `#/$defs/...` references still resolve inside the wrapper.
  const { $defs, definitions, ...inner } = jsonSchema;
  const sentSchema: JsonSchema = {
    type: 'object',
    properties: { value: inner },
    required: ['value'],
    additionalProperties: false,
  };
  if ($defs !== undefined) sentSchema.$defs = $defs;
  if (definitions !== undefined) sentSchema.definitions = definitions;
  return { jsonSchema, sentSchema, wrapped: true, validate };
}
