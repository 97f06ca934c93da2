import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createRouter, type StreamPart } from '../../src/index.js';
import { openai } from '../../src/providers/index.js';
import { ObjectValidationError, type PartialObject, streamObject } from '../../src/structured/index.js';
import {
  type FakeProviderServer,
  MockProvider,
  type MockStep,
  mockStep,
  startFakeProviderServer,
} from '../../src/testing/index.js';
import { order, orderSchema } from './fixture-schemas.js';

const messages = [{ role: 'user' as const, content: 'Extract the order.' }];

/** A stream step that sends `text` in the given pieces, then finishes. */
function pieces(...texts: string[]): MockStep {
  const parts: StreamPart[] = texts.map((text) => ({ type: 'text-delta', text }));
  parts.push({
    type: 'finish',
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
  });
  return mockStep.stream(parts);
}

function routerWith(...script: MockStep[]) {
  const primary = new MockProvider({ name: 'primary', models: ['m'], script });
  const backup = new MockProvider({ name: 'backup', models: ['b'], fallback: pieces(JSON.stringify(order)) });
  const router = createRouter({ providers: { primary, backup }, fallbacks: ['backup'] });
  return { primary, backup, router };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const values: T[] = [];
  for await (const value of iterable) values.push(value);
  return values;
}

describe('streamObject', () => {
  it('yields partial objects in order, only when they change, the last equal to the final object', async () => {
    const { router } = routerWith(
      pieces(
        '{"id": "A',
        '-1", "status": "sh',
        'ipped", "cust',
        'omer": {"name": "Ada"}, ',
        '"items": [{"sku": "X", "quantity": 2}]}',
      ),
    );
    const stream = streamObject(router, { model: 'm', messages, schema: orderSchema });
    const partials = await collect(stream);
    expect(partials).toEqual([
      { id: 'A' },
      { id: 'A-1', status: 'sh' },
      { id: 'A-1', status: 'shipped' },
      { id: 'A-1', status: 'shipped', customer: { name: 'Ada' } },
      { id: 'A-1', status: 'shipped', customer: { name: 'Ada' }, items: [{ sku: 'X', quantity: 2 }] },
    ]);
    const { object, response } = await stream.result;
    expect(object).toEqual(order);
    expect(partials.at(-1)).toEqual(object);
    expect(response.trail.map((attempt) => [attempt.provider, attempt.outcome])).toEqual([
      ['primary', 'success'],
    ]);
  });

  it('ends with the validated object when it differs from the last partial (strict-mode nulls dropped)', async () => {
    const { router } = routerWith(pieces(JSON.stringify({ ...order, note: null })));
    const partials = await collect(streamObject(router, { model: 'm', messages, schema: orderSchema }));
    expect(partials).toEqual([{ ...order, note: null }, order]);
  });

  it('re-asks an answer rejected before any partial object was delivered', async () => {
    const { router, primary } = routerWith(pieces('I cannot do that.'), pieces(JSON.stringify(order)));
    const stream = streamObject(router, { model: 'm', messages, schema: orderSchema });
    const partials = await collect(stream);
    expect(partials).toEqual([order]);
    expect(primary.calls).toHaveLength(2);
    expect(stream.trail.map((attempt) => attempt.structured)).toEqual([['schema_invalid'], ['reasked']]);
  });

  it('ends with ObjectValidationError when an answer already shown in part does not validate', async () => {
    const wrong = JSON.stringify({ ...order, id: 7 });
    const { router, primary, backup } = routerWith(pieces(wrong));
    const stream = streamObject(router, { model: 'm', messages, schema: orderSchema });
    const partials: unknown[] = [];
    const error = await (async () => {
      for await (const partial of stream) partials.push(partial);
    })().catch((thrown: unknown) => thrown);
    expect(partials).toEqual([{ ...order, id: 7 }]);
    expect(error).toBeInstanceOf(ObjectValidationError);
    expect((error as ObjectValidationError).text).toBe(wrong);
    await expect(stream.result).rejects.toBe(error);
    expect(primary.calls).toHaveLength(1);
    expect(backup.calls).toHaveLength(0);
  });

  it('falls back when a stream fails before any partial object, and not after', async () => {
    const before = routerWith(mockStep.stream([{ type: 'text-delta', text: 'Thinking' }], { failAfter: 1 }));
    const partials = await collect(
      streamObject(before.router, { model: 'm', messages, schema: orderSchema }),
    );
    expect(partials.at(-1)).toEqual(order);
    expect(before.backup.calls).toHaveLength(1);

    const after = routerWith(
      mockStep.stream([{ type: 'text-delta', text: '{"id": "A-1",' }], { failAfter: 1 }),
    );
    const stream = streamObject(after.router, { model: 'm', messages, schema: orderSchema });
    await expect(collect(stream)).rejects.toMatchObject({ name: 'StreamInterruptedError' });
    expect(after.backup.calls).toHaveLength(0);
  });

  it('aborts the upstream request and rejects result when the consumer stops reading', async () => {
    const { router, primary } = routerWith(pieces('{"id": "A-1", ', '"status": "shipped"', ', "items": []}'));
    const stream = streamObject(router, { model: 'm', messages, schema: orderSchema });
    for await (const partial of stream) {
      expect(partial).toEqual({ id: 'A-1' });
      break;
    }
    await expect(stream.result).rejects.toMatchObject({ kind: 'cancelled' });
    expect(primary.calls[0]!.aborted).toBe(true);
  });

  it('unwraps partial objects of a non-object schema and types them', async () => {
    const { z } = await import('zod');
    const { router } = routerWith(pieces('{"value": ["a",', ' "b"]}'));
    const stream = streamObject(router, { model: 'm', messages, schema: z.array(z.string()) });
    expectTypeOf(stream).toEqualTypeOf<import('../../src/structured/index.js').ObjectStream<string[]>>();
    const partials: PartialObject<string[]>[] = await collect(stream);
    expect(partials).toEqual([['a'], ['a', 'b']]);
  });

  it('can be awaited without iterating', async () => {
    const { router } = routerWith(pieces(JSON.stringify(order)));
    const { object } = await streamObject(router, { model: 'm', messages, schema: orderSchema }).result;
    expect(object).toEqual(order);
  });
});

