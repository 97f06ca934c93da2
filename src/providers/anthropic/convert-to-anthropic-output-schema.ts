import { cachedBySchema } from '../../json-schema/schema-cache.js';
import {
  isObjectSchema,
  isSchemaObject,
  moveToDescription,
  someSchemaNode,
  transformSchema,
} from '../../json-schema/schema-walk.js';
import type { JsonSchema } from '../../types/tool.js';

/** Formats Anthropic's structured outputs accept; any other is described instead. */
const supportedFormats = new Set([
  'date-time',
  'time',
  'date',
  'duration',
  'email',
  'hostname',
  'uri',
  'ipv4',
  'ipv6',
  'uuid',
]);

/** Constraints Anthropic's structured outputs reject but the model should still hear about. */
const describedKeywords = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'maxItems',
  'uniqueItems',
  'contains',
  'minContains',
  'maxContains',
  'minProperties',
  'maxProperties',
  'patternProperties',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
];

const unexpressible = ['not', 'if', 'then', 'else', 'dependentRequired', 'dependentSchemas'];

// Lookaround and backreferences are outside the regex subset Anthropic compiles into its grammar.
const unsupportedPattern = /\(\?<?[=!]|\\[1-9]/;

function convertToAnthropicOutputSchema(schema: JsonSchema): JsonSchema | undefined {
  const { $schema: _dialect, ...body } = schema;
  if (!isObjectSchema(body) || !expressible(body) || isRecursive(body)) return undefined;
  return transformSchema(body, outputNode);
}

function expressible(schema: JsonSchema): boolean {
  return !someSchemaNode(schema, (node) => {
    if (unexpressible.some((key) => key in node)) return true;
    const additional = node.additionalProperties;
    return isObjectSchema(node) && additional !== undefined && additional !== false;
  });
}

function outputNode(node: JsonSchema): JsonSchema {
  if (Array.isArray(node.oneOf)) {
    node.anyOf = node.oneOf;
    delete node.oneOf;
  }
  const described = [...describedKeywords];
  if (typeof node.format === 'string' && !supportedFormats.has(node.format)) described.push('format');
  if (typeof node.pattern === 'string' && unsupportedPattern.test(node.pattern)) described.push('pattern');
  if (typeof node.minItems === 'number' && node.minItems > 1) described.push('minItems');
  moveToDescription(node, described);
  if (isObjectSchema(node)) node.additionalProperties = false;
  return node;
}

/** True when a `$ref` leads back to a definition on its own path (or to the root). */
function isRecursive(schema: JsonSchema): boolean {
  const definitions = new Map<string, JsonSchema>();
  for (const key of ['$defs', 'definitions'] as const) {
    const map = schema[key];
    if (!isSchemaObject(map)) continue;
    for (const name of Object.keys(map)) {
      const definition = map[name];
      if (isSchemaObject(definition)) definitions.set(`#/${key}/${name}`, definition);
    }
  }
  const referencesOf = (node: JsonSchema): string[] => {
    const references: string[] = [];
    someSchemaNode(node, (child) => {
      if (typeof child.$ref === 'string') references.push(child.$ref);
      return false;
    });
    return references;
  };
  const visiting = new Set<string>();
  const done = new Set<string>();
  const cycles = (reference: string): boolean => {
    if (reference === '#') return true;
    if (done.has(reference)) return false;
    if (visiting.has(reference)) return true;
    const definition = definitions.get(reference);
    if (!definition) return false;
    visiting.add(reference);
    const found = referencesOf(definition).some(cycles);
    visiting.delete(reference);
    done.add(reference);
    return found;
  };
  const { $defs: _defs, definitions: _definitions, ...root } = schema;
  return referencesOf(root).some(cycles) || [...definitions.keys()].some(cycles);
}

/**
 * Derives the form Anthropic's native structured outputs (`output_config.format`) accept from a JSON
 * Schema: `additionalProperties: false` on every object, `oneOf` as `anyOf`, and the constraints it
 * rejects (numeric bounds, string lengths, `minItems` above 1, lookaround patterns, unsupported
 * `format`s) moved into `description`. Optional properties stay optional: Anthropic accepts them.
 *
 * Returns `undefined` for a schema the native mode cannot express (open `additionalProperties`,
 * recursion, `not`, conditionals); the adapter then asks through a forced tool, which takes any schema.
 *
 * @example
 * toAnthropicOutputSchema({ type: 'object', properties: { age: { type: 'integer', minimum: 0 } } });
 * // { type: 'object', properties: { age: { type: 'integer', description: 'Constraints: minimum: 0' } },
 * //   additionalProperties: false }
 */
export const toAnthropicOutputSchema: (schema: JsonSchema) => JsonSchema | undefined = cachedBySchema(
  convertToAnthropicOutputSchema,
);
