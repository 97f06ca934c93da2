import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiCallError } from '../../src/errors/api-call-error.js';
import { azureOpenai } from '../../src/providers/azure/index.js';
import { openai } from '../../src/providers/openai/index.js';
import type { Provider } from '../../src/types/provider.js';
import type { CompletionRequest } from '../../src/types/request.js';
import type { FinishPart, StreamPart } from '../../src/types/stream-part.js';
import {
  chunksToSse,
  readRecorded,
  recordedDir,
  recordedFiles,
  recordedSkipReason,
} from '../helpers/fixtures.js';
import { type LocalServer, sendJson, sendSse, startLocalServer } from '../helpers/local-server.js';
import {
  type OpenAIExpected as Expected,
  type OpenAIExpectedError as ExpectedError,
  openaiExpectations as expectations,
} from './expectations/openai.js';
import { fromRecording, recordedText } from './expectations/recorded-readings.js';

const folder = 'openai';

let server: LocalServer;
let serve: { status: number; json?: unknown; sse?: string } = { status: 200 };
const request: CompletionRequest = { model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'Replay' }] };

function providerFor(via: 'openai' | 'azure'): Provider {
  const apiKey = 'sk-replay-0123456789abcdef';
  return via === 'azure'
    ? azureOpenai({
        apiKey,
        baseURL: `${server.url}/openai`,
        deployments: { 'gpt-4.1-nano': 'model-router' },
      })
    : openai({ apiKey, baseURL: `${server.url}/v1` });
}

function assemble(parts: StreamPart[]) {
  const finishes = parts.filter((part): part is FinishPart => part.type === 'finish');
  expect(finishes).toHaveLength(1);
  expect(parts.at(-1)).toBe(finishes[0]);
  expect(parts.filter((part) => part.type === 'text-delta' && part.text === '')).toEqual([]);
  return {
    text: parts.flatMap((part) => (part.type === 'text-delta' ? [part.text] : [])).join(''),
    others: parts.filter((part) => part.type !== 'text-delta' && part.type !== 'finish'),
    finish: finishes[0]!,
  };
}

const replayable = (file: string) =>
  file.endsWith('.json') || file.endsWith('.chunks.txt') || file.endsWith('.sse');

const title = recordedDir
  ? `${folder} conformance: recorded responses replayed through openai and azureOpenai`
  : recordedSkipReason;

describe.skipIf(!recordedDir)(title, () => {
  beforeAll(async () => {
    server = await startLocalServer((_received, response) => {
      if (serve.sse !== undefined) sendSse(response, serve.sse);
      else sendJson(response, serve.status, serve.json);
    });
  });
  afterAll(() => server.close());

  const files = recordedFiles(folder).filter(replayable);
  const entry = (file: string) => expectations[file]!;

  it('has an expectation for every recording, and a recording for every expectation', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files).toEqual(Object.keys(expectations).sort());
  });

  it.each(files.filter((file) => file.endsWith('.json') && entry(file).kind === 'response'))(
    '%s through complete()',
    async (file) => {
      const expected = entry(file) as Expected;
      const raw = readRecorded(folder, file);
      serve = { status: 200, json: JSON.parse(raw) };
      const text = expected.text === fromRecording ? recordedText(file, raw) : expected.text;
      expect(text.startsWith(expected.textStart ?? '')).toBe(true);
      const response = await providerFor(expected.via).complete(request);
      expect(server.requests.at(-1)?.url).toBe('/v1/chat/completions');
      expect(response).toMatchObject({ id: expected.id, model: expected.model, provider: 'openai' });
      expect(response.text).toBe(text);
      expect(response.choices[0].message).toEqual({ role: 'assistant', content: text });
      expect(response.toolCalls).toEqual([]);
      expect(response.reasoningText).toBeUndefined();
      expect(response.usage).toStrictEqual(expected.usage);
      expect(response.finishReason).toEqual(expected.finishReason);
    },
  );

  it.each(files.filter((file) => !file.endsWith('.json')))('%s through stream()', async (file) => {
    const expected = entry(file) as Expected;
    const raw = readRecorded(folder, file);
    serve = { status: 200, sse: file.endsWith('.sse') ? raw : chunksToSse(raw, 'openai') };
    const text = expected.text === fromRecording ? recordedText(file, raw) : expected.text;
    expect(text.startsWith(expected.textStart ?? '')).toBe(true);
    const parts: StreamPart[] = [];
    for await (const part of providerFor(expected.via).stream(request)) parts.push(part);
    const assembled = assemble(parts);
    expect(server.requests.at(-1)?.url).toBe(
      expected.via === 'azure'
        ? '/openai/deployments/model-router/chat/completions?api-version=2024-10-21'
        : '/v1/chat/completions',
    );
    expect(assembled.text).toBe(text);
    expect(assembled.others).toEqual([]);
    expect(assembled.finish).toStrictEqual({
      type: 'finish',
      finishReason: expected.finishReason,
      usage: expected.usage,
      id: expected.id,
      model: expected.model,
    });
  });

  it.each(files.filter((file) => entry(file).kind === 'error'))(
    '%s served as an error status, through complete() and stream()',
    async (file) => {
      const expected = entry(file) as ExpectedError;
      serve = { status: expected.status, json: JSON.parse(readRecorded(folder, file)) };
      const provider = providerFor('openai');
      const fromComplete = await provider.complete(request).catch((error: unknown) => error);
      const fromStream = await (async () => {
        for await (const _part of provider.stream(request)) {
          // No part may arrive before the error.
          expect.unreachable();
        }
      })().catch((error: unknown) => error);
      for (const error of [fromComplete, fromStream]) {
        expect(ApiCallError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({
          kind: expected.errorKind,
          status: expected.status,
          code: expected.code,
          message: expected.message,
          provider: 'openai',
          model: 'gpt-4.1-nano',
          retryAfterMs: undefined,
        });
      }
    },
  );
});
