export type {
  InferObject,
  ObjectExplanation,
  ObjectPlanEntry,
  ObjectRequest,
  ObjectResult,
  ObjectSchema,
  ObjectStream,
  PartialObject,
  StandardObjectSchema,
  StructuredMode,
  TypedJsonSchema,
} from '../types/object.js';
export { completeObject } from './complete-object.js';
export type { AnswerProblem } from './evaluate-answer.js';
export { explainObject } from './explain-object.js';
export type { ObjectIssue } from './object-issue.js';
export type { ObjectRouter } from './object-router.js';
export { DEFAULT_MAX_REASKS } from './object-run.js';
export { jsonSchema } from './object-schema.js';
export { ObjectValidationError, type RejectedAnswer } from './object-validation-error.js';
export { type ParsedText, parseObjectText } from './parse-object-text.js';
export { PartialJsonParser } from './partial-json-parser.js';
export { streamObject } from './stream-object.js';
export { stripOptionalNulls } from './strip-optional-nulls.js';
export { structuredModeFor } from './structured-mode.js';
