import type { AIMessageChunk } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRouter, retry, StreamInterruptedError } from '../../src/index.js';
import { RouterChatModel } from '../../src/langchain/index.js';
import { anthropic, openai } from '../../src/providers/index.js';
import { type FakeProviderServer, faults, startFakeProviderServer } from '../../src/testing/index.js';

let server: FakeProviderServer;

beforeAll(async () => {
  server = await startFakeProviderServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  for (const name of ['openai', 'anthropic']) server.upstream(name).reset();
});

function chatModel() {
  const router = createRouter({
    providers: {
      openai: openai({ apiKey: 'sk-openai-test-0123', baseURL: server.upstream('openai').baseURL('openai') }),
      anthropic: anthropic({
        apiKey: 'sk-ant-test-0123',
        baseURL: server.upstream('anthropic').baseURL('anthropic'),
        models: ['claude-haiku-4-5'],
      }),
    },
    modelMap: { 'gpt-4o-mini': 'openai' },
    fallbacks: ['anthropic'],
    middleware: [retry({ attempts: 2, baseDelayMs: 1 })],
  });
  return new RouterChatModel({ router, model: 'gpt-4o-mini' });
}

const weather = tool(async ({ city }) => `sunny in ${city}`, {
  name: 'get_weather',
  description: 'Current weather for a city',
  schema: z.object({ city: z.string() }),
});

describe('llmrouter/langchain against the fake provider server', () => {
  it('invoke: text, usage_metadata and response_metadata with the trail; callbacks fire', async () => {
    server
      .upstream('openai')
      .enqueue(
        faults.reply({ text: 'Invoice.', usage: { inputTokens: 12, cachedInputTokens: 4, outputTokens: 3 } }),
      );
    const events: string[] = [];
    const answer = await chatModel().invoke(
      [
        ['system', 'One word.'],
        ['human', 'Classify'],
      ],
      {
        callbacks: [
          {
            handleChatModelStart: () => void events.push('start'),
            handleLLMEnd: () => void events.push('end'),
          },
        ],
      },
    );

    expect(answer.content).toBe('Invoice.');
    expect(answer.usage_metadata).toMatchObject({
      input_tokens: 12,
      output_tokens: 3,
      total_tokens: 15,
      input_token_details: { cache_read: 4 },
    });
    expect(answer.response_metadata).toMatchObject({ provider: 'openai', finish_reason: 'stop' });
    expect((answer.response_metadata.trail as unknown[]).length).toBe(1);
    expect(events).toEqual(['start', 'end']);
    expect(server.upstream('openai').requests[0]?.body).toMatchObject({
      messages: [
        { role: 'system', content: 'One word.' },
        { role: 'user', content: 'Classify' },
      ],
    });
  });

  it('a primary outage: invoke answers from the fallback with its own model, the trail shows why', async () => {
    server.upstream('openai').setDefault(faults.unavailable());
    server.upstream('anthropic').enqueue(faults.reply({ text: 'From Claude.' }));
    const answer = await chatModel().invoke('Hello');

    expect(answer.content).toBe('From Claude.');
    expect(answer.response_metadata).toMatchObject({ provider: 'anthropic', model_name: 'claude-haiku-4-5' });
    const trail = answer.response_metadata.trail as Array<{ provider: string; errorKind?: string }>;
    expect(trail.map((attempt) => [attempt.provider, attempt.errorKind ?? 'ok'])).toEqual([
      ['openai', 'overloaded'],
      ['openai', 'overloaded'],
      ['anthropic', 'ok'],
    ]);
    expect(server.upstream('anthropic').requests[0]?.model).toBe('claude-haiku-4-5');
  });

  it('stream with bound tools: tool_call_chunks arrive in pieces and join into the tool call', async () => {
    server.upstream('openai').enqueue(
      faults.reply({
        toolCalls: [{ id: 'call_9', name: 'get_weather', arguments: { city: 'Paris' } }],
        chunkSize: 4,
        usage: { inputTokens: 20, outputTokens: 8 },
      }),
    );
    const tokens: string[] = [];
    const stream = await chatModel()
      .bindTools([weather])
      .stream('Weather in Paris?', {
        callbacks: [{ handleLLMNewToken: (token) => void tokens.push(token) }],
      });
    let joined: AIMessageChunk | undefined;
    let chunkCount = 0;
    for await (const chunk of stream) {
      if ((chunk.tool_call_chunks ?? []).length > 0) chunkCount++;
      joined = joined === undefined ? chunk : joined.concat(chunk);
    }

    expect(chunkCount).toBeGreaterThan(1);
    expect(joined?.tool_calls).toEqual([
      { id: 'call_9', name: 'get_weather', args: { city: 'Paris' }, type: 'tool_call' },
    ]);
    expect(joined?.usage_metadata).toMatchObject({ input_tokens: 20, output_tokens: 8 });
    expect(joined?.response_metadata).toMatchObject({ provider: 'openai', finish_reason: 'tool_calls' });
    expect(tokens).toEqual([]);
    const body = server.upstream('openai').requests[0]?.body as {
      tools: Array<{ function: { name: string } }>;
    };
    expect(body.tools.map((definition) => definition.function.name)).toEqual(['get_weather']);
  });

  it('stream: text tokens reach handleLLMNewToken; an interruption after content is thrown', async () => {
    server.upstream('openai').enqueue(faults.resetAfter(3, { reply: { text: 'one two three four five' } }));
    const tokens: string[] = [];
    const stream = await chatModel().stream('Count', {
      callbacks: [{ handleLLMNewToken: (token) => void tokens.push(token) }],
    });
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.content as string;
    })().catch((thrown: unknown) => thrown);

    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect(text.length).toBeGreaterThan(0);
    expect(tokens.join('')).toBe(text);
    expect(server.upstream('anthropic').requests).toHaveLength(0);
  });

  it('withStructuredOutput(zodSchema) returns the parsed object', async () => {
    server
      .upstream('openai')
      .enqueue(
        faults.reply({ toolCalls: [{ name: 'document', arguments: { kind: 'invoice', total: 40 } }] }),
      );
    const structured = chatModel().withStructuredOutput(
      z.object({ kind: z.enum(['invoice', 'letter']), total: z.number() }),
      { name: 'document' },
    );
    expect(await structured.invoke('Classify')).toEqual({ kind: 'invoice', total: 40 });
  });

  it('batch runs each input through the router', async () => {
    server.upstream('openai').setHandler((request) => {
      const body = request.body as { messages: Array<{ content: string }> };
      return faults.reply({ text: `echo ${body.messages[0]?.content}` });
    });
    const answers = await chatModel().batch(['a', 'b']);
    expect(answers.map((answer) => answer.content)).toEqual(['echo a', 'echo b']);
  });
});
