import { cachedBySchema } from '../../json-schema/schema-cache.js';
import { isSchemaObject, moveToDescription } from '../../json-schema/schema-walk.js';
import type { JsonSchema } from '../../types/tool.js';

/** Fields of Gemini's OpenAPI-subset `Schema` kept as they are. */
const keptKeywords = new Set(['description', 'title', 'minItems', 'maxItems', 'minimum', 'maximum']);
/** Formats the OpenAPI subset accepts per type. */
const formatsByType: Readonly<Record<string, ReadonlySet<string>>> = {
  string: new Set(['enum', 'date-time']),
  integer: new Set(['int32', 'int64']),
  number: new Set(['float', 'double']),
};
// Deep enough for any real answer shape; a recursive schema is cut off here rather than looping.
const maxDepth = 12;

function convertToGeminiOpenApiSchema(schema: JsonSchema): JsonSchema {
  const definitions: JsonSchema = {
    ...(isSchemaObject(schema.definitions) ? schema.definitions : {}),
    ...(isSchemaObject(schema.$defs) ? schema.$defs : {}),
  };
  return convertNode(schema, definitions, 0);
}

function convertNode(source: JsonSchema, definitions: JsonSchema, depth: number): JsonSchema {
  let schema = source;
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace(/^#\/(?:\$defs|definitions)\//, '');
    const target = definitions[name];
    const { $ref: _ref, ...siblings } = schema;
    schema = isSchemaObject(target) && depth < maxDepth ? { ...target, ...siblings } : { type: 'object' };
  }
  const node: JsonSchema = {};
  const rest: JsonSchema = {};
  let nullable = false;
  let type = schema.type;
  if (Array.isArray(type)) {
    nullable = type.includes('null');
    const types = type.filter((entry) => entry !== 'null');
    type = types.length === 1 ? types[0] : undefined;
    if (types.length > 1) rest.type = types;
  }
  if (type === 'null') {
    nullable = true;
    type = undefined;
  }
  let branches = Array.isArray(schema.anyOf)
    ? schema.anyOf
    : Array.isArray(schema.oneOf)
      ? schema.oneOf
      : undefined;
  if (branches) {
    const concrete = branches.filter((branch) => !(isSchemaObject(branch) && branch.type === 'null'));
    if (concrete.length < branches.length) nullable = true;
    if (concrete.length === 1 && isSchemaObject(concrete[0])) {
      const only = convertNode(concrete[0], definitions, depth + 1);
      Object.assign(node, only);
      branches = undefined;
    } else branches = concrete;
  }
  if (typeof type === 'string') node.type = type;
  if (branches) {
    node.anyOf = branches.map((branch) =>
      isSchemaObject(branch) ? convertNode(branch, definitions, depth + 1) : branch,
    );
  }
  if (nullable) node.nullable = true;
  const values = 'const' in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : undefined;
  if (values) {
    const strings = values.filter((value) => typeof value === 'string');
    if (strings.length === values.length) {
      node.type = 'string';
      node.enum = strings;
    } else if (strings.length === values.length - 1 && values.includes(null)) {
      node.type = 'string';
      node.enum = strings;
      node.nullable = true;
    } else rest.enum = values;
  }
  if (typeof schema.format === 'string') {
    const allowed = typeof node.type === 'string' ? formatsByType[node.type] : undefined;
    if (allowed?.has(schema.format)) node.format = schema.format;
    else rest.format = schema.format;
  }
  if (isSchemaObject(schema.properties)) {
    const properties: JsonSchema = {};
    for (const name of Object.keys(schema.properties)) {
      const property = schema.properties[name];
      if (isSchemaObject(property)) properties[name] = convertNode(property, definitions, depth + 1);
    }
    node.type ??= 'object';
    node.properties = properties;
    if (Array.isArray(schema.required) && schema.required.length > 0) node.required = [...schema.required];
    node.propertyOrdering = Object.keys(properties);
  }
  if (isSchemaObject(schema.items)) node.items = convertNode(schema.items, definitions, depth + 1);
  for (const key of Object.keys(schema)) {
    if (keptKeywords.has(key)) node[key] = schema[key];
    else if (!handledKeywords.has(key)) rest[key] = schema[key];
  }
  return moveToDescription(Object.assign(node, rest), Object.keys(rest));
}

const handledKeywords = new Set([
  '$ref',
  '$schema',
  '$defs',
  '$comment',
  'definitions',
  'type',
  'anyOf',
  'oneOf',
  'const',
  'enum',
  'format',
  'properties',
  'required',
  'items',
]);

/**
 * Derives Gemini's older `generationConfig.responseSchema` (an OpenAPI 3.0 subset, for models before
 * Gemini 2.5 that lack `responseJsonSchema`) from a JSON Schema: `$ref`s are inlined, a type list or a
 * null branch becomes `nullable: true`, `const` becomes a string `enum`, `propertyOrdering` follows the
 * order of `properties` (those models otherwise order keys alphabetically), and what the subset lacks
 * (`additionalProperties`, string lengths, patterns, unsupported formats, number enums) is moved into
 * `description`.
 *
 * @example
 * toGeminiOpenApiSchema({ type: 'object', properties: { nick: { type: ['string', 'null'] } } });
 * // { type: 'object', properties: { nick: { type: 'string', nullable: true } }, propertyOrdering: ['nick'] }
 */
export const toGeminiOpenApiSchema: (schema: JsonSchema) => JsonSchema = cachedBySchema(
  convertToGeminiOpenApiSchema,
);
