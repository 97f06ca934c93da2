import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { gemini } from '../../src/providers/gemini/gemini-provider.js';
import type { Provider } from '../../src/types/provider.js';
import type { CompletionRequest } from '../../src/types/request.js';
import { RouterError } from '../../src/types/router-error.js';
import type { StreamPart } from '../../src/types/stream-part.js';
import { type LocalServer, type ReceivedRequest, sendJson, startLocalServer } from './local-server.js';

/** Test-only: shared by the Gemini provider tests, never exported from the package. */

export const apiKey = 'AIzaSyTEST-gemini-key-0123456789';

/** A whole `generateContent` answer: "Hello!" with usage. */
export const okBody = {
  candidates: [{ content: { role: 'model', parts: [{ text: 'Hello!' }] }, finishReason: 'STOP', index: 0 }],
  usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 },
  modelVersion: 'gemini-2.5-flash',
  responseId: 'resp-1',
};

export const hi: CompletionRequest = {
  model: 'gemini-2.5-flash',
  messages: [{ role: 'user', content: 'Hi' }],
};

/** Answers one request the server received. */
export type GeminiHandler = (received: ReceivedRequest, response: ServerResponse) => void;

/** A local server for a test file, with the handler the next request meets. */
export interface GeminiTestServer {
  readonly server: LocalServer;
  /** Answers the next requests; reset to `okBody` after each test. */
  handle: GeminiHandler;
  /** A Gemini provider pointed at the server. */
  provider(overrides?: Partial<Parameters<typeof gemini>[0]>): Provider;
}

/** Starts a local server for the calling test file and resets it between tests. */
export function useGeminiTestServer(): GeminiTestServer {
  const ok: GeminiHandler = (_received, response) => sendJson(response, 200, okBody);
  let server: LocalServer | undefined;
  const local: GeminiTestServer = {
    get server() {
      return server!;
    },
    handle: ok,
    provider: (overrides = {}) => gemini({ apiKey, baseURL: `${server!.url}/v1beta/`, ...overrides }),
  };
  beforeAll(async () => {
    server = await startLocalServer((received, response) => local.handle(received, response));
  });
  afterAll(async () => {
    await server?.close();
  });
  afterEach(() => {
    local.handle = ok;
    if (server) server.requests.length = 0;
  });
  return local;
}

/** Every part of a stream. */
export async function collect(iterable: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of iterable) parts.push(part);
  return parts;
}

/** The `RouterError` a promise rejects with; fails the test otherwise. */
export async function failureOf(promise: Promise<unknown>): Promise<RouterError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(RouterError.isInstance(error), 'a RouterError was thrown').toBe(true);
  return error as RouterError;
}

/** A Google API error body. */
export const googleError = (code: number, status: string, message: string, details?: unknown[]) => ({
  error: { code, message, status, ...(details ? { details } : {}) },
});
