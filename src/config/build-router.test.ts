import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeProviderServer, faults, startFakeProviderServer } from '../testing/fake-server/index.js';
import { buildRouter } from './build-router.js';
import { ConfigFileError } from './config-issue.js';
import { parseConfig } from './parse-config.js';

let fake: FakeProviderServer;
beforeAll(async () => {
  fake = await startFakeProviderServer();
});
afterAll(() => fake.close());

function configFor(extra = '') {
  return parseConfig(`
providers:
  openai: { type: openai, baseURL: '${fake.upstream('openai').baseURL('openai')}', models: [gpt-4o-mini] }
  anthropic: { type: anthropic, baseURL: '${fake.upstream('anthropic').baseURL('anthropic')}', models: [claude-haiku-4-5] }
  gemini: { type: gemini, baseURL: '${fake.upstream('gemini').baseURL('gemini')}', models: [gemini-2.5-flash] }
modelMap:
  gpt-4o-mini: openai
  smart: { provider: anthropic, model: claude-sonnet-4-5 }
fallbacks:
  gpt-4o-mini: [anthropic, { provider: gemini }]
  '*': [gemini]
${extra}
`);
}
const env = { OPENAI_API_KEY: 'sk-o', ANTHROPIC_API_KEY: 'sk-a', GEMINI_API_KEY: 'sk-g' };

describe('buildRouter', () => {
  it('routes as the file says: model map, per-model chains, and the chain for every other model', () => {
    const { router, breaker, providers } = buildRouter(configFor(), { env });
    expect(Object.keys(providers)).toEqual(['openai', 'anthropic', 'gemini']);
    expect(breaker).toBeUndefined();
    expect(router.explain('gpt-4o-mini').plan).toEqual([
      { provider: 'openai', model: 'gpt-4o-mini' },
      { provider: 'anthropic', model: 'claude-haiku-4-5' },
      { provider: 'gemini', model: 'gemini-2.5-flash' },
    ]);
    expect(router.explain('smart')).toEqual({
      requestedModel: 'smart',
      step: 'model-map',
      plan: [
        { provider: 'anthropic', model: 'claude-sonnet-4-5' },
        { provider: 'gemini', model: 'gemini-2.5-flash' },
      ],
    });
  });

  it('applies retry, circuit breaker and timeout in the seed’s order', async () => {
    // The timeout ends the one hanging answer; 1 s is far above what a real local answer takes even on
    // a loaded machine, so only the hang can time out.
    const { router, breaker } = buildRouter(
      configFor(
        'retry: { attempts: 2, baseDelayMs: 1 }\ncircuitBreaker: { failureThreshold: 4, cooldownMs: 60000 }\ntimeout: { totalMs: 1000 }',
      ),
      { env },
    );
    fake.upstream('openai').reset().setDefault(faults.unavailable());
    fake
      .upstream('anthropic')
      .reset()
      .enqueue(faults.hang())
      .setDefault(faults.reply({ text: 'from anthropic' }));
    const first = await router.complete({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(first.text).toBe('from anthropic');
    expect(
      first.trail.map((attempt) => [attempt.provider, attempt.reason, attempt.outcome, attempt.errorKind]),
    ).toEqual([
      ['openai', 'primary', 'error', 'overloaded'],
      ['openai', 'retry', 'error', 'overloaded'],
      ['anthropic', 'fallback', 'error', 'timeout'],
      ['anthropic', 'retry', 'success', undefined],
    ]);
    await router.complete({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
    expect(breaker?.state({ provider: 'openai' })).toBe('open');
    expect(breaker?.state({ provider: 'anthropic' })).toBe('closed');
  });

  it('reports every unset variable by path, and nothing is built', () => {
    const error = thrown(() => buildRouter(configFor(), { env: { ANTHROPIC_API_KEY: 'sk-a' } }));
    expect(error).toBeInstanceOf(ConfigFileError);
    expect((error as ConfigFileError).issues).toEqual([
      { path: 'providers.openai.apiKey', message: 'environment variable OPENAI_API_KEY is not set' },
      { path: 'providers.gemini.apiKey', message: 'environment variable GEMINI_API_KEY is not set' },
    ]);
  });

  it('does not need the server section’s variables', () => {
    const { router } = buildRouter(configFor(`server: { keys: ['\${GATEWAY_KEY}'] }`), { env });
    expect(router.explain('gpt-4o-mini').plan[0]).toEqual({ provider: 'openai', model: 'gpt-4o-mini' });
  });

  it('reports a provider its factory rejects under the provider’s path', () => {
    const config = parseConfig(
      `providers:\n  groq: { type: openai-compatible, preset: groq, apiKey: '\${GROQ_KEY:-}' }\n`,
    );
    const error = thrown(() => buildRouter(config, { env: {} }));
    expect((error as ConfigFileError).issues).toEqual([
      {
        path: 'providers.groq',
        message: 'Provider "groq" needs an apiKey (or use fromEnv() with GROQ_API_KEY)',
      },
    ]);
  });
});

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}
