import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { createRouter } from '../../src/index.js';
import { MockProvider, mockStep } from '../../src/testing/index.js';

const messages = [{ role: 'user' as const, content: 'Who wrote Dune?' }];
const book = z.object({ title: z.string(), author: z.string(), year: z.number().optional() });

describe('router.completeObject / streamObject / explainObject', () => {
  it('completeObject returns a typed object, asking the provider in its native mode first time', async () => {
    const provider = new MockProvider({
      name: 'p',
      models: ['m'],
      script: [mockStep.reply('{"title":"Dune","author":"Frank Herbert"}')],
    });
    const router = createRouter({ providers: { p: provider } });
    const { object, response } = await router.completeObject({ model: 'm', messages, schema: book });
    expectTypeOf(object).toEqualTypeOf<{ title: string; author: string; year?: number | undefined }>();
    expect(object).toEqual({ title: 'Dune', author: 'Frank Herbert' });
    expect(response.trail).toHaveLength(1);
    expect(provider.calls[0]!.request.responseFormat?.type).toBe('json_schema');
  });

  it('streamObject yields partial objects, then the validated one', async () => {
    const provider = new MockProvider({
      name: 'p',
      models: ['m'],
      script: [mockStep.reply('{"title":"Dune","author":"Frank Herbert","year":1965}', { chunks: 6 })],
    });
    const router = createRouter({ providers: { p: provider } });
    const stream = router.streamObject({ model: 'm', messages, schema: book });
    const partials: unknown[] = [];
    for await (const partial of stream) partials.push(partial);
    expect(partials.length).toBeGreaterThan(1);
    expect(partials.at(-1)).toEqual({ title: 'Dune', author: 'Frank Herbert', year: 1965 });
  });

  it("explainObject shows each target's structured-output mode from its declared capabilities", () => {
    const router = createRouter({
      providers: {
        strict: new MockProvider({ name: 'strict', models: ['s'] }),
        jsonOnly: new MockProvider({
          name: 'jsonOnly',
          models: ['j'],
          capabilities: { jsonSchemaOutput: false },
        }),
        plain: new MockProvider({
          name: 'plain',
          models: ['x'],
          capabilities: { jsonSchemaOutput: false, jsonOutput: false },
        }),
      },
      fallbacks: ['jsonOnly', 'plain'],
    });
    expect(router.explainObject('s').plan).toEqual([
      { provider: 'strict', model: 's', mode: 'json_schema' },
      { provider: 'jsonOnly', model: 'j', mode: 'json_mode' },
      { provider: 'plain', model: 'x', mode: 'prompt' },
    ]);
    expect(router.capabilities('nobody')).toBeUndefined();
  });
});
