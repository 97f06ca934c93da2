export type {
  OpenAIChatChunk,
  OpenAIChatRequest,
  OpenAIChatResponse,
  OpenAIContentPart,
  OpenAIMessage,
  OpenAIResponseFormat,
  OpenAITool,
  OpenAIToolChoice,
  OpenAIUsage,
} from './api-types.js';
export {
  type ChatCompletionsProviderConfig,
  createChatCompletionsProvider,
} from './chat-completions-provider.js';
export { type ChatCompletionsQuirks, openAIQuirks } from './chat-completions-quirks.js';
export {
  type ConvertToOpenAIMessagesOptions,
  convertToOpenAIMessages,
} from './convert-to-openai-messages.js';
export {
  type ConvertToOpenAIRequestOptions,
  convertResponseFormat,
  convertToOpenAIRequest,
  convertToolChoice,
} from './convert-to-openai-request.js';
export { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
export { mapOpenAIUsage } from './map-openai-usage.js';
export { readOpenAIError } from './openai-errors.js';
export { type OpenAIOptions, openAIApiKeyVariable, openAIDefaultModels, openai } from './openai-provider.js';
export { isOpenAIReasoningModel } from './openai-reasoning-models.js';
export { OpenAIStreamDecoder } from './openai-stream.js';
export { type ParseOpenAIResponseOptions, parseOpenAIResponse } from './parse-openai-response.js';
