import { expect } from 'vitest';
import { IncompleteStreamError } from '../../../src/errors/incomplete-stream-error.js';
import type { ReasoningBlock } from '../../../src/types/message.js';
import type { StreamPart } from '../../../src/types/stream-part.js';
import type { FinishReason, Usage } from '../../../src/types/usage.js';

// What each recording in ../shared/fixtures/recorded/anthropic must produce: the adapter-level
// expectations that test/conformance/anthropic.test.ts checks through the adapter and
// test/conformance/gateway-surfaces-*.test.ts through the gateway's surfaces.

export interface AnthropicExpected {
  /** The request asks for JSON through the adapter's json tool. */
  json?: boolean;
  id: string;
  model: string;
  text: string;
  toolCalls: Array<{ name: string; args: Record<string, unknown> }>;
  reasoning: ReasoningBlock[];
  usage: Usage;
  finishReason: FinishReason;
}

export interface AnthropicExpectedFailure {
  /** The stream must fail with this error; these are the parts delivered before it. */
  failsWith: typeof IncompleteStreamError;
  partsBeforeFailure: StreamPart[];
}

const stop: FinishReason = { unified: 'stop', raw: 'end_turn' };
const toolUse: FinishReason = { unified: 'tool_calls', raw: 'tool_use' };
const jsonAnswered: FinishReason = { unified: 'stop', raw: 'tool_use' };
const refusal: FinishReason = { unified: 'content_filter', raw: 'refusal' };
/** Usage where the recording reports cache fields (all zero here). */
const cached = (input: number, output: number): Usage => ({
  inputTokens: input,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: output,
  totalTokens: input + output,
});
const plain = (input: number, output: number): Usage => ({
  inputTokens: input,
  outputTokens: output,
  totalTokens: input + output,
});
const helloText =
  "Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?";
const gutenberg = 'The printing press was invented by Johannes Gutenberg around 1440.';

