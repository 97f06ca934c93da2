export type { Attempt, AttemptReason, Target } from './attempt.js';
export type {
  CallOptions,
  ExcludedFromPlan,
  ExplainQuery,
  Explanation,
  ResolutionStep,
  RouterStream,
  TargetBudget,
} from './call.js';
export type { CallContext } from './call-context.js';
export type { Cost, PriceLookup, Pricer, TokenPrice } from './cost.js';
export type { EmbeddingRequest, EmbeddingResponse } from './embedding.js';
export type { ErrorKind } from './error-kind.js';
export type {
  CircuitState,
  CircuitStateChangeEvent,
  FallbackEvent,
  RetryEvent,
  RouterHooks,
} from './events.js';
export type {
  GroupExplanation,
  GroupStrategy,
  MemberFigures,
  MemberHoldReason,
  MemberTags,
} from './group.js';
export type {
  AssistantMessage,
  FilePart,
  ImagePart,
  MediaSource,
  Message,
  ProviderMetadata,
  ReasoningBlock,
  SystemMessage,
  TextPart,
  ToolCall,
  ToolMessage,
  UserContentPart,
  UserMessage,
} from './message.js';
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
} from './object.js';
export type { Provider, ProviderCallOptions, ProviderCapabilities, ProviderWith } from './provider.js';
export type { CompletionRequest, ReasoningOptions, ResponseFormat } from './request.js';
export type { Choice, CompletionResponse, ResponseMessage } from './response.js';
export type {
  FinishPart,
  ReasoningDeltaPart,
  ReasoningEndPart,
  StreamPart,
  TextDeltaPart,
  ToolCallDeltaPart,
  ToolCallPart,
} from './stream-part.js';
export { isContentPart } from './stream-part.js';
export type { Tags, TargetConstraints } from './tags.js';
export type { JsonSchema, ToolChoice, ToolDefinition } from './tool.js';
export type { FinishReason, Usage } from './usage.js';
export type { SettingWarning, SettingWarningType } from './warning.js';
