import { describe, expect, it } from 'vitest';
import { evaluateAnswer } from './evaluate-answer.js';
import { resolveObjectSchema } from './object-schema.js';

const schema = resolveObjectSchema({
  type: 'object',
  properties: { items: { type: 'array', items: { type: 'integer' } }, note: { type: 'string' } },
  required: ['items'],
});
const stop = { unified: 'stop', raw: 'stop' } as const;
const length = { unified: 'length', raw: 'length' } as const;

describe('evaluateAnswer', () => {
  it('accepts a valid answer, with strict-mode nulls for optional fields dropped', async () => {
    expect(
      await evaluateAnswer({ text: '{"items":[1],"note":null}', finishReason: stop, schema, repair: true }),
    ).toEqual({
      ok: true,
      object: { items: [1] },
      repaired: false,
    });
  });

  it('accepts an answer whose closing brackets are missing when it finished normally', async () => {
    expect(await evaluateAnswer({ text: '{"items":[1,2', finishReason: stop, schema, repair: true })).toEqual(
      {
        ok: true,
        object: { items: [1, 2] },
        repaired: true,
      },
    );
  });

  it('rejects the same answer cut off at the token limit: repairing it would invent its end', async () => {
    expect(
      await evaluateAnswer({ text: '{"items":[1,2', finishReason: length, schema, repair: true }),
    ).toEqual({
      ok: false,
      problem: 'truncated',
      issues: [
        {
          path: '',
          message: 'The answer was cut off at the output token limit before the JSON was complete.',
        },
      ],
      repaired: true,
    });
  });

  it('accepts a complete answer even when the limit was reached right after it', async () => {
    const result = await evaluateAnswer({ text: '{"items":[]}', finishReason: length, schema, repair: true });
    expect(result.ok).toBe(true);
  });

  it('reports schema issues', async () => {
    expect(
      await evaluateAnswer({ text: '{"items":["a"]}', finishReason: stop, schema, repair: true }),
    ).toEqual({
      ok: false,
      problem: 'schema',
      issues: [{ path: '/items/0', message: 'must be integer' }],
      repaired: false,
    });
  });

  it('unwraps the { value } wrapper of a non-object schema', async () => {
    const list = resolveObjectSchema({ type: 'array', items: { type: 'string' } });
    expect(
      await evaluateAnswer({ text: '{"value":["a"]}', finishReason: stop, schema: list, repair: true }),
    ).toEqual({
      ok: true,
      object: ['a'],
      repaired: false,
    });
  });
});
