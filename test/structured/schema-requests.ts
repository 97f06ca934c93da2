import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { createRouter, type Router } from '../../src/index.js';
import { anthropic, deepseek, gemini, openai } from '../../src/providers/index.js';
import { type FakeProviderServer, startFakeProviderServer } from '../../src/testing/index.js';

/** A user message for every schema request. */
export const messages = [{ role: 'user' as const, content: 'Extract it.' }];

/** What the provider-request tests share: a router over one fake upstream per provider. */
export interface SchemaRequests {
  readonly router: Router;
  readonly server: FakeProviderServer;
  /** The body of the one request an upstream received. */
  bodyOf(upstream: string): Record<string, unknown>;
}

/**
 * Starts the fake provider server and a router with OpenAI, Anthropic (forced tool and native), Gemini
 * and DeepSeek targets for the calling test file, resetting every upstream between tests.
 */
export function useSchemaRequests(): SchemaRequests {
  let server: FakeProviderServer | undefined;
  let router: Router | undefined;
  beforeAll(async () => {
    server = await startFakeProviderServer();
    router = createRouter({
      providers: {
        openai: openai({ apiKey: 'test-key', baseURL: server.upstream('openai').baseURL('openai') }),
        anthropic: anthropic({
          apiKey: 'test-key',
          baseURL: server.upstream('anthropic').baseURL('anthropic'),
        }),
        claude: anthropic({
          name: 'claude',
          apiKey: 'test-key',
          baseURL: server.upstream('claude').baseURL('anthropic'),
          structuredOutput: 'auto',
        }),
        gemini: gemini({ apiKey: 'test-key', baseURL: server.upstream('gemini').baseURL('gemini') }),
        deepseek: deepseek({ apiKey: 'test-key', baseURL: server.upstream('deepseek').baseURL('openai') }),
      },
      modelMap: {
        'gpt-4o-mini': 'openai',
        'claude-3-5-haiku-latest': 'anthropic',
        'claude-sonnet-4-5': 'claude',
        'gemini-2.5-flash': 'gemini',
        'gemini-2.0-flash': 'gemini',
        'deepseek-chat': 'deepseek',
      },
    });
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    for (const name of ['openai', 'anthropic', 'claude', 'gemini', 'deepseek'])
      server!.upstream(name).reset();
  });
  return {
    get router() {
      return router!;
    },
    get server() {
      return server!;
    },
    bodyOf(upstream) {
      const received = server!.upstream(upstream).requests;
      expect(received).toHaveLength(1);
      return received[0]!.body as Record<string, unknown>;
    },
  };
}
