import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiCallError } from '../../src/errors/api-call-error.js';
import { gemini } from '../../src/providers/gemini/index.js';
import type { Provider } from '../../src/types/provider.js';
import type { StreamPart } from '../../src/types/stream-part.js';
import type { FinishReason, Usage } from '../../src/types/usage.js';
import {
  chunksToSse,
  readRecorded,
  recordedDir,
  recordedFiles,
  recordedSkipReason,
} from '../helpers/fixtures.js';
import {
  type LocalServer,
  type ReceivedRequest,
  sendJson,
  sendSse,
  startLocalServer,
} from '../helpers/local-server.js';

interface Expected {
  text: string;
  toolCalls: Array<{ name: string; args: Record<string, unknown>; signed: boolean }>;
  /** Exact reasoning text, or its start, end and length when it is long. */
  reasoning: undefined | { startsWith: string; endsWith: string; length: number };
  usage: Usage;
  finishReason: FinishReason;
  model: string;
}

const stop: FinishReason = { unified: 'stop', raw: 'STOP' };
const toolCalls: FinishReason = { unified: 'tool_calls', raw: 'STOP' };
const weather = [{ name: 'weather', args: { location: 'San Francisco' }, signed: true }];
const usage = (input: number, candidates: number, thoughts: number, total: number): Usage => ({
  inputTokens: input,
  outputTokens: candidates + thoughts,
  reasoningTokens: thoughts,
  totalTokens: total,
});
const answer = 'There are **3** "r"s in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.';

/** What each recording must produce. A recording without an entry fails the suite. */
const expectations: Record<string, Expected> = {
  'google-text.json': {
    text: "There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.",
    toolCalls: [],
    reasoning: undefined,
    usage: usage(9, 28, 244, 281),
    finishReason: stop,
    model: 'gemini-3-pro-preview',
  },
  'google-text.chunks.txt': {
    text: 'There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y',
    toolCalls: [],
    reasoning: undefined,
    usage: usage(9, 23, 185, 217),
    finishReason: stop,
    model: 'gemini-3-pro-preview',
  },
  'google-reasoning.json': {
    text: answer,
    toolCalls: [],
    reasoning: undefined,
    usage: usage(9, 29, 282, 320),
    finishReason: stop,
    model: 'gemini-3-pro-preview',
  },
  'google-reasoning.chunks.txt': {
    text: answer,
    toolCalls: [],
    reasoning: undefined,
    usage: usage(9, 29, 256, 294),
    finishReason: stop,
    model: 'gemini-3-pro-preview',
  },
  'google-reasoning-gemini3.json': {
    text: answer,
    toolCalls: [],
    reasoning: undefined,
    usage: usage(9, 29, 258, 296),
    finishReason: stop,
    model: 'gemini-3-pro-preview',
  },
  'google-reasoning-gemini3.chunks.txt': {
    text: 'There are **3** "r"s in strawberry.\n\nSt**r**awbe**rr**y',
    toolCalls: [],
    reasoning: undefined,
    usage: usage(9, 23, 302, 334),
    finishReason: stop,
    model: 'gemini-3-pro-preview',
  },
  'google-tool-call.json': {
    text: '',
    toolCalls: weather,
    reasoning: undefined,
    usage: usage(29, 15, 893, 937),
    finishReason: toolCalls,
    model: 'gemini-3-pro-preview',
  },
  'google-tool-call.chunks.txt': {
    text: '',
    toolCalls: weather,
    reasoning: undefined,
    usage: usage(29, 15, 45, 89),
    finishReason: toolCalls,
    model: 'gemini-3-pro-preview',
  },
  'google-tool-call-gemini3.json': {
    text: '',
    toolCalls: weather,
    reasoning: undefined,
    usage: usage(29, 15, 1801, 1845),
    finishReason: toolCalls,
    model: 'gemini-3-pro-preview',
  },
  'google-tool-call-gemini3.chunks.txt': {
    text: '',
    toolCalls: weather,
    reasoning: undefined,
    usage: usage(29, 15, 804, 848),
    finishReason: toolCalls,
    model: 'gemini-3-pro-preview',
  },
  'google-stream-tool-call-arguments.chunks.txt': {
    text: '',
    toolCalls: [
      { name: 'getWeather', args: { location: 'Boston' }, signed: true },
      // Gemini signs only the first of parallel calls.
      { name: 'getWeather', args: { location: 'San Francisco' }, signed: false },
    ],
    reasoning: undefined,
    usage: usage(26, 23, 132, 181),
    finishReason: toolCalls,
    model: 'gemini-3.1-pro-preview',
  },
  'google-stream-no-args-tool-call.chunks.txt': {
    text: '',
    toolCalls: [
      { name: 'read_theme', args: {}, signed: true },
      { name: 'read_screen', args: { id: 'A' }, signed: false },
      { name: 'read_screen', args: { id: 'B' }, signed: false },
      { name: 'read_screen', args: { id: 'C' }, signed: false },
    ],
    reasoning: {
      startsWith: "**Processing User Requests**\n\nI've started by understanding the user's instructions.",
      endsWith: 'proceeding with "B" and "C" in parallel as instructed.\n\n\n',
      length: 320,
    },
    usage: usage(249, 58, 183, 490),
    finishReason: toolCalls,
    model: 'gemini-3-flash-preview',
  },
};

