export { readAnthropicErrorBody } from './anthropic-errors.js';
export { DEFAULT_MAX_TOKENS, maxOutputTokens, tokenLimits } from './anthropic-model-limits.js';
export { ANTHROPIC_API_KEY_VARIABLE, type AnthropicOptions, anthropic } from './anthropic-provider.js';
export { AnthropicStreamDecoder, type AnthropicStreamOptions } from './anthropic-stream.js';
export { type AnthropicPrompt, convertToAnthropicMessages } from './convert-to-anthropic-messages.js';
export {
  type AnthropicRequestOptions,
  type AnthropicRequestPlan,
  type AnthropicStructuredOutput,
  convertToAnthropicRequest,
  type JsonToolPlan,
} from './convert-to-anthropic-request.js';
export { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';
export { answerFinishReason, jsonToolAnswer, mapAnthropicResponse } from './map-anthropic-response.js';
export { mapAnthropicUsage, mergeAnthropicUsage } from './map-anthropic-usage.js';
