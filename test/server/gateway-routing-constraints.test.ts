import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import { type RunningGateway, startGateway } from '../../src/server/start-gateway.js';
import { type FakeProviderServer, startFakeProviderServer } from '../../src/testing/fake-server/index.js';

// Routing constraints through the gateway: per key in the file, and by request header for trusted keys.
// `gpt-4o-mini` is served in the US, with an EU provider behind it as the fallback.
let fake: FakeProviderServer;
let gateway: RunningGateway;
const keys = { eu: 'key-bound-to-eu-0123', trusted: 'key-trusted-0123', plain: 'key-plain-0123' };

beforeAll(async () => {
  fake = await startFakeProviderServer();
  const config = parseConfig(`
providers:
  us: { type: openai, apiKey: sk-us, baseURL: '${fake.upstream('us').baseURL('openai')}', models: [gpt-4o-mini, text-embedding-3-small], tags: { region: us } }
  eu: { type: openai, apiKey: sk-eu, baseURL: '${fake.upstream('eu').baseURL('openai')}', models: [gpt-4o-mini, text-embedding-3-small], tags: { region: eu, zdr: true } }
modelMap:
  gpt-4o-mini: us
fallbacks: [eu]
embeddingReplicas:
  text-embedding-3-small: [eu]
server:
  keys:
    - { key: '\${EU_KEY}', require: { region: eu } }
    - { key: '\${TRUSTED_KEY}', trusted: true }
    - '\${PLAIN_KEY}'
`);
  gateway = await startGateway({
    config,
    env: { EU_KEY: keys.eu, TRUSTED_KEY: keys.trusted, PLAIN_KEY: keys.plain },
    host: '127.0.0.1',
    port: 0,
    output: { write() {} },
  });
});
afterAll(async () => {
  await gateway.shutdown(0);
  await fake.close();
});
beforeEach(() => {
  fake.upstream('us').reset();
  fake.upstream('eu').reset();
});

const question = [{ role: 'user' as const, content: 'Where are you?' }];
const openai = (key: string, headers: Record<string, string> = {}) =>
  new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0, defaultHeaders: headers });

describe('gateway routing constraints', () => {
  it('a plain key follows the plan: the US provider serves', async () => {
    const { response } = await openai(keys.plain)
      .chat.completions.create({ model: 'gpt-4o-mini', messages: question })
      .withResponse();
    expect(response.headers.get('x-llmrouter-provider')).toBe('us');
    expect(fake.upstream('eu').requests).toHaveLength(0);
  });

  it('a key bound to the EU is served in the EU on every surface, and the US never sees its calls', async () => {
    const chat = await openai(keys.eu)
      .chat.completions.create({ model: 'gpt-4o-mini', messages: question })
      .withResponse();
    expect(chat.response.headers.get('x-llmrouter-provider')).toBe('eu');
    const responses = await openai(keys.eu)
      .responses.create({ model: 'gpt-4o-mini', input: 'Where are you?', store: false })
      .withResponse();
    expect(responses.response.headers.get('x-llmrouter-provider')).toBe('eu');
    const anthropic = new Anthropic({ apiKey: keys.eu, baseURL: gateway.url, maxRetries: 0 });
    const message = await anthropic.messages
      .create({ model: 'gpt-4o-mini', max_tokens: 50, messages: question })
      .withResponse();
    expect(message.response.headers.get('x-llmrouter-provider')).toBe('eu');
    const embedding = await openai(keys.eu)
      .embeddings.create({ model: 'text-embedding-3-small', input: 'hello' })
      .withResponse();
    expect(embedding.response.headers.get('x-llmrouter-provider')).toBe('eu');
    expect(fake.upstream('us').requests).toHaveLength(0);
    expect(fake.upstream('eu').requests).toHaveLength(4);
  });

  it('a trusted key narrows its own routing by header; an empty plan names the requirement', async () => {
    const { response } = await openai(keys.trusted, { 'x-llmrouter-require': 'zdr=true' })
      .chat.completions.create({ model: 'gpt-4o-mini', messages: question })
      .withResponse();
    expect(response.headers.get('x-llmrouter-provider')).toBe('eu');
    const preferred = await openai(keys.trusted, { 'x-llmrouter-prefer': 'region=eu' })
      .chat.completions.create({ model: 'gpt-4o-mini', messages: question })
      .withResponse();
    expect(preferred.response.headers.get('x-llmrouter-provider')).toBe('eu');

    const refused = await openai(keys.trusted, { 'x-llmrouter-require': 'region=apac' })
      .chat.completions.create({ model: 'gpt-4o-mini', messages: question })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    expect((refused as InstanceType<typeof OpenAI.APIError>).status).toBe(400);
    expect((refused as Error).message).toContain('region');
    expect(fake.upstream('us').requests.length + fake.upstream('eu').requests.length).toBe(2);
  });

  it("refuses the header from a key not trusted with it, and a header that contradicts the key's requirement", async () => {
    const untrusted = await openai(keys.plain, { 'x-llmrouter-prefer': 'region=eu' })
      .chat.completions.create({ model: 'gpt-4o-mini', messages: question })
      .catch((error: unknown) => error);
    expect((untrusted as InstanceType<typeof OpenAI.APIError>).status).toBe(403);
    expect((untrusted as InstanceType<typeof OpenAI.APIError>).code).toBe('routing_header_not_allowed');
    const loosened = await openai(keys.eu, { 'x-llmrouter-require': 'region=us' })
      .chat.completions.create({ model: 'gpt-4o-mini', messages: question })
      .catch((error: unknown) => error);
    expect((loosened as InstanceType<typeof OpenAI.APIError>).status).toBe(403);
    expect(fake.upstream('us').requests.length + fake.upstream('eu').requests.length).toBe(0);
  });
});