describe('streamObject over a real adapter and a 2,000-part stream', () => {
  let server: FakeProviderServer;
  beforeAll(async () => {
    server = await startFakeProviderServer({ recordRequests: false });
  });
  afterAll(() => server.close());

  it('delivers partial objects in order and ends with the final object', async () => {
    const items = Array.from({ length: 40 }, (_, index) => ({ sku: `SKU-${index}`, quantity: index + 1 }));
    const big = { ...order, note: 'n'.repeat(900), items };
    const text = JSON.stringify(big);
    // One character a part: 2,000-odd parts.
    server.upstream('big').enqueue({ type: 'reply', text, chunkSize: 1 });
    const router = createRouter({
      providers: { big: openai({ apiKey: 'test', baseURL: server.upstream('big').baseURL('openai') }) },
      modelMap: { 'gpt-4o-mini': 'big' },
    });
    const stream = streamObject(router, { model: 'gpt-4o-mini', messages, schema: orderSchema });
    const partials = (await collect(stream)) as Array<{ note?: string; items?: unknown[] }>;
    const { object } = await stream.result;

    expect(text.length).toBeGreaterThanOrEqual(2_000);
    expect(partials.length).toBeGreaterThan(900);
    expect(partials.at(-1)).toEqual(object);
    expect(object).toEqual(big);
    // In order: the note only grows, then the item list only grows.
    for (let index = 1; index < partials.length; index++) {
      const previous = partials[index - 1]!;
      const current = partials[index]!;
      expect(current).not.toEqual(previous);
      expect((current.note ?? '').startsWith(previous.note ?? '')).toBe(true);
      expect((current.items ?? []).length).toBeGreaterThanOrEqual((previous.items ?? []).length);
    }
  });
});
