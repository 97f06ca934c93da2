import type { JsonSchema } from '../types/tool.js';

/** Keywords whose value is a map of name → subschema. */
const schemaMaps = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;
/** Keywords whose value is one subschema. */
const schemaSingles = [
  'additionalProperties',
  'items',
  'additionalItems',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
] as const;
/** Keywords whose value is a list of subschemas. */
const schemaLists = ['anyOf', 'oneOf', 'allOf', 'prefixItems', 'items'] as const;

/** True for a JSON object (a schema or a map), false for arrays, booleans and primitives. */
export function isSchemaObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Rebuilds a schema bottom-up: every subschema (under `properties`, `items`, `anyOf`, `$defs`, ...) is
 * transformed first, then `transformNode` receives a fresh copy of the node with its transformed
 * children. The input is never mutated, so a caller's schema object can be cached and reused.
 */
export function transformSchema(
  schema: JsonSchema,
  transformNode: (node: JsonSchema) => JsonSchema,
): JsonSchema {
  const node: JsonSchema = { ...schema };
  for (const key of schemaMaps) {
    const map = node[key];
    if (!isSchemaObject(map)) continue;
    const rebuilt: JsonSchema = {};
    for (const name of Object.keys(map)) {
      const child = map[name];
      rebuilt[name] = isSchemaObject(child) ? transformSchema(child, transformNode) : child;
    }
    node[key] = rebuilt;
  }
  for (const key of schemaSingles) {
    const child = node[key];
    if (isSchemaObject(child)) node[key] = transformSchema(child, transformNode);
  }
  for (const key of schemaLists) {
    const list = node[key];
    if (!Array.isArray(list)) continue;
    node[key] = list.map((child) => (isSchemaObject(child) ? transformSchema(child, transformNode) : child));
  }
  return transformNode(node);
}

/** True when some node of the schema satisfies `test` (the root included). */
export function someSchemaNode(schema: JsonSchema, test: (node: JsonSchema) => boolean): boolean {
  let found = false;
  transformSchema(schema, (node) => {
    if (!found && test(node)) found = true;
    return node;
  });
  return found;
}

/** True for a schema that describes a JSON object. */
export function isObjectSchema(schema: JsonSchema): boolean {
  const type = schema.type;
  if (type === 'object') return true;
  return type === undefined && isSchemaObject(schema.properties);
}

/**
 * Removes `keys` from a schema node and states them in its `description` instead, so a provider that
 * rejects the keywords still tells the model about the constraint (the local validator enforces it).
 */
export function moveToDescription(node: JsonSchema, keys: Iterable<string>): JsonSchema {
  const moved: string[] = [];
  for (const key of keys) {
    if (!(key in node)) continue;
    moved.push(`${key}: ${JSON.stringify(node[key])}`);
    delete node[key];
  }
  if (moved.length === 0) return node;
  const constraints = `Constraints: ${moved.join(', ')}`;
  const existing = typeof node.description === 'string' && node.description !== '' ? node.description : '';
  node.description = existing === '' ? constraints : `${existing} (${constraints})`;
  return node;
}

/** True when a node already accepts `null`. */
export function acceptsNull(node: JsonSchema): boolean {
  const type = node.type;
  if (type === 'null') return true;
  if (Array.isArray(type) && type.includes('null')) return true;
  if (Array.isArray(node.enum) && node.enum.includes(null)) return true;
  if ('const' in node && node.const === null) return true;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = node[key];
    if (Array.isArray(list) && list.some((branch) => isSchemaObject(branch) && acceptsNull(branch)))
      return true;
  }
  return false;
}

/**
 * A node that also accepts `null`: `type` gains `"null"` (and `enum` gains `null`) where the node has
 * a plain type, an `anyOf` gains a null branch, anything else (a `$ref`, `const`, no type) becomes
 * `anyOf: [node, { type: "null" }]`.
 */
export function withNull(node: JsonSchema): JsonSchema {
  if (acceptsNull(node)) return node;
  const type = node.type;
  const plainType = typeof type === 'string' || Array.isArray(type);
  if (plainType && !('$ref' in node) && !('const' in node) && !('anyOf' in node) && !('oneOf' in node)) {
    const nullable: JsonSchema = { ...node, type: Array.isArray(type) ? [...type, 'null'] : [type, 'null'] };
    if (Array.isArray(node.enum)) nullable.enum = [...node.enum, null];
    return nullable;
  }
  if (
    Array.isArray(node.anyOf) &&
    Object.keys(node).every((key) => key === 'anyOf' || key === 'description')
  ) {
    return { ...node, anyOf: [...node.anyOf, { type: 'null' }] };
  }
  return { anyOf: [node, { type: 'null' }] };
}
