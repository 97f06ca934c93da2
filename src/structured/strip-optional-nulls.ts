import { acceptsNull, isSchemaObject } from '../json-schema/schema-walk.js';
import type { JsonSchema } from '../types/tool.js';
import { setProperty } from './set-property.js';

// Far deeper than any answer; guards against a recursive schema paired with a hostile answer.
const maxDepth = 64;
const localReference = /^#\/(\$defs|definitions)\/(.+)$/;

/**
 * Turns `null` back into an absent field wherever the schema makes the field optional and does not
 * accept `null` for it: the answer OpenAI's strict mode gives for an optional field it has no value for
 * (strict mode makes every field required and optional ones nullable). A `null` the schema allows is
 * kept. Walks `properties`, `items`, `prefixItems`, `additionalProperties`, local `$ref`s and the first
 * `anyOf`/`oneOf` branch that describes an object. Returns a new value; the input is not changed.
 */
export function stripOptionalNulls(value: unknown, schema: JsonSchema): unknown {
  return strip(value, schema, schema, 0);
}

function strip(value: unknown, schema: JsonSchema, root: JsonSchema, depth: number): unknown {
  if (depth > maxDepth || typeof value !== 'object' || value === null) return value;
  const node = resolve(schema, root);
  if (!node) return value;
  if (Array.isArray(value)) {
    const prefix = Array.isArray(node.prefixItems) ? node.prefixItems : [];
    const items = isSchemaObject(node.items) ? node.items : undefined;
    return value.map((item, index) => {
      const itemSchema = prefix[index] ?? items;
      return isSchemaObject(itemSchema) ? strip(item, itemSchema, root, depth + 1) : item;
    });
  }
  const objectNode = objectBranch(node, root);
  if (!objectNode) return value;
  const properties = isSchemaObject(objectNode.properties) ? objectNode.properties : {};
  const required = Array.isArray(objectNode.required) ? (objectNode.required as unknown[]) : [];
  const additional = isSchemaObject(objectNode.additionalProperties)
    ? objectNode.additionalProperties
    : undefined;
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const fieldSchema = Object.hasOwn(properties, key) ? properties[key] : additional;
    if (!isSchemaObject(fieldSchema)) {
      setProperty(result, key, field);
      continue;
    }
    if (field === null && !required.includes(key) && !acceptsNull(resolve(fieldSchema, root) ?? fieldSchema))
      continue;
    setProperty(result, key, strip(field, fieldSchema, root, depth + 1));
  }
  return result;
}

function objectBranch(node: JsonSchema, root: JsonSchema): JsonSchema | undefined {
  if (isSchemaObject(node.properties) || isSchemaObject(node.additionalProperties)) return node;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = node[key];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) {
      const resolved = isSchemaObject(branch) ? resolve(branch, root) : undefined;
      if (resolved && isSchemaObject(resolved.properties)) return resolved;
    }
  }
  return undefined;
}

/** Follows a local `$ref` (`#/$defs/Name`, `#/definitions/Name`, `#`) to the schema it names. */
function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema | undefined {
  let node: JsonSchema | undefined = schema;
  for (let hops = 0; node && typeof node.$ref === 'string' && hops < 8; hops++) {
    const reference: string = node.$ref as string;
    if (reference === '#') {
      node = root;
      continue;
    }
    const match = localReference.exec(reference);
    const definitions = match ? root[match[1]!] : undefined;
    const target = isSchemaObject(definitions) ? definitions[decodeURIComponent(match![2]!)] : undefined;
    node = isSchemaObject(target) ? target : undefined;
  }
  return node;
}
