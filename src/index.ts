export { ApiCallError } from './errors/api-call-error.js';
export { CancelledError } from './errors/cancelled-error.js';
export { CircuitOpenError } from './errors/circuit-open-error.js';
export {
  classifyError,
  countsAgainstBreaker,
  isFallbackEligible,
  isRetryable,
  kindFromStatus,
  toRouterError,
} from './errors/classify.js';
export { ConfigurationError } from './errors/configuration-error.js';
export type { ContextWindowVerdict } from './errors/context-window-error.js';
export { ContextWindowError } from './errors/context-window-error.js';
export type { ErrorPolicy } from './errors/error-policy.js';
export { ERROR_POLICY } from './errors/error-policy.js';
export { FallbackExhaustedError } from './errors/fallback-exhausted-error.js';
export type { MemberHold } from './errors/group-on-hold-error.js';
export { GroupOnHoldError } from './errors/group-on-hold-error.js';
export { IncompleteStreamError } from './errors/incomplete-stream-error.js';
export { LocalRateLimitError } from './errors/local-rate-limit-error.js';
export type { ExcludedTarget } from './errors/no-eligible-target-error.js';
export { NoEligibleTargetError } from './errors/no-eligible-target-error.js';
export { NoSuchModelError } from './errors/no-such-model-error.js';
export type { PartialOutput } from './errors/stream-interrupted-error.js';
export { StreamInterruptedError } from './errors/stream-interrupted-error.js';
export type { TimeoutPhase } from './errors/timeout-error.js';
export { TimeoutError } from './errors/timeout-error.js';
export { UnsupportedCapabilityError } from './errors/unsupported-capability-error.js';
export { configureHttpPool, type HttpPoolOptions, httpPoolDefaults } from './http/http-client.js';
export type { BreakerSharingOptions } from './middleware/breaker-fleet.js';
export type {
  BudgetExceededEvent,
  BudgetMiddleware,
  BudgetOptions,
  BudgetScope,
} from './middleware/budget.js';
export { BudgetExceededError, budget } from './middleware/budget.js';
export type { CircuitBreakerMiddleware, CircuitBreakerOptions } from './middleware/circuit-breaker.js';
export { circuitBreaker, rejectedMemberKey } from './middleware/circuit-breaker.js';
export type { MeasureText } from './middleware/estimate-tokens.js';
export { estimatePromptTokens, estimateTokens } from './middleware/estimate-tokens.js';
export type { Middleware } from './middleware/middleware.js';
export { applyMiddleware, wrapProvider } from './middleware/middleware.js';
export type { RateLimitMiddleware, RateLimitOptions, RateLimitRemaining } from './middleware/rate-limit.js';
export { rateLimit } from './middleware/rate-limit.js';
export type { RateLimitSettings, RateLimitTargetRule } from './middleware/rate-limit-policy.js';
export type {
  ResponseCache,
  ResponseCacheOptions,
  ResponseCacheStats,
} from './middleware/response-cache.js';
export { responseCache } from './middleware/response-cache.js';
export type { RetryOptions } from './middleware/retry.js';
export { retry } from './middleware/retry.js';
export type { TimeoutOptions } from './middleware/timeout.js';
export { timeout } from './middleware/timeout.js';
export { combineInstrumentation } from './router/combine-instrumentation.js';
export type { ContextWindowOverrides } from './router/context-windows.js';
export { createRouter } from './router/create-router.js';
export type {
  GroupMemberOptions,
  GroupOptions,
  LatencyStrategyOptions,
} from './router/groups/group-options.js';
export type { HedgeOptions } from './router/hedge-policy.js';
export { HedgePolicy, hedge } from './router/hedge-policy.js';
export type { FallbackConfig, Router, RouterOptions, TargetSpec } from './router/router-types.js';
export type { MemoryResponseCacheStoreOptions } from './state/memory-response-cache-store.js';
export { createMemoryResponseCacheStore } from './state/memory-response-cache-store.js';
export { memoryStateStore } from './state/memory-state-store.js';
export type { ResponseCacheStore } from './state/response-cache-store.js';
export type {
  OutcomeTally,
  RateBucket,
  RateDecision,
  StateStore,
  StateStoreStatus,
} from './state/state-store.js';
export type { ErrorKind } from './types/error-kind.js';
export type {
  AssistantMessage,
  Attempt,
  AttemptReason,
  CallContext,
  CallOptions,
  Choice,
  CircuitState,
  CircuitStateChangeEvent,
  CompletionRequest,
  CompletionResponse,
  Cost,
  EmbeddingRequest,
  EmbeddingResponse,
  ExcludedFromPlan,
  ExplainQuery,
  Explanation,
  FallbackEvent,
  FilePart,
  FinishPart,
  FinishReason,
  GroupExplanation,
  GroupStrategy,
  ImagePart,
  InferObject,
  JsonSchema,
  MediaSource,
  MemberFigures,
  MemberHoldReason,
  MemberTags,
  Message,
  ObjectExplanation,
  ObjectPlanEntry,
  ObjectRequest,
  ObjectResult,
  ObjectSchema,
  ObjectStream,
  PartialObject,
  PriceLookup,
  Pricer,
  Provider,
  ProviderCallOptions,
  ProviderCapabilities,
  ProviderMetadata,
  ProviderWith,
  ReasoningBlock,
  ReasoningDeltaPart,
  ReasoningEndPart,
  ReasoningOptions,
  ResolutionStep,
  ResponseFormat,
  ResponseMessage,
  RetryEvent,
  RouterHooks,
  RouterStream,
  SettingWarning,
  SettingWarningType,
  StandardObjectSchema,
  StreamPart,
  StructuredMode,
  SystemMessage,
  Tags,
  Target,
  TargetBudget,
  TargetConstraints,
  TextDeltaPart,
  TextPart,
  TokenPrice,
  ToolCall,
  ToolCallDeltaPart,
  ToolCallPart,
  ToolChoice,
  ToolDefinition,
  ToolMessage,
  TypedJsonSchema,
  Usage,
  UserContentPart,
  UserMessage,
} from './types/index.js';
export { isContentPart } from './types/index.js';
export type {
  AttemptObserver,
  AttemptResult,
  AttemptStart,
  CallObserver,
  CallOutcome,
  EmbeddingCallObserver,
  Instrumentation,
} from './types/instrumentation.js';
export type { RouterErrorOptions } from './types/router-error.js';
export { RouterError } from './types/router-error.js';
