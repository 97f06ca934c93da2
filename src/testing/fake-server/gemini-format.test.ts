import { describe, expect, it } from 'vitest';
import type { FakeErrorReason, FakeReplyContent } from './fake-behaviour.js';
import { geminiFormat } from './gemini-format.js';
import { resolveReply } from './resolve-reply.js';
import type { RenderContext } from './wire-format.js';

const richReply: FakeReplyContent = {
  reasoning: 'Let me think.',
  text: 'Sunny in Paris today.',
  toolCalls: [{ name: 'weather', arguments: { city: 'Paris' } }],
  usage: { inputTokens: 120, cachedInputTokens: 100, outputTokens: 40, reasoningTokens: 12 },
};

const context: RenderContext = {
  serial: 5,
  id: geminiFormat.responseId(5),
  model: 'gemini-test',
  created: 1_700_000_000,
  includeUsage: false,
};

interface Chunk {
  candidates: {
    content: { role: string; parts: { text?: string; thought?: boolean; functionCall?: unknown }[] };
    finishReason?: string;
    index: number;
  }[];
  usageMetadata: {
    promptTokenCount: number;
    candidatesTokenCount: number;
    totalTokenCount: number;
    cachedContentTokenCount?: number;
    thoughtsTokenCount?: number;
  };
  modelVersion: string;
  responseId: string;
}

function chunksOf(parts: string[]): Chunk[] {
  return parts.map((part) => {
    expect(part).toMatch(/^data: [^\n]*\n\n$/);
    return JSON.parse(part.slice('data: '.length)) as Chunk;
  });
}

