import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeProviderServer, startFakeProviderServer } from '../testing/fake-server/index.js';
import { buildRouter } from './build-router.js';
import { parseConfig } from './parse-config.js';

let fake: FakeProviderServer;
beforeAll(async () => {
  fake = await startFakeProviderServer();
});
afterAll(() => fake.close());

describe('buildRouter: tags, context windows, hedge', () => {
  it('gives providers their tags and the router its window overrides from the file', async () => {
    const config = parseConfig(`
providers:
  us: { type: openai, baseURL: '${fake.upstream('us').baseURL('openai')}', models: [gpt-4o], tags: { region: us } }
  eu: { type: openai, baseURL: '${fake.upstream('eu').baseURL('openai')}', models: [gpt-4o], tags: { region: eu, zdr: true } }
fallbacks: [eu]
contextWindows: { us: { gpt-4o: 1000 } }
hedge: { afterMs: 500 }
`);
    const { router, providers } = buildRouter(config, { env: { OPENAI_API_KEY: 'sk-o' } });
    expect(providers.eu?.tags).toEqual({ region: 'eu', zdr: true });
    const eu = await router.complete(
      { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] },
      { require: { region: 'eu' } },
    );
    expect(eu.provider).toBe('eu');
    // 2,000 output tokens do not fit the 1,000-token window the file gives `us`.
    const long = await router.complete({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      maxTokens: 2_000,
    });
    expect(long.trail.map((attempt) => [attempt.provider, attempt.outcome])).toEqual([
      ['us', 'skipped'],
      ['eu', 'success'],
    ]);
  });

  it('reports a hedge section without a delay at its path', () => {
    expect(() => parseConfig('providers: { a: { type: openai } }\nhedge: { maxHedges: 1 }\n')).toThrow(
      /hedge.*afterMs or afterPercentile/s,
    );
  });
});
