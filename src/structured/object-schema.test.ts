import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { InferObject } from '../types/object.js';
import { jsonSchema, resolveObjectSchema } from './object-schema.js';

describe('resolveObjectSchema', () => {
  it('derives the JSON Schema of a Standard Schema from its input side, without $schema', () => {
    const resolved = resolveObjectSchema(
      z.object({ name: z.string(), tags: z.array(z.string()).default([]) }),
    );
    expect(resolved.jsonSchema).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string' },
        tags: { default: [], type: 'array', items: { type: 'string' } },
      },
      required: ['name'],
    });
    expect(resolved.wrapped).toBe(false);
    expect(resolved.sentSchema).toBe(resolved.jsonSchema);
  });

  it('validates through the Standard Schema, returning its output', async () => {
    const resolved = resolveObjectSchema(z.object({ n: z.coerce.number() }));
    expect(await resolved.validate({ n: '4' })).toEqual({ ok: true, value: { n: 4 } });
    expect(await resolved.validate({ n: 'x' })).toEqual({
      ok: false,
      issues: [{ path: '/n', message: 'Invalid input: expected number, received NaN' }],
    });
  });

  it('validates a plain JSON Schema with ajv', async () => {
    const resolved = resolveObjectSchema({
      type: 'object',
      properties: { a: { type: 'string' } },
      required: ['a'],
    });
    expect(await resolved.validate({})).toEqual({
      ok: false,
      issues: [{ path: '', message: "must have required property 'a'" }],
    });
  });

  it('wraps a non-object root as { value }, keeping $defs at the root', () => {
    const resolved = resolveObjectSchema({
      type: 'array',
      items: { $ref: '#/$defs/item' },
      $defs: { item: { type: 'string' } },
    });
    expect(resolved.wrapped).toBe(true);
    expect(resolved.sentSchema).toEqual({
      type: 'object',
      properties: { value: { type: 'array', items: { $ref: '#/$defs/item' } } },
      required: ['value'],
      additionalProperties: false,
      $defs: { item: { type: 'string' } },
    });
  });

  it('prepares a schema object once', () => {
    const schema = z.object({ a: z.string() });
    expect(resolveObjectSchema(schema)).toBe(resolveObjectSchema(schema));
  });

  it('infers the object type from the schema', () => {
    const schema = z.object({ a: z.string().transform(Number) });
    expectTypeOf<InferObject<typeof schema>>().toEqualTypeOf<{ a: number }>();
    const typed = jsonSchema<{ id: string }>({ type: 'object' });
    expectTypeOf<InferObject<typeof typed>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<InferObject<{ type: 'object' }>>().toEqualTypeOf<unknown>();
  });
});
