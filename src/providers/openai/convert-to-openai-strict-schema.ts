import { cachedBySchema } from '../../json-schema/schema-cache.js';
import {
  isObjectSchema,
  isSchemaObject,
  moveToDescription,
  someSchemaNode,
  transformSchema,
  withNull,
} from '../../json-schema/schema-walk.js';
import type { JsonSchema } from '../../types/tool.js';

/** Formats OpenAI's strict mode accepts; any other is described instead. */
const supportedFormats = new Set([
  'date-time',
  'time',
  'date',
  'duration',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'uuid',
]);

/** Constraints strict mode rejects but the model should still hear about. */
const describedKeywords = [
  'minLength',
  'maxLength',
  'minProperties',
  'maxProperties',
  'patternProperties',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contains',
  'minContains',
  'maxContains',
  'uniqueItems',
  'default',
  'examples',
];

/** Keywords that change which values are valid in ways strict mode cannot express or describe safely. */
const unexpressible = ['allOf', 'not', 'if', 'then', 'else', 'dependentRequired', 'dependentSchemas'];

/** A schema ready for OpenAI's `response_format.json_schema`. */
export interface OpenAIStrictSchema {
  schema: JsonSchema;
  /** False when the schema cannot be made strict-compatible and is sent as a non-strict hint. */
  strict: boolean;
}

function convertToOpenAIStrictSchema(schema: JsonSchema): OpenAIStrictSchema {
  const { $schema: _dialect, ...body } = schema;
  if (!isObjectSchema(body) || !strictCompatible(body)) return { schema: body, strict: false };
  return { schema: transformSchema(body, strictNode), strict: true };
}

function strictCompatible(schema: JsonSchema): boolean {
  return !someSchemaNode(schema, (node) => {
    if (unexpressible.some((key) => key in node)) return true;
    // An object whose keys are free (a record) cannot be written with additionalProperties: false.
    const additional = node.additionalProperties;
    if (isObjectSchema(node) && additional !== undefined && additional !== false) return true;
    return false;
  });
}

function strictNode(node: JsonSchema): JsonSchema {
  if (Array.isArray(node.oneOf)) {
    node.anyOf = node.oneOf;
    delete node.oneOf;
  }
  const described = [...describedKeywords];
  if (typeof node.format === 'string' && !supportedFormats.has(node.format)) described.push('format');
  moveToDescription(node, described);
  if (!isObjectSchema(node)) return node;
  const properties = isSchemaObject(node.properties) ? node.properties : {};
  const required = new Set(Array.isArray(node.required) ? (node.required as unknown[]) : []);
  const strictProperties: JsonSchema = {};
  for (const name of Object.keys(properties)) {
    const property = properties[name];
    if (!isSchemaObject(property)) continue;
    strictProperties[name] = required.has(name) ? property : withNull(property);
  }
  node.type = 'object';
  node.properties = strictProperties;
  node.required = Object.keys(strictProperties);
  node.additionalProperties = false;
  return node;
}

/**
 * Derives the form OpenAI's strict Structured Outputs accept from a JSON Schema: every property listed in
 * `required`, optional properties made nullable (the caller maps `null` back to an absent field),
 * `additionalProperties: false` on every object, `oneOf` as `anyOf`, and the constraints strict mode
 * rejects (`minLength`, `default`, unsupported `format`s, ...) moved into `description`.
 *
 * A schema that strict mode cannot express at all (an object with open `additionalProperties`, such as
 * a record; `allOf`, `not`, conditionals; a non-object root) is returned unchanged with `strict: false`:
 * the model then treats it as guidance and the local validator remains the authority.
 *
 * @example
 * toOpenAIStrictSchema({ type: 'object', properties: { nick: { type: 'string' } } });
 * // { strict: true, schema: { type: 'object', properties: { nick: { type: ['string', 'null'] } },
 * //   required: ['nick'], additionalProperties: false } }
 */
export const toOpenAIStrictSchema: (schema: JsonSchema) => OpenAIStrictSchema =
  cachedBySchema(convertToOpenAIStrictSchema);