/** What each recording must produce through the adapter. A recording without an entry fails the suites. */
export const anthropicExpectations: Record<string, AnthropicExpected | AnthropicExpectedFailure> = {
  'anthropic-clear-thinking.1.json': {
    id: 'msg_01XrsJCi8CQoLcnnWdY8RsJz',
    model: 'claude-sonnet-4-5-20250929',
    text: '925 ÷ 5 = 185',
    toolCalls: [],
    reasoning: [
      {
        text: '925 divided by 5 = 185',
        signature: expect.stringMatching(/^Er4BCkYICxgCKkCoxqLH.*xRgB$/),
        provider: 'anthropic',
      },
    ],
    usage: cached(69, 33),
    finishReason: stop,
  },
  'anthropic-clear-thinking.1.chunks.txt': {
    id: 'msg_01Y6V41gqPaKWEw7iPouH7iW',
    model: 'claude-sonnet-4-5-20250929',
    text: '925 ÷ 5 = 185',
    toolCalls: [],
    reasoning: [
      {
        text: 'The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185',
        signature: expect.stringMatching(/^EvQBCkYICxgCKkAxhD4N.*17BgB$/),
        provider: 'anthropic',
      },
    ],
    usage: cached(69, 53),
    finishReason: stop,
  },
  'anthropic-fallback.json': {
    id: 'msg_01FallbackExampleAbcdefghij',
    model: 'claude-opus-4-8',
    text: gutenberg,
    toolCalls: [],
    reasoning: [],
    usage: cached(412, 264),
    finishReason: stop,
  },
  'anthropic-fallback.chunks.txt': {
    id: 'msg_01FallbackStreamAbcdefghij',
    // message_start names the requested model; the fallback block names the one that served.
    model: 'claude-opus-4-8',
    text: gutenberg,
    toolCalls: [],
    reasoning: [],
    usage: cached(412, 264),
    finishReason: stop,
  },
  'anthropic-json-tool.1.json': {
    json: true,
    id: 'msg_0191iYfpERYfS27xLsdW2nbb',
    model: 'claude-haiku-4-5-20251001',
    text: JSON.stringify({
      elements: [
        { location: 'San Francisco', temperature: -5, condition: 'snowy' },
        { location: 'London', temperature: 0, condition: 'snowy' },
        { location: 'Paris', temperature: 23, condition: 'cloudy' },
        { location: 'Berlin', temperature: -9, condition: 'snowy' },
      ],
    }),
    toolCalls: [],
    reasoning: [],
    usage: cached(1151, 87),
    finishReason: jsonAnswered,
  },
  'anthropic-json-tool.1.chunks.txt': {
    json: true,
    id: 'msg_01K2JbSUMYhez5RHoK9ZCj9U',
    model: 'claude-haiku-4-5-20251001',
    text: '{"elements": [{"location": "San Francisco", "temperature": 58, "condition": "sunny"}]}',
    toolCalls: [],
    reasoning: [],
    usage: cached(849, 47),
    finishReason: jsonAnswered,
  },
  'anthropic-message-delta-input-tokens.chunks.txt': {
    id: 'msg_3196a1cc08de4d76b85b8f5777c0d42b',
    model: 'claude-opus-4-5-20251101',
    text: 'pong',
    toolCalls: [],
    reasoning: [],
    // message_delta corrects the input count (43 -> 61).
    usage: plain(61, 2),
    finishReason: stop,
  },
  'anthropic-refusal-no-details.json': {
    id: 'msg_01RefusalNoDetailsAbcdefghij',
    model: 'claude-fable-5',
    text: '',
    toolCalls: [],
    reasoning: [],
    usage: cached(18, 5),
    finishReason: refusal,
  },
  'anthropic-refusal.json': {
    id: 'msg_01RefusalExampleAbcdefghijk',
    model: 'claude-fable-5',
    text: '',
    toolCalls: [],
    reasoning: [],
    usage: cached(18, 5),
    finishReason: refusal,
  },
  'anthropic-refusal.chunks.txt': {
    id: 'msg_01RefusalStreamAbcdefghijk',
    model: 'claude-fable-5',
    text: '',
    toolCalls: [],
    reasoning: [],
    usage: cached(18, 5),
    finishReason: refusal,
  },
  'anthropic-text.json': {
    id: 'msg_01VdEjxAP5ahtHKrrRdNBteQ',
    model: 'claude-sonnet-4-5-20250929',
    text: helloText,
    toolCalls: [],
    reasoning: [],
    usage: cached(12, 29),
    finishReason: stop,
  },
  'anthropic-text.chunks.txt': {
    id: 'msg_01QC4g3HwBThD4BaNtBckFDJ',
    model: 'claude-sonnet-4-5-20250929',
    text: "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?",
    toolCalls: [],
    reasoning: [],
    usage: cached(12, 30),
    finishReason: stop,
  },
  'anthropic-tool-no-args.json': {
    id: 'msg_01GCBaV8gyWAYgMVggRqZbuQ',
    model: 'claude-3-opus-20240229',
    text: '<thinking>\nThe updateIssueList tool was provided in the list of available functions. The tool has no required parameters, so it can be called without any additional information needed from the user.\n</thinking>\n\nOkay, I will update the current issue list:',
    toolCalls: [{ name: 'updateIssueList', args: {} }],
    reasoning: [],
    usage: cached(602, 93),
    finishReason: toolUse,
  },
  'anthropic-tool-no-args.chunks.txt': {
    id: 'msg_01GE2RKp1VYsPzdFs3sS9z5S',
    model: 'claude-sonnet-4-5-20250929',
    text: "I'll update the issue list for you.",
    toolCalls: [{ name: 'updateIssueList', args: {} }],
    reasoning: [],
    usage: cached(565, 48),
    finishReason: toolUse,
  },
  'duplicate-message-start.chunks.txt': {
    id: 'msg_dup',
    model: 'claude-3-haiku-20240307',
    text: 'Hello, World!',
    toolCalls: [],
    reasoning: [],
    usage: plain(17, 227),
    finishReason: stop,
  },
  'spliced-message-start.chunks.txt': {
    // A second generation spliced in while the first was open: the first was cut off mid tool call.
    failsWith: IncompleteStreamError,
    partsBeforeFailure: [
      { type: 'reasoning-delta', text: 'I will call the tool.' },
      {
        type: 'reasoning-end',
        block: { text: 'I will call the tool.', signature: 'sig-first', provider: 'anthropic' },
      },
      {
        type: 'tool-call-delta',
        index: 0,
        id: 'toolu_first',
        name: 'test-tool',
        argumentsDelta: '{"value":"Spark',
      },
    ],
  },
  'sdk-basic_response.txt': {
    id: 'msg_4QpJur2dWWDjF6C758FbBw5vm12BaVipnK',
    model: 'claude-opus-4-8',
    text: 'Hello there!',
    toolCalls: [],
    reasoning: [],
    usage: plain(11, 6),
    finishReason: stop,
  },
  'sdk-tool_use_response.txt': {
    id: 'msg_019Q1hrJbZG26Fb9BQhrkHEr',
    model: 'claude-opus-4-8',
    text: "I'll check the current weather in Paris for you.",
    toolCalls: [{ name: 'get_weather', args: { location: 'Paris' } }],
    reasoning: [],
    usage: cached(377, 65),
    finishReason: toolUse,
  },
  'sdk-incomplete_partial_json_response.txt': {
    // The turn hit max_tokens inside the tool call's arguments. The stream itself is complete
    // (message_stop arrived), so this is a `length` finish, not an error; the unfinished call is never
    // reported as a tool call, since its arguments are cut off.
    id: 'msg_01UdjYBBipA9omjYhicnevgq',
    model: 'claude-sonnet-4-5',
    text: "I'll create a comprehensive tax guide for someone with multiple W2s and save it in a file called taxes.txt. Let me do that for you now.",
    toolCalls: [],
    reasoning: [],
    usage: cached(450, 124),
    finishReason: { unified: 'length', raw: 'max_tokens' },
  },
};
