import type { PresetName } from '../../../src/providers/openai-compatible/index.js';
import type { ToolCall } from '../../../src/types/message.js';
import type { FinishReason, Usage } from '../../../src/types/usage.js';
import { fromRecording } from './recorded-readings.js';

// What each recording in ../shared/fixtures/recorded/openai-compatible must produce: the adapter-level
// expectations that test/conformance/openai-compatible.test.ts checks through the presets and
// test/conformance/gateway-surfaces-*.test.ts through the gateway's surfaces.

/** What one openai-compatible recording must produce through the adapter. */
export interface CompatibleExpected {
  id: string;
  model: string;
  /** The answer text, or {@link fromRecording} for long ones (then `textStart` anchors it). */
  text: string | typeof fromRecording;
  textStart?: string;
  /** All reasoning text; none when absent. */
  reasoning?: string | typeof fromRecording;
  /** None when absent. */
  toolCalls?: ToolCall[];
  usage: Usage;
  finishReason: FinishReason;
}

const stop: FinishReason = { unified: 'stop', raw: 'stop' };
const length: FinishReason = { unified: 'length', raw: 'length' };
const toolCallsFinish: FinishReason = { unified: 'tool_calls', raw: 'tool_calls' };
const usage = (input: number, output: number, total: number, extra: Partial<Usage> = {}): Usage => ({
  inputTokens: input,
  outputTokens: output,
  totalTokens: total,
  ...extra,
});
const weatherSF = (id: string, spaced: boolean): ToolCall => ({
  id,
  name: 'weather',
  arguments: spaced ? '{"location": "San Francisco"}' : '{"location":"San Francisco"}',
});