describe('geminiFormat', () => {
  it('takes model and streaming from the path and requires contents', () => {
    expect(geminiFormat.readRequest({ contents: [] }, { model: 'gemini-test', stream: true })).toEqual({
      model: 'gemini-test',
      stream: true,
      includeUsage: false,
    });
    expect(geminiFormat.readRequest({}, { model: 'gemini-test', stream: false })).toEqual({
      invalid: '* GenerateContentRequest.contents: contents is not specified',
    });
  });

  it('renders a whole response with thought, text and functionCall parts', () => {
    const body = JSON.parse(geminiFormat.replyBody(resolveReply(richReply), context));
    // A GenerateContentResponse: candidates[] of { content: { role: 'model', parts }, finishReason, index }.
    expect(body.candidates).toHaveLength(1);
    const [candidate] = body.candidates;
    expect(candidate.content.role).toBe('model');
    // A thought summary is a text part flagged thought: true; a call is a functionCall part with args an object.
    expect(candidate.content.parts).toEqual([
      { text: 'Let me think.', thought: true },
      { text: 'Sunny in Paris today.' },
      { functionCall: { name: 'weather', args: { city: 'Paris' } } },
    ]);
    // Gemini says STOP even when the answer ends in function calls: there is no tool-call finish reason.
    expect(candidate.finishReason).toBe('STOP');
    expect(candidate.index).toBe(0);
    expect(body.modelVersion).toBe('gemini-test');
    expect(body.responseId).toBe('fakeResponse5');
    // promptTokenCount includes the cached part; candidatesTokenCount excludes thoughtsTokenCount
    // (40 output tokens, 12 of them thinking), and the total adds all three.
    expect(body.usageMetadata).toEqual({
      promptTokenCount: 120,
      cachedContentTokenCount: 100,
      candidatesTokenCount: 28,
      thoughtsTokenCount: 12,
      totalTokenCount: 160,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 120 }],
    });
    expect(Object.keys(body).sort()).toEqual(['candidates', 'modelVersion', 'responseId', 'usageMetadata']);
  });

  it('streams one part per chunk with cumulative usage and finishReason only on the last', () => {
    const chunks = chunksOf(geminiFormat.streamParts(resolveReply(richReply), context));
    let candidates = 0;
    let thoughts = 0;
    for (const chunk of chunks) {
      const usage = chunk.usageMetadata;
      expect(chunk.candidates).toHaveLength(1);
      expect(chunk.candidates[0]!.content.role).toBe('model');
      expect(chunk.candidates[0]!.content.parts).toHaveLength(1);
      expect(chunk.responseId).toBe('fakeResponse5');
      expect(usage.promptTokenCount).toBe(120);
      expect(usage.cachedContentTokenCount).toBe(100);
      expect(usage.candidatesTokenCount).toBeGreaterThanOrEqual(candidates);
      expect(usage.thoughtsTokenCount).toBeGreaterThanOrEqual(thoughts);
      expect(usage.totalTokenCount).toBe(120 + usage.candidatesTokenCount + (usage.thoughtsTokenCount ?? 0));
      candidates = usage.candidatesTokenCount;
      thoughts = usage.thoughtsTokenCount ?? 0;
    }
    expect([candidates, thoughts]).toEqual([28, 12]);
    expect(chunks.map((chunk) => chunk.candidates[0]!.finishReason)).toEqual([
      ...Array(chunks.length - 1).fill(undefined),
      'STOP',
    ]);
    const parts = chunks.map((chunk) => chunk.candidates[0]!.content.parts[0]!);
    expect(
      parts
        .filter((part) => part.thought)
        .map((part) => part.text)
        .join(''),
    ).toBe('Let me think.');
    expect(
      parts
        .filter((part) => !part.thought && part.text !== undefined)
        .map((part) => part.text)
        .join(''),
    ).toBe('Sunny in Paris today.');
    expect(parts.at(-1)).toEqual({ functionCall: { name: 'weather', args: { city: 'Paris' } } });
  });

  it('sends one empty-text chunk for an empty answer', () => {
    const chunks = chunksOf(geminiFormat.streamParts(resolveReply({ text: '' }), context));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.candidates[0]).toMatchObject({
      content: { parts: [{ text: '' }] },
      finishReason: 'STOP',
    });
  });

  it('maps finish reasons, reporting tool calls as STOP like Gemini', () => {
    const finishOf = (reply: FakeReplyContent) =>
      JSON.parse(geminiFormat.replyBody(resolveReply(reply), context)).candidates[0].finishReason;
    expect(finishOf({ toolCalls: [{ name: 'f', arguments: {} }] })).toBe('STOP');
    expect(finishOf({ finishReason: 'length' })).toBe('MAX_TOKENS');
    expect(finishOf({ finishReason: 'content_filter' })).toBe('SAFETY');
    expect(finishOf({ rawFinishReason: 'RECITATION' })).toBe('RECITATION');
  });

  it('renders google.rpc errors, with QuotaFailure and RetryInfo on 429s', () => {
    const table: [FakeErrorReason, number, string][] = [
      ['rate_limited', 429, 'RESOURCE_EXHAUSTED'],
      ['quota_exhausted', 429, 'RESOURCE_EXHAUSTED'],
      ['overloaded', 503, 'UNAVAILABLE'],
      ['server', 500, 'INTERNAL'],
      ['auth', 401, 'UNAUTHENTICATED'],
      ['permission', 403, 'PERMISSION_DENIED'],
      ['not_found', 404, 'NOT_FOUND'],
      ['bad_request', 400, 'INVALID_ARGUMENT'],
      ['context_length', 400, 'INVALID_ARGUMENT'],
    ];
    for (const [reason, status, name] of table) {
      expect(geminiFormat.errorStatus(reason)).toBe(status);
      const body = geminiFormat.errorBody({
        reason,
        status,
        message: undefined,
        retryDelayMs: undefined,
        model: 'g',
      });
      expect(body).toMatchObject({ error: { code: status, status: name } });
    }
    expect(
      geminiFormat.errorBody({
        reason: 'rate_limited',
        status: 429,
        message: 'slow down',
        retryDelayMs: 34_400,
        model: 'g',
      }),
    ).toEqual({
      error: {
        code: 429,
        message: 'slow down',
        status: 'RESOURCE_EXHAUSTED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
            violations: [{ quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier' }],
          },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '34.4s' },
        ],
      },
    });
  });

  it('sends the in-band error as an error chunk and malformed data that does not parse', () => {
    const error = {
      reason: 'overloaded' as const,
      status: 503,
      message: undefined,
      retryDelayMs: undefined,
      model: 'g',
    };
    expect(JSON.parse(geminiFormat.errorPart(error).slice('data: '.length))).toEqual({
      error: {
        code: 503,
        message: 'The model is overloaded. Please try again later.',
        status: 'UNAVAILABLE',
      },
    });
    expect(() => JSON.parse(geminiFormat.malformedPart(context).slice('data: '.length))).toThrow(SyntaxError);
  });
});
