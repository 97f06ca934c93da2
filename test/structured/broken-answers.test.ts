import { describe, expect, it } from 'vitest';
import { createRouter } from '../../src/index.js';
import { completeObject, ObjectValidationError } from '../../src/structured/index.js';
import { MockProvider, type MockStep, mockStep } from '../../src/testing/index.js';
import type { FinishReason } from '../../src/types/usage.js';
import { order, orderSchema } from './fixture-schemas.js';

const valid = JSON.stringify(order);
const messages = [{ role: 'user' as const, content: 'Extract the order.' }];

type Outcome =
  /** Accepted after repair, in one call. */
  | { outcome: 'repaired' }
  /** Asked again of the same target; the re-ask's last message is `feedback`. */
  | { outcome: 'reasked'; feedback: string; maxTokens?: number }
  /** Not asked again: the backup target answered. */
  | { outcome: 'fallen back' }
  /** Nothing validated. */
  | { outcome: 'ObjectValidationError' };

interface Case {
  name: string;
  answer: string;
  finishReason?: FinishReason['unified'];
  options?: { repair?: boolean; maxReasks?: number; fallback?: boolean; maxTokens?: number };
  expected: Outcome;
}

const cases: Case[] = [
  { name: 'fenced in ```json', answer: `\`\`\`json\n${valid}\n\`\`\``, expected: { outcome: 'repaired' } },
  {
    name: 'trailing commas',
    answer: valid.replace('}]', '},]').replace('"Ada"}', '"Ada",}'),
    expected: { outcome: 'repaired' },
  },
  {
    name: 'closing brackets missing, finished normally',
    answer: valid.slice(0, -3),
    expected: { outcome: 'repaired' },
  },
  { name: 'single quotes', answer: valid.replaceAll('"', "'"), expected: { outcome: 'repaired' } },
  {
    name: 'prose around the JSON',
    answer: `Sure! Here is the order:\n${valid}\nLet me know if you need anything else.`,
    expected: { outcome: 'repaired' },
  },
  {
    name: 'wrong type',
    answer: JSON.stringify({ ...order, items: [{ sku: 'X', quantity: 'two' }] }),
    expected: {
      outcome: 'reasked',
      feedback:
        'Your previous answer did not match the requested schema:\n- at /items/0/quantity: must be integer\n' +
        'Reply with only the corrected JSON object, nothing else.',
    },
  },
  {
    name: 'missing field',
    answer: JSON.stringify({ status: 'shipped', customer: { name: 'Ada' }, items: [] }),
    expected: {
      outcome: 'reasked',
      feedback:
        "Your previous answer did not match the requested schema:\n- must have required property 'id'\n" +
        'Reply with only the corrected JSON object, nothing else.',
    },
  },
  {
    name: 'value outside the enum',
    answer: JSON.stringify({ ...order, status: 'lost' }),
    expected: {
      outcome: 'reasked',
      feedback:
        'Your previous answer did not match the requested schema:\n' +
        '- at /status: must be one of "pending", "shipped", "delivered"\n' +
        'Reply with only the corrected JSON object, nothing else.',
    },
  },
  {
    name: 'empty string',
    answer: '',
    expected: {
      outcome: 'reasked',
      feedback:
        'Your previous answer could not be read as JSON: The answer was empty.\n' +
        'Reply with only the JSON object that matches the requested schema: no prose, no code fences.',
    },
  },
  {
    name: 'null',
    answer: 'null',
    expected: {
      outcome: 'reasked',
      feedback:
        'Your previous answer did not match the requested schema:\n- must be object\n' +
        'Reply with only the corrected JSON object, nothing else.',
    },
  },
  {
    name: 'a refusal in prose',
    answer: "I'm sorry, I can't extract that.",
    expected: {
      outcome: 'reasked',
      feedback:
        'Your previous answer could not be read as JSON: The answer contains no JSON object.\n' +
        'Reply with only the JSON object that matches the requested schema: no prose, no code fences.',
    },
  },
  {
    name: 'fenced, with repair turned off',
    answer: `\`\`\`json\n${valid}\n\`\`\``,
    options: { repair: false },
    expected: {
      outcome: 'reasked',
      feedback:
        'Your previous answer could not be read as JSON: The answer is not valid JSON.\n' +
        'Reply with only the JSON object that matches the requested schema: no prose, no code fences.',
    },
  },
  {
    name: 'cut off at the token limit the caller set',
    answer: valid.slice(0, 30),
    finishReason: 'length',
    options: { maxTokens: 100 },
    // Asked again as it was, with twice the room: the same limit would cut it off again.
    expected: { outcome: 'reasked', feedback: 'Extract the order.', maxTokens: 200 },
  },
  {
    name: "cut off at the provider's own token limit",
    answer: valid.slice(0, 30),
    finishReason: 'length',
    expected: { outcome: 'fallen back' },
  },
  {
    name: 'wrong type, with re-asks turned off',
    answer: JSON.stringify({ ...order, id: 7 }),
    options: { maxReasks: 0 },
    expected: { outcome: 'fallen back' },
  },
  {
    name: 'wrong type every time, with fallback turned off',
    answer: JSON.stringify({ ...order, id: 7 }),
    options: { fallback: false, maxReasks: 1 },
    expected: { outcome: 'ObjectValidationError' },
  },
];