/** Error recordings: replayed as an HTTP error with this status. */
const errorStatuses: Record<string, number> = { 'google-429-retry-info.json': 429 };

/** The signatures the recording attached to function calls, in order, so pass-through is checked exactly. */
function recordedCallSignatures(recording: string): Array<string | undefined> {
  const signatures: Array<string | undefined> = [];
  const chunks = recording.trimStart().startsWith('{\n') ? [recording] : recording.split('\n');
  for (const line of chunks) {
    if (line.trim() === '') continue;
    const chunk = JSON.parse(line) as {
      candidates?: Array<{
        content?: { parts?: Array<{ functionCall?: { name?: string }; thoughtSignature?: string }> };
      }>;
    };
    for (const part of chunk.candidates?.[0]?.content?.parts ?? []) {
      if (part.functionCall?.name !== undefined) signatures.push(part.thoughtSignature);
    }
  }
  return signatures;
}

const title = recordedDir
  ? 'gemini conformance: recorded responses replayed through the adapter'
  : recordedSkipReason;

describe.skipIf(!recordedDir)(title, () => {
  const files = recordedFiles('gemini');
  let server: LocalServer;
  let provider: Provider;
  let reply: (response: ServerResponse) => void = (response) => sendJson(response, 500, {});

  beforeAll(async () => {
    server = await startLocalServer((_received: ReceivedRequest, response) => reply(response));
    provider = gemini({ apiKey: 'conformance-test-key-123456', baseURL: server.url });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('has an expectation for every recording, and a recording for every expectation', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files).toEqual([...Object.keys(expectations), ...Object.keys(errorStatuses)].sort());
  });

  for (const file of files.filter((name) => name.endsWith('.json') && errorStatuses[name] === undefined)) {
    it(`complete() replays ${file}`, async () => {
      const expected = expectations[file]!;
      const recording = readRecorded('gemini', file);
      reply = (response) => sendJson(response, 200, JSON.parse(recording));
      const response = await provider.complete({
        model: 'gemini-test',
        messages: [{ role: 'user', content: 'q' }],
      });

      expect(server.requests.at(-1)?.url).toBe('/models/gemini-test:generateContent');
      expect(response.text).toBe(expected.text);
      expect(response.choices[0].message.content).toBe(expected.toolCalls.length > 0 ? null : expected.text);
      expect(
        response.toolCalls.map((call) => ({ name: call.name, args: JSON.parse(call.arguments) })),
      ).toEqual(expected.toolCalls.map(({ name, args }) => ({ name, args })));
      const signatures = recordedCallSignatures(recording);
      expect(response.toolCalls.map((call) => call.providerMetadata?.gemini?.thoughtSignature)).toEqual(
        signatures,
      );
      expect(response.reasoningText).toBeUndefined();
      expect(response.usage).toEqual(expected.usage);
      expect(response.finishReason).toEqual(expected.finishReason);
      expect(response.model).toBe(expected.model);
      expect(response.id).toBe((JSON.parse(recording) as { responseId: string }).responseId);
    });
  }

  for (const file of files.filter((name) => name.endsWith('.chunks.txt'))) {
    it(`stream() replays ${file}`, async () => {
      const expected = expectations[file]!;
      const recording = readRecorded('gemini', file);
      reply = (response) => sendSse(response, chunksToSse(recording, 'gemini'));
      const parts: StreamPart[] = [];
      for await (const part of provider.stream({
        model: 'models/gemini-test',
        messages: [{ role: 'user', content: 'q' }],
      })) {
        parts.push(part);
      }

      expect(server.requests.at(-1)?.url).toBe('/models/gemini-test:streamGenerateContent?alt=sse');
      const text = parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
      expect(text).toBe(expected.text);

      const calls = parts.flatMap((part) => (part.type === 'tool-call' ? [part] : []));
      expect(
        calls.map((part) => ({ name: part.toolCall.name, args: JSON.parse(part.toolCall.arguments) })),
      ).toEqual(expected.toolCalls.map(({ name, args }) => ({ name, args })));
      expect(calls.map((part) => part.index)).toEqual(expected.toolCalls.map((_, index) => index));
      expect(new Set(calls.map((part) => part.toolCall.id)).size).toBe(calls.length);
      const signatures = calls.map((part) => part.toolCall.providerMetadata?.gemini?.thoughtSignature);
      expect(signatures.map((signature) => signature !== undefined)).toEqual(
        expected.toolCalls.map((call) => call.signed),
      );
      expect(signatures.filter((signature) => signature !== undefined)).toEqual(
        recordedCallSignatures(recording).filter((signature) => signature !== undefined),
      );
      for (const call of calls) {
        const deltas = parts.flatMap((part) =>
          part.type === 'tool-call-delta' && part.index === call.index ? [part.argumentsDelta] : [],
        );
        expect(deltas.join(''), `deltas of call ${call.index}`).toBe(call.toolCall.arguments);
      }

      const reasoning = parts.map((part) => (part.type === 'reasoning-delta' ? part.text : '')).join('');
      const ends = parts.flatMap((part) => (part.type === 'reasoning-end' ? [part.block] : []));
      if (expected.reasoning === undefined) {
        expect(reasoning).toBe('');
        expect(ends).toEqual([]);
      } else {
        expect(reasoning.startsWith(expected.reasoning.startsWith)).toBe(true);
        expect(reasoning.endsWith(expected.reasoning.endsWith)).toBe(true);
        expect(reasoning.length).toBe(expected.reasoning.length);
        expect(ends).toEqual([{ text: reasoning, provider: 'gemini' }]);
      }

      const finish = parts.at(-1);
      expect(parts.filter((part) => part.type === 'finish')).toHaveLength(1);
      expect(finish).toEqual({
        type: 'finish',
        finishReason: expected.finishReason,
        usage: expected.usage,
        id: (JSON.parse(recording.split('\n')[0]!) as { responseId: string }).responseId,
        model: expected.model,
      });
    });
  }

  for (const [file, status] of Object.entries(errorStatuses)) {
    it(`replays ${file} as HTTP ${status} through complete() and stream()`, async () => {
      const body = JSON.parse(readRecorded('gemini', file));
      reply = (response) => sendJson(response, status, body);
      const request = { model: 'gemini-test', messages: [{ role: 'user' as const, content: 'q' }] };
      const fromComplete = await provider.complete(request).catch((error: unknown) => error);
      const fromStream = await (async () => {
        for await (const _part of provider.stream(request)) {
          // An error status must throw before any part.
          expect.unreachable('a part arrived before the error');
        }
      })().catch((error: unknown) => error);
      for (const error of [fromComplete, fromStream]) {
        expect(ApiCallError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({
          kind: 'rate_limited',
          status: 429,
          retryAfterMs: 34_400,
          code: 'RESOURCE_EXHAUSTED',
          provider: 'gemini',
          model: 'gemini-test',
          message: 'gemini 429: You exceeded your current quota, please check your plan.',
        });
      }
    });
  }
});