/** What each recording must produce through the adapter. A recording without an entry fails the suites. */
export const compatibleExpectations: Record<string, CompatibleExpected> = {
  'deepseek-json.json': {
    id: 'f03bc170-b375-4561-9685-35182c8152c5',
    model: 'deepseek-reasoner',
    text: '{\n  "location": "San Francisco",\n  "condition": "cloudy",\n  "temperature": 7\n}',
    reasoning: fromRecording,
    usage: usage(495, 144, 639, { cachedInputTokens: 320, reasoningTokens: 118 }),
    finishReason: stop,
  },
  'deepseek-reasoning.json': {
    id: '945bb10c-9bf3-47ff-a2a2-43bbe9705c72',
    model: 'deepseek-reasoner',
    text: fromRecording,
    textStart: 'The word "strawberry" contains three instances',
    reasoning: fromRecording,
    usage: usage(18, 345, 363, { cachedInputTokens: 0, reasoningTokens: 315 }),
    finishReason: stop,
  },
  'deepseek-reasoning.chunks.txt': {
    id: 'cac7192e-e619-40c6-96b0-ed4276bc03ac',
    model: 'deepseek-reasoner',
    text: 'The word "strawberry" contains three "r"s.',
    reasoning: fromRecording,
    usage: usage(18, 219, 237, { cachedInputTokens: 0, reasoningTokens: 205 }),
    finishReason: stop,
  },
  'deepseek-text.json': {
    id: '00f10ecd-60b3-4707-b5db-e4bcadf7aea1',
    model: 'deepseek-chat',
    text: fromRecording,
    textStart: '## **Holiday Name: Gratitude of Small Things Day',
    usage: usage(13, 300, 313, { cachedInputTokens: 0 }),
    finishReason: length,
  },
  'deepseek-text.chunks.txt': {
    id: 'f6117a0b-129d-46fa-b239-78f01c2c5df9',
    model: 'deepseek-chat',
    text: fromRecording,
    textStart: '## **Holiday Name:** Starlight Remembrance',
    usage: usage(13, 400, 413, { cachedInputTokens: 0 }),
    finishReason: length,
  },
  'deepseek-tool-call.json': {
    id: '7a630f5b-b7e6-4878-82f8-d77db164d42b',
    model: 'deepseek-reasoner',
    text: '',
    reasoning: fromRecording,
    toolCalls: [weatherSF('call_00_9V0vrf86Pc9aelHCJMZqnJBo', true)],
    usage: usage(339, 92, 431, { cachedInputTokens: 320, reasoningTokens: 48 }),
    finishReason: toolCallsFinish,
  },
  'deepseek-tool-call.chunks.txt': {
    id: 'cca85624-4056-401f-b220-d77601d1f70d',
    model: 'deepseek-reasoner',
    text: '',
    reasoning: fromRecording,
    toolCalls: [weatherSF('call_00_ioIn7yN9p1ZOMNpDLwd4MgAF', true)],
    usage: usage(339, 83, 422, { cachedInputTokens: 320, reasoningTokens: 39 }),
    finishReason: toolCallsFinish,
  },
  'groq-reasoning.json': {
    id: 'chatcmpl-73cf8a54-d54e-400c-88b8-603d1a346d96',
    model: 'qwen/qwen3-32b',
    text: fromRecording,
    textStart: 'The word "strawberry" contains **3** instances',
    reasoning: fromRecording,
    usage: usage(17, 649, 666, { reasoningTokens: 570 }),
    finishReason: stop,
  },
  'groq-reasoning.chunks.txt': {
    id: 'chatcmpl-3556c041-562b-471f-9a90-763dbcea5a3f',
    model: 'qwen/qwen3-32b',
    text: fromRecording,
    textStart: 'The word **"strawberry"** is spelled as',
    reasoning: fromRecording,
    usage: usage(17, 1107, 1124, { reasoningTokens: 963 }),
    finishReason: stop,
  },
  'groq-text.json': {
    id: 'chatcmpl-09d64d2a-ed1c-4473-829f-78db43f45d13',
    model: 'llama-3.3-70b-versatile',
    text: fromRecording,
    textStart: 'I\'d like to introduce "Luminaria"',
    usage: usage(45, 607, 652),
    finishReason: stop,
  },
  'groq-text.chunks.txt': {
    id: 'chatcmpl-7eb08824-fb8d-47af-a1f0-3aa786f2d1f3',
    model: 'llama-3.3-70b-versatile',
    text: fromRecording,
    textStart: 'Introducing "Luminaria"',
    usage: usage(45, 662, 707),
    finishReason: stop,
  },
  'groq-tool-call.json': {
    id: 'chatcmpl-1fd017fc-60b8-44eb-a736-375b8e1bc3e7',
    model: 'llama-3.3-70b-versatile',
    text: '',
    toolCalls: [{ id: 'ax9fskhev', name: 'weather', arguments: '{}' }],
    usage: usage(218, 15, 233),
    finishReason: toolCallsFinish,
  },
  'groq-tool-call.chunks.txt': {
    id: 'chatcmpl-b610d559-f156-4aca-8827-24b4fe6af54f',
    model: 'llama-3.3-70b-versatile',
    text: '',
    toolCalls: [{ id: 'tk85n1k4m', name: 'weather', arguments: '{}' }],
    usage: usage(210, 15, 225),
    finishReason: toolCallsFinish,
  },
  'mistral-incremental-tool-call.chunks.txt': {
    id: '735e434874a24f68a2390b3cab149242',
    model: 'zai-glm-5-2',
    text: '',
    toolCalls: [
      {
        id: 'chatcmpl-tool-9f149c74c42f265b',
        name: 'webSearchTool',
        arguments: '{"query": "current Berlin weather"}',
      },
    ],
    usage: usage(171, 14, 185, { cachedInputTokens: 128 }),
    finishReason: toolCallsFinish,
  },
  'mistral-reasoning.json': {
    id: 'a4e29c5b82f94d67b23e108a7c9df6e1',
    model: 'magistral-medium-2507',
    text: '2 + 2 = 4',
    reasoning: 'The user is asking for 2+2. This is basic arithmetic. 2+2=4.',
    usage: usage(10, 46, 56),
    finishReason: stop,
  },
  'mistral-reasoning.chunks.txt': {
    id: 'a4e29c5b82f94d67b23e108a7c9df6e1',
    model: 'magistral-medium-2507',
    text: '2 + 2 = 4',
    reasoning: 'The user is asking for 2+2. This is basic arithmetic. 2+2=4.',
    usage: usage(10, 46, 56),
    finishReason: stop,
  },
  'mistral-text.json': {
    id: '5319bd0299614c679a0068a4f2c8ffd0',
    model: 'mistral-small-latest',
    text: fromRecording,
    textStart: '**Holiday Name: "World Kindness Day of Sharing"**',
    usage: usage(13, 434, 447),
    finishReason: stop,
  },
  'mistral-text.chunks.txt': {
    id: '5319bd0299614c679a0068a4f2c8ffd0',
    model: 'mistral-small-latest',
    text: 'Hello, world! This is a test response.',
    usage: usage(13, 8, 21),
    finishReason: stop,
  },
  'mistral-tool-call.json': {
    id: 'b3999b8c93e04e11bcbff7bcab829667',
    model: 'mistral-small-latest',
    text: '',
    toolCalls: [weatherSF('gSIMJiOkT', true)],
    usage: usage(124, 22, 146),
    finishReason: toolCallsFinish,
  },
  'mistral-tool-call.chunks.txt': {
    id: 'b3999b8c93e04e11bcbff7bcab829667',
    model: 'mistral-small-latest',
    text: '',
    toolCalls: [weatherSF('gSIMJiOkT', true)],
    usage: usage(124, 22, 146),
    finishReason: toolCallsFinish,
  },
  'openrouter-style-anthropic-fallback-tool-call.sse': {
    id: 'msg_sanitized',
    model: 'claude-haiku-4-5-20251001',
    text: 'Reading it.',
    toolCalls: [{ id: 'toolu_sanitized', name: 'read_file', arguments: '{"path": "a.txt"}' }],
    usage: { inputTokens: undefined, outputTokens: undefined, totalTokens: undefined },
    finishReason: toolCallsFinish,
  },
  // xAI leaves reasoning out of completion_tokens; outputTokens adds it back (prompt + output = total).
  'xai-text.json': {
    id: '2af5c888-e886-6dcb-7844-95f8fe010b00',
    model: 'grok-3-mini',
    text: 'Hello',
    reasoning: fromRecording,
    usage: usage(12, 229, 241, { cachedInputTokens: 2, reasoningTokens: 228 }),
    finishReason: stop,
  },
  'xai-text.chunks.txt': {
    id: '7327b9f5-1c2f-0a15-3fef-c14a71c460d3',
    model: 'grok-3-mini',
    text: 'Hello',
    reasoning: 'First, the user said',
    usage: usage(12, 291, 303, { cachedInputTokens: 11, reasoningTokens: 290 }),
    finishReason: stop,
  },
  'xai-tool-call.json': {
    id: '61c0468b-2a98-413e-f654-dbffcdbb62c1',
    model: 'grok-3-mini',
    text: '',
    reasoning: fromRecording,
    toolCalls: [weatherSF('call_93562515', false)],
    usage: usage(291, 215, 506, { cachedInputTokens: 244, reasoningTokens: 189 }),
    finishReason: toolCallsFinish,
  },
  'xai-tool-call.chunks.txt': {
    id: 'de9d896d-e946-b3a7-bb14-75ab33326930',
    model: 'grok-3-mini',
    text: '',
    reasoning: 'First, the user is',
    toolCalls: [weatherSF('call_55117580', false)],
    usage: usage(291, 222, 513, { cachedInputTokens: 290, reasoningTokens: 196 }),
    finishReason: toolCallsFinish,
  },
};

/** The preset each recording is replayed through: the service it was recorded from. */
export function presetOf(file: string): PresetName {
  const service = file.split('-')[0];
  if (service === 'deepseek' || service === 'groq' || service === 'mistral' || service === 'xai')
    return service;
  if (service === 'openrouter') return 'openrouter';
  throw new Error(`no preset for ${file}`);
}
