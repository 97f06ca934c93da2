import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NoEligibleTargetError } from '../../src/errors/no-eligible-target-error.js';
import { openai } from '../../src/providers/index.js';
import { createRouter } from '../../src/router/create-router.js';
import { type FakeProviderServer, faults, startFakeProviderServer } from '../../src/testing/index.js';
import type { Tags } from '../../src/types/tags.js';

let fake: FakeProviderServer;
beforeAll(async () => {
  fake = await startFakeProviderServer();
});
afterAll(() => fake.close());
beforeEach(() => {
  for (const name of ['us', 'eu1', 'eu2']) fake.upstream(name).reset();
});

const provider = (name: string, tags: Tags) =>
  openai({
    name,
    apiKey: 'sk-test',
    baseURL: fake.upstream(name).baseURL('openai'),
    models: ['gpt-4o'],
    tags,
  });

const router = () =>
  createRouter({
    providers: {
      us: provider('us', { region: 'us', zdr: true }),
      eu1: provider('eu1', { region: 'eu' }),
      eu2: provider('eu2', { region: 'eu', zdr: true }),
    },
    fallbacks: ['eu1', 'us', 'eu2'],
  });

const request = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('require and prefer', () => {
  it('require: { region: "eu" } leaves non-EU targets out of the plan and of every fallback', async () => {
    fake.upstream('eu1').enqueue(faults.overloaded());
    const response = await router().complete(request, { require: { region: 'eu' } });
    expect(response.provider).toBe('eu2');
    expect(fake.upstream('us').requests).toHaveLength(0);
    expect(response.trail.map((attempt) => attempt.provider)).toEqual(['eu1', 'eu2']);
  });

  it('a target tag overrides its provider tag', async () => {
    const routed = createRouter({
      providers: { us: provider('us', { region: 'us' }), eu1: provider('eu1', { region: 'eu' }) },
      modelMap: { chat: { provider: 'us', model: 'gpt-4o', tags: { region: 'eu' } } },
      fallbacks: ['eu1'],
    });
    const response = await routed.complete({ ...request, model: 'chat' }, { require: { region: 'eu' } });
    expect(response.provider).toBe('us');
  });

  it('prefer orders matching targets first, keeping the rest as fallbacks', async () => {
    fake.upstream('eu2').enqueue(faults.overloaded());
    const response = await router().complete(request, { prefer: { zdr: true, region: 'eu' } });
    expect(response.trail.map((attempt) => [attempt.provider, attempt.outcome])).toEqual([
      ['eu2', 'error'],
      ['us', 'success'],
    ]);
  });

  it('an empty plan fails before any network call, naming the requirement and what it excluded', async () => {
    const error = await router()
      .complete(request, { require: { region: 'eu', zdr: false } })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(NoEligibleTargetError);
    const typed = error as NoEligibleTargetError;
    expect(typed.kind).toBe('bad_request');
    expect(typed.require).toEqual({ region: 'eu', zdr: false });
    expect(typed.excluded).toEqual([
      { provider: 'us', model: 'gpt-4o', mismatched: { region: 'us', zdr: true } },
      { provider: 'eu1', model: 'gpt-4o', mismatched: { zdr: undefined } },
      { provider: 'eu2', model: 'gpt-4o', mismatched: { zdr: true } },
    ]);
    expect(typed.message).toContain('region=eu, zdr=false');
    expect(typed.message).toContain('eu1/gpt-4o (zdr=(unset))');
    for (const name of ['us', 'eu1', 'eu2']) expect(fake.upstream(name).requests).toHaveLength(0);
  });

  it('streams obey the requirement too', async () => {
    const stream = router().stream(request, { require: { region: 'eu', zdr: true } });
    const response = await stream.response;
    expect(response.provider).toBe('eu2');
    expect(fake.upstream('us').requests).toHaveLength(0);
  });
});
