import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anthropic } from '../../src/providers/anthropic/index.js';
import type { Provider } from '../../src/types/provider.js';
import type { CompletionRequest } from '../../src/types/request.js';
import type { StreamPart } from '../../src/types/stream-part.js';
import {
  chunksToSse,
  readRecorded,
  recordedDir,
  recordedFiles,
  recordedSkipReason,
} from '../helpers/fixtures.js';
import { type LocalServer, sendSse, startLocalServer } from '../helpers/local-server.js';
import {
  type AnthropicExpected as Expected,
  type AnthropicExpectedFailure as ExpectedFailure,
  anthropicExpectations as expectations,
} from './expectations/anthropic.js';

function request(expected?: Expected | ExpectedFailure): CompletionRequest {
  const base: CompletionRequest = { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }] };
  if (expected && 'json' in expected && expected.json) {
    base.responseFormat = {
      type: 'json_schema',
      schema: { type: 'object', properties: { elements: { type: 'array' } } },
    };
  }
  return base;
}

function serve(file: string, response: ServerResponse): void {
  const text = readRecorded('anthropic', file);
  if (file.endsWith('.json')) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(text);
  } else if (file.endsWith('.chunks.txt')) {
    sendSse(response, chunksToSse(text, 'anthropic'));
  } else {
    // sdk-*.txt recordings are whole SSE bodies, framing and pings included.
    sendSse(response, text);
  }
}

const title = recordedDir
  ? 'anthropic conformance: recorded responses replayed through the adapter'
  : recordedSkipReason;

describe.skipIf(!recordedDir)(title, () => {
  let server: LocalServer;
  let current = '';
  let provider: Provider;

  beforeAll(async () => {
    server = await startLocalServer((_received, response) => serve(current, response));
    // The JSON recordings were made through the forced-tool path, so replay them through it.
    provider = anthropic({
      apiKey: 'sk-ant-conformance-key-0000',
      baseURL: `${server.url}/v1`,
      structuredOutput: 'tool',
    });
  });
  afterAll(() => server?.close());

  const files = recordedFiles('anthropic');

  it('has an expectation for every recording, and a recording for every expectation', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files).toEqual(Object.keys(expectations).sort());
  });

  it.each(files)('%s', async (file) => {
    const expected = expectations[file];
    if (!expected) throw new Error(`No expectation for recording ${file}: add one`);
    current = file;

    if (file.endsWith('.json')) {
      if ('failsWith' in expected) throw new Error('complete() recordings cannot expect a stream failure');
      const response = await provider.complete(request(expected));
      expect(response.id).toBe(expected.id);
      expect(response.model).toBe(expected.model);
      expect(response.text).toBe(expected.text);
      expect(
        response.toolCalls.map((call) => ({ name: call.name, args: JSON.parse(call.arguments) })),
      ).toEqual(expected.toolCalls);
      expect(response.choices[0].message.reasoning ?? []).toEqual(expected.reasoning);
      expect(response.usage).toEqual(expected.usage);
      expect(response.finishReason).toEqual(expected.finishReason);
      return;
    }

    const parts: StreamPart[] = [];
    let failure: unknown;
    try {
      for await (const part of provider.stream(request(expected))) parts.push(part);
    } catch (error) {
      failure = error;
    }

    if ('failsWith' in expected) {
      expect(failure).toBeInstanceOf(expected.failsWith);
      expect(parts).toEqual(expected.partsBeforeFailure);
      return;
    }
    expect(failure).toBeUndefined();

    const finishes = parts.filter((part) => part.type === 'finish');
    expect(finishes).toHaveLength(1);
    expect(parts.at(-1)?.type).toBe('finish');
    const finish = finishes[0]!;
    expect(finish.id).toBe(expected.id);
    expect(finish.model).toBe(expected.model);
    expect(finish.usage).toEqual(expected.usage);
    expect(finish.finishReason).toEqual(expected.finishReason);

    const text = parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
    expect(text).toBe(expected.text);
    if (expected.json) expect(JSON.parse(text)).toEqual(JSON.parse(expected.text));

    const toolCalls = parts.flatMap((part) => (part.type === 'tool-call' ? [part.toolCall] : []));
    expect(toolCalls.map((call) => ({ name: call.name, args: JSON.parse(call.arguments) }))).toEqual(
      expected.toolCalls,
    );
    // Every complete tool call's streamed fragments add up to its arguments.
    for (const [index, call] of toolCalls.entries()) {
      const streamed = parts
        .map((part) => (part.type === 'tool-call-delta' && part.index === index ? part.argumentsDelta : ''))
        .join('');
      expect(streamed === '' ? '{}' : streamed).toBe(call.arguments);
    }

    const reasoning = parts.flatMap((part) => (part.type === 'reasoning-end' ? [part.block] : []));
    expect(reasoning).toEqual(expected.reasoning);
    const reasoningDeltas = parts.map((part) => (part.type === 'reasoning-delta' ? part.text : '')).join('');
    expect(reasoningDeltas).toBe(expected.reasoning.map((block) => block.text).join(''));
  });

  it('streams the truncated tool call of sdk-incomplete_partial_json_response as deltas only', async () => {
    current = 'sdk-incomplete_partial_json_response.txt';
    const parts: StreamPart[] = [];
    for await (const part of provider.stream(request())) parts.push(part);
    const deltas = parts.flatMap((part) => (part.type === 'tool-call-delta' ? [part] : []));
    expect(new Set(deltas.map((part) => `${part.index}:${part.id}:${part.name}`))).toEqual(
      new Set(['0:toolu_01EKqbqmZrGRXy18eN7m9kvY:make_file']),
    );
    const partial = deltas.map((part) => part.argumentsDelta).join('');
    expect(partial.startsWith('{"filename": "taxes.txt", "lines_of_text": [')).toBe(true);
    expect(partial.endsWith('"Filing taxes')).toBe(true);
    expect(() => JSON.parse(partial)).toThrow();
    expect(parts.some((part) => part.type === 'tool-call')).toBe(false);
  });
});
