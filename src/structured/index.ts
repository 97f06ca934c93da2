export { completeObject } from './complete-object.js';
export { toAnthropicOutputSchema } from './convert-to-anthropic-output-schema.js';
export { toGeminiOpenApiSchema } from './convert-to-gemini-openapi-schema.js';
export { toGeminiResponseJsonSchema } from './convert-to-gemini-response-schema.js';
export { type OpenAIStrictSchema, toOpenAIStrictSchema } from './convert-to-openai-strict-schema.js';
export type { AnswerProblem } from './evaluate-answer.js';
export { explainObject, type ObjectExplanation, type ObjectPlanEntry } from './explain-object.js';
export type { ObjectIssue } from './object-issue.js';
export type { ObjectRequest, ObjectResult, ObjectRouter } from './object-request.js';
export { DEFAULT_MAX_REASKS } from './object-run.js';
export {
  type InferObject,
  jsonSchema,
  type ObjectSchema,
  type StandardObjectSchema,
  type TypedJsonSchema,
} from './object-schema.js';
export { ObjectValidationError, type RejectedAnswer } from './object-validation-error.js';
export { type ParsedText, parseObjectText } from './parse-object-text.js';
export { PartialJsonParser } from './partial-json-parser.js';
export { type ObjectStream, type PartialObject, streamObject } from './stream-object.js';
export { stripOptionalNulls } from './strip-optional-nulls.js';
export { type StructuredMode, structuredModeFor } from './structured-mode.js';