function setup(answer: MockStep) {
  const primary = new MockProvider({ name: 'primary', models: ['model-a'], fallback: answer });
  const backup = new MockProvider({ name: 'backup', models: ['model-b'], fallback: mockStep.reply(valid) });
  const router = createRouter({ providers: { primary, backup }, fallbacks: ['backup'] });
  return { primary, backup, router };
}

describe('a broken answer ends in the right outcome', () => {
  it.each(cases)('$name → $expected.outcome', async ({ answer, finishReason, options, expected }) => {
    const broken = mockStep.reply(answer, finishReason ? { finishReason } : {});
    const { primary, backup, router } = setup(broken);
    // A re-asked target answers correctly the second time.
    if (expected.outcome === 'reasked') primary.enqueue(broken, mockStep.reply(valid));
    const { maxTokens, ...objectOptions } = options ?? {};
    const request = { model: 'model-a', messages, schema: orderSchema, maxTokens, ...objectOptions };

    if (expected.outcome === 'ObjectValidationError') {
      const error = await completeObject(router, request).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(ObjectValidationError);
      expect((error as ObjectValidationError).text).toBe(answer);
      expect((error as ObjectValidationError).rejected).toHaveLength(2);
      expect(backup.calls).toHaveLength(0);
      return;
    }

    const { object, response } = await completeObject(router, request);
    expect(object).toEqual(order);
    const steps = response.trail.map((attempt) => [attempt.provider, attempt.reason, attempt.structured]);
    switch (expected.outcome) {
      case 'repaired':
        expect(primary.calls).toHaveLength(1);
        expect(steps).toEqual([['primary', 'primary', ['repaired']]]);
        break;
      case 'reasked': {
        expect(primary.calls).toHaveLength(2);
        const reask = primary.calls[1]!.request;
        expect(reask.messages.at(-1)?.content).toBe(expected.feedback);
        expect(reask.maxTokens).toBe(expected.maxTokens ?? maxTokens);
        expect(steps).toEqual([
          ['primary', 'primary', ['schema_invalid']],
          ['primary', 'retry', ['reasked']],
        ]);
        break;
      }
      case 'fallen back':
        expect(primary.calls).toHaveLength(1);
        expect(backup.calls).toHaveLength(1);
        expect(steps).toEqual([
          ['primary', 'primary', ['schema_invalid']],
          ['backup', 'fallback', undefined],
        ]);
        break;
    }
  });

  it('has at least twelve cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });
});
