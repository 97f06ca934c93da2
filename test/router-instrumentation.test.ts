import { describe, expect, it } from 'vitest';
import { circuitBreaker, createRouter, type Instrumentation } from '../src/index.js';
import { MockProvider, mockStep } from '../src/testing/index.js';

const messages = [{ role: 'user' as const, content: 'hi' }];

function recorder() {
  const events: string[] = [];
  const instrumentation: Instrumentation = {
    startCall({ operation, request }) {
      events.push(`call ${operation} ${request.model}`);
      return {
        attemptStarted(attempt) {
          events.push(`start #${attempt.ordinal} ${attempt.provider}/${attempt.model} ${attempt.reason}`);
          return {
            firstContent: () => events.push(`first content #${attempt.ordinal}`),
            ended: (record, result) =>
              events.push(
                `end #${record.ordinal} ${record.outcome} ${result.error?.kind ?? result.finishReason?.unified ?? ''}`,
              ),
          };
        },
        targetSkipped: (record, error) =>
          events.push(`skip #${record.ordinal} ${record.provider} ${error.kind}`),
        ended: (outcome) =>
          events.push(
            `call end ${outcome.response ? `ok ${outcome.response.provider}` : `error ${outcome.error?.kind}`} (${outcome.trail.length})`,
          ),
      };
    },
  };
  return { events, instrumentation };
}

describe('instrumentation', () => {
  it('observes calls and attempts as they happen, including skipped targets and streams', async () => {
    const { events, instrumentation } = recorder();
    const breaker = circuitBreaker({ failureThreshold: 1 });
    const router = createRouter({
      providers: {
        a: new MockProvider({ name: 'a', models: ['ma'], fallback: mockStep.error({ status: 500 }) }),
        b: new MockProvider({ name: 'b', models: ['mb'] }),
      },
      fallbacks: ['b'],
      middleware: [breaker],
      instrumentation,
    });
    await router.complete({ model: 'ma', messages });
    await router.stream({ model: 'ma', messages }).response;
    expect(events).toEqual([
      'call complete ma',
      'start #1 a/ma primary',
      'end #1 error server',
      'start #2 b/mb fallback',
      'end #2 success stop',
      'call end ok b (2)',
      'call stream ma',
      'skip #1 a circuit_open',
      'start #2 b/mb fallback',
      'first content #2',
      'end #2 success stop',
      'call end ok b (2)',
    ]);
  });

  it('an instrumentation that throws everywhere never breaks a call', async () => {
    const explode = () => {
      throw new Error('instrumentation bug');
    };
    const router = createRouter({
      providers: { p: new MockProvider({ name: 'p', models: ['m'] }) },
      instrumentation: {
        startCall: () => ({
          attemptStarted: () => ({ firstContent: explode, ended: explode }),
          ended: explode,
        }),
      },
    });
    expect((await router.complete({ model: 'm', messages })).text).toBe('Hello from p');
    expect((await router.stream({ model: 'm', messages }).response).text).toBe('Hello from p');
    const broken = createRouter({
      providers: { p: new MockProvider({ name: 'p', models: ['m'] }) },
      instrumentation: { startCall: explode },
    });
    expect((await broken.complete({ model: 'm', messages })).text).toBe('Hello from p');
  });

  it('options.targets routes through exactly the given targets', async () => {
    const a = new MockProvider({ name: 'a', models: ['ma'] });
    const b = new MockProvider({ name: 'b', models: ['mb'] });
    const router = createRouter({ providers: { a, b } });
    const response = await router.complete(
      { model: 'ma', messages },
      { targets: [{ provider: 'b', model: 'custom' }] },
    );
    expect(response.provider).toBe('b');
    expect(b.calls[0]!.request.model).toBe('custom');
    expect(a.calls).toHaveLength(0);
    await expect(
      router.complete({ model: 'ma', messages }, { targets: [{ provider: 'zz', model: 'x' }] }),
    ).rejects.toThrow('options.targets names provider "zz", which is not registered');
  });
});

describe('pricing', () => {
  const pricer = ({
    model,
    usage,
  }: {
    model: string;
    usage: { inputTokens?: number; outputTokens?: number };
  }) =>
    model === 'unknown'
      ? undefined
      : { usd: (usage.inputTokens ?? 0) * 0.001 + (usage.outputTokens ?? 0) * 0.002 };

  it('prices every attempt and sums the call, fallbacks included', async () => {
    const router = createRouter({
      providers: {
        a: new MockProvider({
          name: 'a',
          models: ['ma'],
          fallback: mockStep.stream([{ type: 'text-delta', text: 'x' }], { failAfter: 1 }),
        }),
        b: new MockProvider({
          name: 'b',
          models: ['mb'],
          fallback: mockStep.reply('ok', { usage: { inputTokens: 100, outputTokens: 50 } }),
        }),
      },
      fallbacks: ['b'],
      pricer,
    });
    const response = await router.complete({ model: 'ma', messages });
    expect(response.cost).toEqual({ usd: 0.2 });
    expect(response.trail.map((attempt) => attempt.cost)).toEqual([undefined, { usd: 0.2 }]);
  });

  it('an unknown price is undefined, never a silent zero', async () => {
    const router = createRouter({
      providers: { p: new MockProvider({ name: 'p', models: ['unknown'] }) },
      pricer,
    });
    const response = await router.complete({ model: 'unknown', messages });
    expect(response.cost).toBeUndefined();
    expect('cost' in response.trail[0]!).toBe(false);
  });
});

describe('several instrumentations', () => {
  it('each sees every event, chunks included; one that throws leaves the others informed', async () => {
    const first = recorder();
    const chunks: number[] = [];
    const counting: Instrumentation = {
      startCall: () => ({
        attemptStarted: (attempt) => ({ chunk: () => chunks.push(attempt.ordinal) }),
      }),
    };
    const broken: Instrumentation = {
      startCall: () => {
        throw new Error('broken instrumentation');
      },
    };
    const router = createRouter({
      providers: {
        p: new MockProvider({ name: 'p', models: ['m'], fallback: mockStep.reply('one two three') }),
      },
      instrumentation: [first.instrumentation, broken, counting],
    });
    await router.stream({ model: 'm', messages }).response;
    expect(chunks).toEqual([1, 1, 1]);
    expect(first.events).toEqual([
      'call stream m',
      'start #1 p/m primary',
      'first content #1',
      'end #1 success stop',
      'call end ok p (1)',
    ]);
  });
});
