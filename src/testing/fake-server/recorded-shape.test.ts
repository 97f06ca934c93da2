import { describe, expect, it } from 'vitest';
import {
  readRecorded,
  recordedDir,
  recordedFiles,
  recordedSkipReason,
} from '../../../test/helpers/fixtures.js';
import { anthropicFormat } from './anthropic-format.js';
import type { FakeReplyContent } from './fake-behaviour.js';
import { geminiFormat } from './gemini-format.js';
import { openaiFormat } from './openai-format.js';
import { resolveReply } from './resolve-reply.js';
import type { RenderContext, WireFormat } from './wire-format.js';

// Every field the fake server writes must be one real providers write: each JSON path in its bodies,
// chunks and events must appear somewhere in the recorded responses (plus a few documented fields the
// recordings happen not to exercise).

/** Free-form values (tool arguments) whose inner keys are the model's, not the format's. */
const freeForm = new Set(['args', 'input']);

/** Adds every JSON path of `value` (arrays as `[]`) under `prefix` to `into`. */
function collectPaths(value: unknown, target: { into: Set<string>; prefix?: string }): Set<string> {
  const { into, prefix = '' } = target;
  if (Array.isArray(value)) {
    for (const item of value) collectPaths(item, { into, prefix: `${prefix}[]` });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      into.add(path);
      if (!freeForm.has(key)) collectPaths(inner, { into, prefix: path });
    }
  }
  return into;
}

/** JSON payloads of a recording: a whole body, one per line, or the `data:` lines of an SSE body. */
function recordedPayloads(folder: string, file: string): unknown[] {
  const text = readRecorded(folder, file);
  if (file.endsWith('.json')) return [JSON.parse(text)];
  const lines = text
    .split('\n')
    .map((line) => (line.startsWith('data:') ? line.slice(5).trim() : line.trim()));
  return lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
}

/** Paths seen in the recordings, by kind: `body` for whole responses, `chunk` for stream payloads. */
function recordedPaths(folders: string[], anthropicEvents = false) {
  const body = new Set<string>();
  const chunk = new Set<string>();
  for (const folder of folders) {
    for (const file of recordedFiles(folder)) {
      const whole = file.endsWith('.json');
      for (const payload of recordedPayloads(folder, file)) {
        if (whole) collectPaths(payload, { into: body });
        else
          collectPaths(payload, {
            into: chunk,
            prefix: anthropicEvents ? (payload as { type: string }).type : '',
          });
      }
    }
  }
  return { body, chunk };
}

const reply: FakeReplyContent = {
  reasoning: 'Let me think.',
  text: 'Sunny in Paris.',
  toolCalls: [{ name: 'weather', arguments: { city: 'Paris' } }],
  usage: { inputTokens: 120, cachedInputTokens: 100, outputTokens: 40, reasoningTokens: 12 },
};

function rendered(format: WireFormat, anthropicEvents = false) {
  const context: RenderContext = {
    serial: 1,
    id: format.responseId(1),
    model: 'm',
    created: 1,
    includeUsage: true,
  };
  const resolved = resolveReply(reply);
  const body = collectPaths(JSON.parse(format.replyBody(resolved, context)), { into: new Set() });
  const chunk = new Set<string>();
  for (const part of format.streamParts(resolved, context)) {
    const data = /^data: (.*)$/m.exec(part)?.[1];
    if (!data || data === '[DONE]') continue;
    const payload = JSON.parse(data) as { type: string };
    collectPaths(payload, { into: chunk, prefix: anthropicEvents ? payload.type : '' });
  }
  return { body, chunk };
}

/** Our paths that no recording (and no documented extra in `allowed`) has. */
function missing(ours: Set<string>, allowed: Set<string>): string[] {
  return [...ours].filter((path) => !allowed.has(path));
}

function withDocumented(recorded: Set<string>, documented: string[]): Set<string> {
  return new Set([...recorded, ...documented]);
}

const title = recordedDir ? 'fake server output has the recorded providers’ shape' : recordedSkipReason;

describe.skipIf(!recordedDir)(title, () => {
  it('OpenAI bodies and chunks use only fields OpenAI and OpenAI-compatible APIs send', () => {
    const recorded = recordedPaths(['openai', 'openai-compatible']);
    const ours = rendered(openaiFormat);
    expect(missing(ours.body, recorded.body)).toEqual([]);
    expect(missing(ours.chunk, recorded.chunk)).toEqual([]);
  });

  it('Anthropic messages and events use only fields Anthropic sends, event by event', () => {
    const recorded = recordedPaths(['anthropic'], true);
    const ours = rendered(anthropicFormat, true);
    expect(missing(ours.body, recorded.body)).toEqual([]);
    expect(missing(ours.chunk, recorded.chunk)).toEqual([]);
  });

  it('Gemini responses and chunks use only fields Gemini sends', () => {
    const recorded = recordedPaths(['gemini']);
    const ours = rendered(geminiFormat);
    // Context caching, and thought summaries in whole responses, are documented but not in the recordings.
    const documented = ['usageMetadata.cachedContentTokenCount'];
    const bodyDocumented = [...documented, 'candidates[].content.parts[].thought'];
    expect(missing(ours.body, withDocumented(recorded.body, bodyDocumented))).toEqual([]);
    expect(missing(ours.chunk, withDocumented(recorded.chunk, documented))).toEqual([]);
  });

  it('error bodies match the recorded OpenAI and Gemini errors', () => {
    const error = { status: 429, message: undefined, retryDelayMs: 2_000, model: 'm' };
    const openaiError = collectPaths(openaiFormat.errorBody({ ...error, reason: 'rate_limited' }), {
      into: new Set(),
    });
    expect(missing(openaiError, recordedPaths(['openai']).body)).toEqual([]);
    const geminiError = collectPaths(geminiFormat.errorBody({ ...error, reason: 'rate_limited' }), {
      into: new Set(),
    });
    expect(missing(geminiError, recordedPaths(['gemini']).body)).toEqual([]);
  });
});
