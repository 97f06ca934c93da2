import type { RouterError } from '../../../src/types/router-error.js';
import type { FinishReason, Usage } from '../../../src/types/usage.js';
import { fromRecording } from './recorded-readings.js';

// What each recording in ../shared/fixtures/recorded/openai must produce: the adapter-level expectations
// that test/conformance/openai.test.ts checks through openai and azureOpenai and
// test/conformance/gateway-surfaces-*.test.ts through the gateway's surfaces.

/** What one openai recording must produce through the adapter. */
export interface OpenAIExpected {
  kind: 'response';
  /** `azure` recordings are replayed through `azureOpenai`, the others through `openai`. */
  via: 'openai' | 'azure';
  id: string;
  model: string;
  text: string | typeof fromRecording;
  textStart?: string;
  usage: Usage;
  finishReason: FinishReason;
}

/** An error recording: what the adapter must raise when it is served with its status. */
export interface OpenAIExpectedError {
  kind: 'error';
  /** Served with this status. */
  status: number;
  errorKind: RouterError['kind'];
  code: string;
  message: string;
}

const stop: FinishReason = { unified: 'stop', raw: 'stop' };

/** What each recording must produce through the adapter. A recording without an entry fails the suites. */
export const openaiExpectations: Record<string, OpenAIExpected | OpenAIExpectedError> = {
  'openai-text.json': {
    kind: 'response',
    via: 'openai',
    id: 'chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU',
    model: 'gpt-4.1-nano-2025-04-14',
    text: fromRecording,
    textStart: '**Holiday Name:** Galaxy Day',
    usage: { inputTokens: 16, cachedInputTokens: 0, outputTokens: 363, reasoningTokens: 0, totalTokens: 379 },
    finishReason: stop,
  },
  'openai-text.chunks.txt': {
    kind: 'response',
    via: 'openai',
    id: 'chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0',
    model: 'gpt-4.1-nano-2025-04-14',
    text: fromRecording,
    textStart: '**Holiday Name:** Harmony Day',
    usage: { inputTokens: 16, cachedInputTokens: 0, outputTokens: 300, reasoningTokens: 0, totalTokens: 316 },
    finishReason: stop,
  },
  // Azure's first chunk has no choices and empty id/model; every chunk carries `obfuscation` padding.
  'azure-model-router.1.chunks.txt': {
    kind: 'response',
    via: 'azure',
    id: 'chatcmpl-CYPS1lijGoK8gd9lYzY3r9Sx50nbt',
    model: 'gpt-5-nano-2025-08-07',
    text: 'Capital of Denmark.',
    usage: { inputTokens: 15, cachedInputTokens: 0, outputTokens: 78, reasoningTokens: 64, totalTokens: 93 },
    finishReason: stop,
  },
  'reasoning-model-legacy-parameter-error.json': {
    kind: 'error',
    status: 400,
    errorKind: 'bad_request',
    code: 'unsupported_parameter',
    message:
      "openai 400: Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
  },
};
