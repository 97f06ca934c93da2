export type {
  GeminiContent,
  GeminiPart,
  GeminiRequestBody,
  GeminiResponse,
  GeminiUsageMetadata,
} from './api-types.js';
export {
  convertToGeminiContents,
  type GeminiContents,
  SKIP_THOUGHT_SIGNATURE,
} from './convert-to-gemini-contents.js';
export { convertToGeminiRequest } from './convert-to-gemini-request.js';
export { promptBlockedError, readGeminiError } from './gemini-errors.js';
export { GEMINI_API_KEY_VARIABLES, type GeminiOptions, gemini } from './gemini-provider.js';
export { GeminiStreamDecoder } from './gemini-stream.js';
export { mapGeminiFinishReason } from './map-gemini-finish-reason.js';
export { mapGeminiUsage } from './map-gemini-usage.js';
export { type PathSegment, parseJsonPath } from './parse-json-path.js';
export { StreamedArguments } from './streamed-arguments.js';
