import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error.js';
import { NoSuchModelError } from '../errors/no-such-model-error.js';
import { MockProvider } from '../testing/mock-provider.js';
import { createRouter } from './create-router.js';
import type { TargetSpec } from './router-types.js';

const user = [{ role: 'user' as const, content: 'hi' }];

function providers() {
  return {
    openai: new MockProvider({ name: 'openai', models: ['gpt-4o-mini', 'gpt-4o', 'shared'] }),
    anthropic: new MockProvider({ name: 'anthropic', models: ['claude-haiku', 'shared', 'openai'] }),
    groq: new MockProvider({ name: 'groq', models: ['llama-3', 'gpt-4o-mini'] }),
  };
}

describe('model resolution precedence', () => {
  it.each([
    // model map beats everything: even a model another provider lists, even a provider's name
    {
      model: 'gpt-4o-mini',
      modelMap: { 'gpt-4o-mini': 'groq' },
      step: 'model-map',
      provider: 'groq',
      sent: 'gpt-4o-mini',
    },
    {
      model: 'openai',
      modelMap: { openai: 'anthropic' },
      step: 'model-map',
      provider: 'anthropic',
      sent: 'openai',
    },
    {
      model: 'fast',
      modelMap: { fast: { provider: 'groq', model: 'llama-3' } },
      step: 'model-map',
      provider: 'groq',
      sent: 'llama-3',
    },
    // provider name beats a model scan (anthropic lists a model literally named "openai")
    { model: 'openai', modelMap: {}, step: 'provider-name', provider: 'openai', sent: 'gpt-4o-mini' },
    { model: 'groq', modelMap: {}, step: 'provider-name', provider: 'groq', sent: 'llama-3' },
    // model scan follows registration order: openai is registered before groq
    { model: 'gpt-4o-mini', modelMap: {}, step: 'model-scan', provider: 'openai', sent: 'gpt-4o-mini' },
    { model: 'shared', modelMap: {}, step: 'model-scan', provider: 'openai', sent: 'shared' },
    { model: 'claude-haiku', modelMap: {}, step: 'model-scan', provider: 'anthropic', sent: 'claude-haiku' },
  ])(
    '$model with map $modelMap resolves by $step to $provider',
    async ({ model, modelMap, step, provider, sent }) => {
      const registered = providers();
      const router = createRouter({
        providers: registered,
        modelMap: modelMap as Record<string, TargetSpec>,
      });
      expect(router.explain(model)).toEqual({
        requestedModel: model,
        step,
        plan: [{ provider, model: sent }],
      });
      const response = await router.complete({ model, messages: user });
      expect(response.provider).toBe(provider);
      const served = registered[provider as keyof typeof registered];
      expect(served.calls).toHaveLength(1);
      expect(served.calls[0]!.request.model).toBe(sent);
    },
  );

  it('an unknown model is a NoSuchModelError naming what is registered', async () => {
    const router = createRouter({ providers: providers(), modelMap: { fast: 'groq' } });
    expect(() => router.explain('nope')).toThrow(NoSuchModelError);
    expect(() => router.explain('nope')).toThrow(
      'No provider serves model "nope". Registered providers: openai, anthropic, groq. Mapped models: fast.',
    );
    await expect(router.complete({ model: 'nope', messages: user })).rejects.toMatchObject({
      name: 'NoSuchModelError',
      kind: 'not_found',
    });
  });

  it('registration order decides a model scan, and registerProvider appends', () => {
    const router = createRouter({ providers: { groq: providers().groq, openai: providers().openai } });
    expect(router.explain('gpt-4o-mini').plan[0]).toEqual({ provider: 'groq', model: 'gpt-4o-mini' });
    router.registerProvider('extra', new MockProvider({ name: 'extra', models: ['only-here'] }));
    expect(router.providers).toEqual(['groq', 'openai', 'extra']);
    expect(router.explain('only-here')).toMatchObject({ step: 'model-scan', plan: [{ provider: 'extra' }] });
  });
});

describe('explain() shows the full ordered fallback plan', () => {
  it('each fallback receives its own model name, never the primary one', () => {
    const router = createRouter({
      providers: providers(),
      modelMap: { 'gpt-4o-mini': 'openai' },
      fallbacks: ['anthropic', { provider: 'groq', model: 'llama-3' }],
    });
    expect(router.explain('gpt-4o-mini')).toEqual({
      requestedModel: 'gpt-4o-mini',
      step: 'model-map',
      plan: [
        { provider: 'openai', model: 'gpt-4o-mini' },
        { provider: 'anthropic', model: 'claude-haiku' },
        { provider: 'groq', model: 'llama-3' },
      ],
    });
  });

  it('a fallback provider that lists the requested model receives that model', () => {
    const router = createRouter({ providers: providers(), fallbacks: ['groq'] });
    expect(router.explain('gpt-4o-mini').plan).toEqual([
      { provider: 'openai', model: 'gpt-4o-mini' },
      { provider: 'groq', model: 'gpt-4o-mini' },
    ]);
  });

  it('per-model chains replace the global list; "*" is the global list; duplicates of the primary are dropped', () => {
    const router = createRouter({
      providers: providers(),
      fallbacks: { 'claude-haiku': ['openai', 'anthropic'], '*': ['groq'] },
    });
    expect(router.explain('claude-haiku').plan).toEqual([
      { provider: 'anthropic', model: 'claude-haiku' },
      { provider: 'openai', model: 'gpt-4o-mini' },
    ]);
    expect(router.explain('gpt-4o').plan).toEqual([
      { provider: 'openai', model: 'gpt-4o' },
      { provider: 'groq', model: 'llama-3' },
    ]);
  });

  it('runtime changes apply to later explains', () => {
    const router = createRouter({ providers: providers() });
    expect(router.explain('shared').plan).toEqual([{ provider: 'openai', model: 'shared' }]);
    router.mapModel('shared', 'anthropic');
    router.setFallbacks([{ provider: 'groq', model: 'llama-3' }]);
    expect(router.explain('shared')).toEqual({
      requestedModel: 'shared',
      step: 'model-map',
      plan: [
        { provider: 'anthropic', model: 'shared' },
        { provider: 'groq', model: 'llama-3' },
      ],
    });
    router.setFallbacks(['openai'], 'shared');
    expect(router.explain('shared').plan[1]).toEqual({ provider: 'openai', model: 'shared' });
  });

  it('a fallback or mapping to an unregistered provider is a configuration error, with the names', () => {
    expect(() => createRouter({ providers: providers(), fallbacks: ['antropic'] })).toThrow(
      'fallbacks[0] names provider "antropic", which is not registered (registered: openai, anthropic, groq)',
    );
    expect(() => createRouter({ providers: providers(), modelMap: { x: 'nobody' } })).toThrow(
      ConfigurationError,
    );
  });
});
