import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openaiCompatible } from '../../src/providers/openai-compatible/index.js';
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
  type CompatibleExpected as Expected,
  compatibleExpectations as expectations,
  presetOf,
} from './expectations/openai-compatible.js';
import { fromRecording, recordedReasoning, recordedText } from './expectations/recorded-readings.js';

const folder = 'openai-compatible';

let server: LocalServer;
let serve: { status: number; json?: unknown; sse?: string } = { status: 200 };

const request: CompletionRequest = {
  model: 'recorded-model',
  messages: [{ role: 'user', content: 'Replay' }],
};

function providerFor(file: string) {
  return openaiCompatible({ preset: presetOf(file), apiKey: 'replay-key-0123456789', baseURL: server.url });
}

/** Assembles stream parts the way a consumer would, checking the stream's own invariants on the way. */
function assemble(parts: StreamPart[]) {
  const finishes = parts.filter((part): part is FinishPart => part.type === 'finish');
  expect(finishes).toHaveLength(1);
  expect(parts.at(-1)).toBe(finishes[0]);
  const text = parts.flatMap((part) => (part.type === 'text-delta' ? [part.text] : [])).join('');
  const reasoning = parts.flatMap((part) => (part.type === 'reasoning-delta' ? [part.text] : [])).join('');
  const blocks = parts.flatMap((part) => (part.type === 'reasoning-end' ? [part.block.text] : [])).join('');
  expect(blocks).toBe(reasoning);
  const toolCalls = parts.flatMap((part) => (part.type === 'tool-call' ? [part] : []));
  toolCalls.forEach((part, position) => {
    expect(part.index).toBe(position);
    const streamed = parts
      .flatMap((other) =>
        other.type === 'tool-call-delta' && other.index === position ? [other.argumentsDelta] : [],
      )
      .join('');
    expect(streamed === '' ? '{}' : streamed).toBe(part.toolCall.arguments);
  });
  return {
    text,
    reasoning: reasoning === '' ? undefined : reasoning,
    toolCalls: toolCalls.map((part) => part.toolCall),
    finish: finishes[0]!,
  };
}

function resolveExpected(file: string, expected: Expected, raw: string) {
  const text = expected.text === fromRecording ? recordedText(file, raw) : expected.text;
  const reasoning = expected.reasoning === fromRecording ? recordedReasoning(file, raw) : expected.reasoning;
  if (expected.textStart !== undefined) expect(text.startsWith(expected.textStart)).toBe(true);
  if (expected.reasoning === fromRecording) expect(reasoning?.length).toBeGreaterThan(20);
  return { text, reasoning };
}

const replayable = (file: string) =>
  file.endsWith('.json') || file.endsWith('.chunks.txt') || file.endsWith('.sse');

const title = recordedDir
  ? `${folder} conformance: recorded responses replayed through openaiCompatible presets`
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

  it('has an expectation for every recording, and a recording for every expectation', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files).toEqual(Object.keys(expectations).sort());
  });

  it.each(files.filter((file) => file.endsWith('.json')))('%s through complete()', async (file) => {
    const expected = expectations[file]!;
    const raw = readRecorded(folder, file);
    serve = { status: 200, json: JSON.parse(raw) };
    const { text, reasoning } = resolveExpected(file, expected, raw);
    const response = await providerFor(file).complete(request);
    expect(response.id).toBe(expected.id);
    expect(response.provider).toBe(presetOf(file));
    expect(response.model).toBe(expected.model);
    expect(response.text).toBe(text);
    const toolCalls = expected.toolCalls ?? [];
    expect(response.choices[0].message.content).toBe(text === '' && toolCalls.length > 0 ? null : text);
    expect(response.reasoningText).toBe(reasoning === '' ? undefined : reasoning);
    expect(response.toolCalls).toEqual(toolCalls);
    expect(response.usage).toStrictEqual(expected.usage);
    expect(response.finishReason).toEqual(expected.finishReason);
  });

  it.each(files.filter((file) => !file.endsWith('.json')))('%s through stream()', async (file) => {
    const expected = expectations[file]!;
    const raw = readRecorded(folder, file);
    serve = { status: 200, sse: file.endsWith('.sse') ? raw : chunksToSse(raw, 'openai') };
    const { text, reasoning } = resolveExpected(file, expected, raw);
    const parts: StreamPart[] = [];
    for await (const part of providerFor(file).stream(request)) parts.push(part);
    const assembled = assemble(parts);
    expect(assembled.text).toBe(text);
    expect(assembled.reasoning).toBe(reasoning === '' ? undefined : reasoning);
    expect(assembled.toolCalls).toEqual(expected.toolCalls ?? []);
    expect(assembled.finish).toStrictEqual({
      type: 'finish',
      finishReason: expected.finishReason,
      usage: expected.usage,
      id: expected.id,
      model: expected.model,
    });
    expect(parts.filter((part) => part.type === 'text-delta' && part.text === '')).toEqual([]);
  });
});
