import { generateText, jsonSchema, streamText, type Tool, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouterProvider } from '../../src/ai-sdk/index.js';
import { type CompletionResponse, createRouter, type Provider, RouterError } from '../../src/index.js';
import { anthropic, azureOpenai, gemini, openai, openaiCompatible } from '../../src/providers/index.js';
import type { PresetName } from '../../src/providers/openai-compatible/index.js';
import {
  chunksToSse,
  readRecorded,
  recordedDir,
  recordedFiles,
  recordedSkipReason,
} from '../helpers/fixtures.js';
import { type LocalServer, sendJson, sendSse, startLocalServer } from '../helpers/local-server.js';

/**
 * Each recording is replayed twice through the same router: once read with `router.complete` /
 * `router.stream` (which the per-provider conformance suites check against the raw recordings), once
 * through `llmrouter/ai-sdk` with `generateText` / `streamText`. The AI SDK must see the same text,
 * reasoning, tool calls, usage and finish reason, or the same error.
 */
const folders = ['openai', 'anthropic', 'gemini', 'openai-compatible'] as const;
type Folder = (typeof folders)[number];

const apiKey = 'replay-key-0123456789abcdef';

function presetOf(file: string): PresetName {
  const service = file.split('-')[0];
  if (service === 'deepseek' || service === 'groq' || service === 'mistral' || service === 'xai')
    return service;
  return 'openrouter';
}

function providerFor(folder: Folder, file: string, url: string): Provider {
  switch (folder) {
    case 'openai':
      return file.startsWith('azure')
        ? azureOpenai({ apiKey, baseURL: `${url}/openai`, deployments: { 'replay-model': 'model-router' } })
        : openai({ apiKey, baseURL: `${url}/v1` });
    case 'anthropic':
      return anthropic({ apiKey, baseURL: `${url}/v1` });
    case 'gemini':
      return gemini({ apiKey, baseURL: url });
    case 'openai-compatible':
      return openaiCompatible({ preset: presetOf(file), apiKey, baseURL: url });
  }
}

const streaming = (file: string) => !file.endsWith('.json');
const replayable = (file: string) =>
  file.endsWith('.json') || file.endsWith('.chunks.txt') || file.endsWith('.sse') || file.startsWith('sdk-');

function serveRecording(folder: Folder, file: string, response: Parameters<typeof sendSse>[0]): void {
  const text = readRecorded(folder, file);
  if (file.endsWith('.json')) {
    const body = JSON.parse(text) as { error?: { code?: number } };
    const status = typeof body.error?.code === 'number' ? body.error.code : body.error ? 400 : 200;
    sendJson(response, status, body);
  } else if (file.endsWith('.chunks.txt')) {
    const style = folder === 'anthropic' ? 'anthropic' : folder === 'gemini' ? 'gemini' : 'openai';
    sendSse(response, chunksToSse(text, style));
  } else {
    sendSse(response, text);
  }
}

interface Seen {
  text: string;
  reasoning: string[];
  toolCalls: Array<{ id: string; name: string; input: unknown }>;
  usage: { input?: number; output?: number; reasoning?: number; cached?: number };
  finishReason: string;
}

const finishWords: Record<string, string> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  content_filter: 'content-filter',
  error: 'error',
  other: 'other',
};

function fromRouter(response: CompletionResponse): Seen {
  return {
    text: response.text,
    reasoning: (response.choices[0].message.reasoning ?? []).map((block) => block.text).filter(Boolean),
    toolCalls: response.toolCalls.map((call) => ({
      id: call.id,
      name: call.name,
      input: JSON.parse(call.arguments === '' ? '{}' : call.arguments),
    })),
    usage: {
      input: response.usage.inputTokens,
      output: response.usage.outputTokens,
      reasoning: response.usage.reasoningTokens,
      cached: response.usage.cachedInputTokens,
    },
    finishReason: finishWords[response.finishReason.unified]!,
  };
}

const title = recordedDir
  ? 'ai-sdk conformance: recorded responses replayed through llmrouter/ai-sdk match the router'
  : recordedSkipReason;

describe.skipIf(!recordedDir)(title, () => {
  let server: LocalServer;
  let current: { folder: Folder; file: string } = { folder: 'openai', file: '' };

  beforeAll(async () => {
    server = await startLocalServer((_received, response) =>
      serveRecording(current.folder, current.file, response),
    );
  });
  afterAll(() => server.close());

  const cases = folders.flatMap((folder) =>
    recordedFiles(folder)
      .filter(replayable)
      .map((file) => ({ folder, file })),
  );

  it('finds recordings to replay', () => {
    expect(cases.length).toBeGreaterThan(20);
  });

  it.each(cases)('$folder/$file', async ({ folder, file }) => {
    current = { folder, file };
    const router = createRouter({
      providers: { recorded: providerFor(folder, file, server.url) },
      modelMap: { 'replay-model': 'recorded' },
    });
    const request = { model: 'replay-model', messages: [{ role: 'user' as const, content: 'Replay' }] };
    let expected: Seen | RouterError;
    try {
      if (streaming(file)) {
        const stream = router.stream(request);
        for await (const _part of stream) {
          // drain
        }
        expected = fromRouter(await stream.response);
      } else {
        expected = fromRouter(await router.complete(request));
      }
    } catch (error) {
      if (!RouterError.isInstance(error)) throw error;
      expected = error;
    }

    const tools: Record<string, Tool> = {};
    if (!RouterError.isInstance(expected)) {
      for (const call of expected.toolCalls)
        tools[call.name] = tool({ inputSchema: jsonSchema({ type: 'object' }) });
    }
    const model = createRouterProvider(router)('replay-model');
    const settings = { model, prompt: 'Replay', tools, maxRetries: 0 };
    let seen: Seen | RouterError;
    try {
      const result = streaming(file)
        ? await (async () => {
            let failure: unknown;
            const run = streamText({
              ...settings,
              onError: ({ error }) => {
                failure = error;
              },
            });
            await run.consumeStream();
            if (failure !== undefined) throw failure;
            return {
              text: await run.text,
              reasoning: await run.reasoning,
              toolCalls: await run.toolCalls,
              usage: await run.usage,
              finishReason: await run.finishReason,
            };
          })()
        : await generateText(settings);
      seen = {
        text: result.text,
        reasoning: result.reasoning.map((part) => part.text).filter(Boolean),
        toolCalls: result.toolCalls.map((call) => ({
          id: call.toolCallId,
          name: call.toolName,
          input: call.input,
        })),
        usage: {
          input: result.usage.inputTokens,
          output: result.usage.outputTokens,
          reasoning: result.usage.outputTokenDetails.reasoningTokens,
          cached: result.usage.inputTokenDetails.cacheReadTokens,
        },
        finishReason: result.finishReason,
      };
    } catch (error) {
      seen = error as RouterError;
    }

    if (RouterError.isInstance(expected)) {
      expect(RouterError.isInstance(seen)).toBe(true);
      expect((seen as RouterError).kind).toBe(expected.kind);
    } else {
      expect(seen).toEqual(expected);
    }
  });
});
