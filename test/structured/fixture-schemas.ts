import type { JsonSchema } from '../../src/types/tool.js';

/** Optional fields, an enum, a nested object and an array of objects: the everyday shape. */
export const orderSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'shipped', 'delivered'] },
    note: { type: 'string' },
    customer: {
      type: 'object',
      properties: { name: { type: 'string' }, email: { type: 'string' } },
      required: ['name'],
    },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: { sku: { type: 'string' }, quantity: { type: 'integer' }, gift: { type: 'boolean' } },
        required: ['sku', 'quantity'],
      },
    },
  },
  required: ['id', 'status', 'customer', 'items'],
};

/** A valid order without its optional fields. */
export const order = {
  id: 'A-1',
  status: 'shipped',
  customer: { name: 'Ada' },
  items: [{ sku: 'X', quantity: 2 }],
};

/** Keywords some provider rejects: lengths, patterns, bounds, formats, uniqueness, const, oneOf. */
export const profileSchema: JsonSchema = {
  type: 'object',
  properties: {
    handle: { type: 'string', minLength: 3, maxLength: 20, pattern: '^[a-z0-9_]+$' },
    age: { type: 'integer', minimum: 13, exclusiveMaximum: 130 },
    website: { type: 'string', format: 'uri' },
    tags: { type: 'array', items: { type: 'string' }, minItems: 2, uniqueItems: true },
    kind: { const: 'person' },
    contact: {
      oneOf: [
        { type: 'object', properties: { email: { type: 'string', format: 'email' } }, required: ['email'] },
        { type: 'object', properties: { phone: { type: 'string' } }, required: ['phone'] },
      ],
    },
  },
  required: ['handle', 'age', 'tags', 'kind', 'contact'],
};

/** A valid profile. */
export const profile = {
  handle: 'ada_l',
  age: 36,
  tags: ['math', 'engines'],
  kind: 'person',
  contact: { email: 'ada@example.com' },
};
