import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { anthropic } from '../../src/providers/anthropic/anthropic-provider.js';
import type { Provider } from '../../src/types/provider.js';
import type { CompletionRequest } from '../../src/types/request.js';
import { RouterError } from '../../src/types/router-error.js';
import type { StreamPart } from '../../src/types/stream-part.js';
import { type LocalServer, type ReceivedRequest, sendJson, startLocalServer } from './local-server.js';

/** Test-only: shared by the Anthropic provider tests, never exported from the package. */

export const apiKey = 'sk-ant-api03-TESTKEY-abcdefghijklmnop';
export const model = 'claude-sonnet-4-5';

/** Answers one request the server received. */
export type AnthropicHandler = (received: ReceivedRequest, response: ServerResponse) => void | Promise<void>;

/** A whole Messages answer with one text block. */
export function textMessage(text: string) {
  return {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5-20250929',
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 3 },
  };
}

/** Events framed as Anthropic sends them: the event name is the payload's `type`. */
export function sse(events: object[]): string {
  return events
    .map((event) => `event: ${(event as { type: string }).type}\ndata: ${JSON.stringify(event)}\n\n`)
    .join('');
}

export const streamStart = {
  type: 'message_start',
  message: { id: 'msg_s', model: 'claude-sonnet-4-5-20250929', usage: { input_tokens: 5, output_tokens: 1 } },
};
export const textEvents = [
  streamStart,
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } },
];
export const endEvents = [
  { type: 'content_block_stop', index: 0 },
  { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } },
  { type: 'message_stop' },
];

/** A local server for a test file, with the handler the next request meets. */
export interface AnthropicTestServer {
  readonly server: LocalServer;
  /** Answers the next requests; reset to a "Hi!" message before each test. */
  handler: AnthropicHandler;
  /** An Anthropic provider pointed at the server. */
  provider(options?: Partial<Parameters<typeof anthropic>[0]>): Provider;
  /** The JSON body of the one request the server received. */
  sentBody(): Record<string, unknown>;
}

/** Starts a local server for the calling test file and resets it before each test. */
export function useAnthropicTestServer(): AnthropicTestServer {
  let server: LocalServer | undefined;
  const local: AnthropicTestServer = {
    get server() {
      return server!;
    },
    handler: (_received, response) => sendJson(response, 200, textMessage('Hi!')),
    provider: (options = {}) => anthropic({ apiKey, baseURL: `${server!.url}/v1/`, ...options }),
    sentBody() {
      expect(server!.requests).toHaveLength(1);
      return server!.requests[0]!.json as Record<string, unknown>;
    },
  };
  beforeAll(async () => {
    server = await startLocalServer((received, response) => local.handler(received, response));
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    server!.requests.length = 0;
    local.handler = (_received, response) => sendJson(response, 200, textMessage('Hi!'));
  });
  return local;
}

/** Every part of a stream. */
export async function collect(stream: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

/** The `RouterError` a call fails with; anything else fails the test. */
export async function rejection(promise: Promise<unknown>): Promise<RouterError> {
  try {
    await promise;
  } catch (error) {
    if (RouterError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** A one-turn request to the test model. */
export function ask(content: string, extra: Partial<CompletionRequest> = {}): CompletionRequest {
  return { model, messages: [{ role: 'user', content }], ...extra };
}
