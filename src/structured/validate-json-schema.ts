import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { JsonSchema } from '../types/tool.js';
import type { ObjectIssue } from './object-issue.js';

let draft2020: Ajv2020 | undefined;
let draft07: Ajv | undefined;
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

// ajv-formats is CommonJS; its default export arrives wrapped under some module loaders.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv | Ajv2020) => void;

// Logging is off so an unknown keyword never prints; formats (email, date-time, uuid, ...) are checked.
const ajvOptions = { allErrors: true, strict: false, logger: false } as const;

function withFormats<T extends Ajv | Ajv2020>(ajv: T): T {
  addFormats(ajv);
  return ajv;
}

function compilerFor(schema: JsonSchema): Ajv | Ajv2020 {
  const dialect = typeof schema.$schema === 'string' ? schema.$schema : '';
  if (/draft-0[4-7]/.test(dialect)) {
    draft07 ??= withFormats(new Ajv(ajvOptions));
    return draft07;
  }
  draft2020 ??= withFormats(new Ajv2020(ajvOptions));
  return draft2020;
}

/**
 * Validates a value against a plain JSON Schema (draft 2020-12, or draft-07 when the schema's `$schema`
 * says so). Each schema object is compiled once and the compiled validator cached against it, so a
 * schema declared once and used for every call costs one compilation.
 */
export function validateJsonSchema(schema: JsonSchema, value: unknown): ObjectIssue[] {
  let validate = compiled.get(schema);
  if (!validate) {
    const { $schema: _dialect, ...body } = schema;
    validate = compilerFor(schema).compile(body);
    compiled.set(schema, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map(issueOf);
}

function issueOf(error: ErrorObject): ObjectIssue {
  const params = error.params as Record<string, unknown>;
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    message = `must not have property '${params.additionalProperty}'`;
  } else if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    message = `must be one of ${params.allowedValues.map((value) => JSON.stringify(value)).join(', ')}`;
  }
  return { path: error.instancePath, message };
}
