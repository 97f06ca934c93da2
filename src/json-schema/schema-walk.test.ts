import { describe, expect, it } from 'vitest';
import {
  acceptsNull,
  isObjectSchema,
  moveToDescription,
  someSchemaNode,
  transformSchema,
  withNull,
} from './schema-walk.js';

describe('transformSchema', () => {
  it('visits every subschema once, children before parents, without touching the input', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'array', items: { type: 'number' } } },
      anyOf: [{ required: ['a'] }],
      $defs: { c: { type: 'boolean' } },
    };
    const copy = structuredClone(schema);
    const visited: string[] = [];
    const result = transformSchema(schema, (node) => {
      visited.push(String(node.type ?? 'no-type'));
      return { ...node, seen: true };
    });
    expect(visited).toEqual(['string', 'number', 'array', 'boolean', 'no-type', 'object']);
    expect(result.seen).toBe(true);
    expect((result.properties as { b: { items: { seen: boolean } } }).b.items.seen).toBe(true);
    expect(schema).toEqual(copy);
  });

  it('finds a node anywhere with someSchemaNode', () => {
    const schema = { type: 'object', properties: { deep: { type: 'array', items: { not: {} } } } };
    expect(someSchemaNode(schema, (node) => 'not' in node)).toBe(true);
    expect(someSchemaNode(schema, (node) => 'allOf' in node)).toBe(false);
  });
});

describe('withNull and acceptsNull', () => {
  it.each([
    [{ type: 'string' }, { type: ['string', 'null'] }],
    [{ type: ['string', 'number'] }, { type: ['string', 'number', 'null'] }],
    [
      { type: 'string', enum: ['a'] },
      { type: ['string', 'null'], enum: ['a', null] },
    ],
    [{ anyOf: [{ type: 'string' }] }, { anyOf: [{ type: 'string' }, { type: 'null' }] }],
    [{ $ref: '#/$defs/x' }, { anyOf: [{ $ref: '#/$defs/x' }, { type: 'null' }] }],
    [{ const: 'a' }, { anyOf: [{ const: 'a' }, { type: 'null' }] }],
    [{ type: 'null' }, { type: 'null' }],
  ])('%j accepts null as %j', (schema, expected) => {
    expect(withNull(schema)).toEqual(expected);
    expect(acceptsNull(withNull(schema))).toBe(true);
  });

  it('says which nodes accept null already', () => {
    expect(acceptsNull({ type: 'string' })).toBe(false);
    expect(acceptsNull({ enum: ['a', null] })).toBe(true);
    expect(acceptsNull({ oneOf: [{ type: 'integer' }, { type: 'null' }] })).toBe(true);
  });
});

describe('moveToDescription and isObjectSchema', () => {
  it('appends the moved keywords to an existing description', () => {
    expect(
      moveToDescription({ type: 'string', description: 'Name', minLength: 1, x: 2 }, ['minLength', 'absent']),
    ).toEqual({
      type: 'string',
      description: 'Name (Constraints: minLength: 1)',
      x: 2,
    });
  });

  it('recognises object schemas by type or by properties', () => {
    expect(isObjectSchema({ type: 'object' })).toBe(true);
    expect(isObjectSchema({ properties: {} })).toBe(true);
    expect(isObjectSchema({ type: 'array' })).toBe(false);
  });
});
