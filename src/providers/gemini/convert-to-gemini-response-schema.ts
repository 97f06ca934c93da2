import { cachedBySchema } from '../../json-schema/schema-cache.js';
import { moveToDescription, transformSchema } from '../../json-schema/schema-walk.js';
import type { JsonSchema } from '../../types/tool.js';

/** Keywords Gemini's `responseJsonSchema` documents; every other one is described or dropped. */
const supportedKeywords = new Set([
  '$id',
  '$defs',
  '$ref',
  '$anchor',
  'type',
  'format',
  'title',
  'description',
  'enum',
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'anyOf',
  'properties',
  'additionalProperties',
  'required',
  'propertyOrdering',
]);

/** Keywords that say nothing to the model and are dropped rather than described. */
const droppedKeywords = new Set(['$schema', '$comment', 'definitions']);

function convertToGeminiResponseJsonSchema(schema: JsonSchema): JsonSchema {
  const renamed = renameDefinitions(schema);
  return transformSchema(renamed, (node) => {
    if ('const' in node) {
      node.enum = [node.const];
      delete node.const;
    }
    if (Array.isArray(node.oneOf)) {
      node.anyOf = node.oneOf;
      delete node.oneOf;
    }
    for (const key of droppedKeywords) delete node[key];
    const unsupported = Object.keys(node).filter((key) => !supportedKeywords.has(key));
    return moveToDescription(node, unsupported);
  });
}

/** Draft-07 `definitions` as 2020-12 `$defs`, which is what Gemini resolves references against. */
function renameDefinitions(schema: JsonSchema): JsonSchema {
  if (!('definitions' in schema) || '$defs' in schema) return schema;
  const { definitions, ...rest } = schema;
  const rewritten = JSON.parse(JSON.stringify(rest).replaceAll('"#/definitions/', '"#/$defs/')) as JsonSchema;
  return {
    ...rewritten,
    $defs: JSON.parse(JSON.stringify(definitions).replaceAll('"#/definitions/', '"#/$defs/')),
  };
}

/**
 * Derives the form Gemini's `generationConfig.responseJsonSchema` accepts from a JSON Schema: `const`
 * becomes a one-value `enum`, `oneOf` becomes `anyOf`, `definitions` is renamed `$defs` (with its
 * references), and keywords outside Gemini's documented subset (`minLength`, `pattern`,
 * `exclusiveMinimum`, `multipleOf`, `uniqueItems`, `allOf`, `default`, ...) are moved into
 * `description`, where the model still reads them; the local validator enforces them.
 *
 * @example
 * toGeminiResponseJsonSchema({ type: 'object', properties: { kind: { const: 'user' } } });
 * // { type: 'object', properties: { kind: { enum: ['user'] } } }
 */
export const toGeminiResponseJsonSchema: (schema: JsonSchema) => JsonSchema = cachedBySchema(
  convertToGeminiResponseJsonSchema,
);
