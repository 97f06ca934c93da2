/**
 * Every span, attribute, event and metric name llmrouter's telemetry emits, in one place.
 *
 * The OpenTelemetry GenAI conventions are still in development and renaming things. Their transition plan
 * says an instrumentation keeps emitting the v1.36.0 names by default and switches to the latest
 * experimental ones (dropping the old) when `OTEL_SEMCONV_STABILITY_OPT_IN` contains
 * `gen_ai_latest_experimental`. The one rename that touches what llmrouter emits is the provider
 * attribute: `gen_ai.system` (v1.36.0) became `gen_ai.provider.name`, with a few values respelled.
 * Names added after v1.36.0 that have no older spelling (cache and reasoning token counts, time to first
 * chunk, the chunk metrics, `gen_ai.request.stream`, `gen_ai.embeddings.dimension.count`) are emitted in
 * both modes: nothing can break on a name
 * that did not exist before.
 *
 * "Latest" here means the conventions as published in `@opentelemetry/semantic-conventions` 1.45 (the
 * GenAI registry since moved to its own repository); its unreleased token-metric restructuring
 * (`gen_ai.client.inference.*` counters) is not followed yet.
 */

/** Which edition of the GenAI conventions to emit. */
export type GenAiConventions = 'v1.36' | 'latest';

/** The value in `OTEL_SEMCONV_STABILITY_OPT_IN` that selects the latest experimental GenAI conventions. */
export const GEN_AI_LATEST_OPT_IN = 'gen_ai_latest_experimental';

/** Span names. An attempt span is `chat {model}`, or `embeddings {model}` in an embedding call. */
export const SPAN_NAMES = {
  complete: 'router.complete',
  stream: 'router.stream',
  embed: 'router.embed',
  attemptPrefix: 'chat ',
  embeddingAttemptPrefix: 'embeddings ',
} as const;

/** The operation a completion attempt performs, in the conventions' words. */
export const GEN_AI_OPERATION_CHAT = 'chat';

/** The operation an embedding attempt performs, in the conventions' words. */
export const GEN_AI_OPERATION_EMBEDDINGS = 'embeddings';

/** GenAI attribute names, the same in both editions. */
export const GEN_AI_ATTRIBUTES = {
  operationName: 'gen_ai.operation.name',
  requestModel: 'gen_ai.request.model',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestTemperature: 'gen_ai.request.temperature',
  requestTopP: 'gen_ai.request.top_p',
  requestTopK: 'gen_ai.request.top_k',
  requestStopSequences: 'gen_ai.request.stop_sequences',
  requestSeed: 'gen_ai.request.seed',
  requestPresencePenalty: 'gen_ai.request.presence_penalty',
  requestFrequencyPenalty: 'gen_ai.request.frequency_penalty',
  requestStream: 'gen_ai.request.stream',
  outputType: 'gen_ai.output.type',
  responseModel: 'gen_ai.response.model',
  responseId: 'gen_ai.response.id',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  responseTimeToFirstChunk: 'gen_ai.response.time_to_first_chunk',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  usageCacheReadInputTokens: 'gen_ai.usage.cache_read.input_tokens',
  usageCacheCreationInputTokens: 'gen_ai.usage.cache_creation.input_tokens',
  usageReasoningOutputTokens: 'gen_ai.usage.reasoning.output_tokens',
  tokenType: 'gen_ai.token.type',
  /** Embeddings: the vector length the request asked for (its `dimensions`). */
  embeddingsDimensionCount: 'gen_ai.embeddings.dimension.count',
  /** Opt-in content, in the conventions' JSON message structure. */
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
} as const;

/** The attribute naming the provider, per edition. */
export const GEN_AI_PROVIDER_ATTRIBUTE: Readonly<Record<GenAiConventions, string>> = {
  'v1.36': 'gen_ai.system',
  latest: 'gen_ai.provider.name',
};

/** Well-known provider values; most are spelled the same in both editions. */
export type WellKnownGenAiProvider =
  | 'openai'
  | 'anthropic'
  | 'gcp.gemini'
  | 'gcp.vertex_ai'
  | 'azure.ai.openai'
  | 'azure.ai.inference'
  | 'aws.bedrock'
  | 'cohere'
  | 'deepseek'
  | 'groq'
  | 'ibm.watsonx.ai'
  | 'mistral_ai'
  | 'perplexity'
  | 'x_ai';

/** Where an edition spells a well-known provider differently from the latest one. */
export const GEN_AI_PROVIDER_SPELLING: Readonly<
  Record<GenAiConventions, Partial<Record<WellKnownGenAiProvider, string>>>
> = {
  'v1.36': { x_ai: 'xai' },
  latest: {},
};

/** General (stable) OpenTelemetry attributes. */
export const GENERAL_ATTRIBUTES = {
  errorType: 'error.type',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  httpResponseStatusCode: 'http.response.status_code',
} as const;

/** llmrouter's own attributes, for what the GenAI conventions have no words for. */
export const ROUTER_ATTRIBUTES = {
  operation: 'llmrouter.operation',
  requestModel: 'llmrouter.request.model',
  attempts: 'llmrouter.attempts',
  retries: 'llmrouter.retries',
  fallbackUsed: 'llmrouter.fallback_used',
  servedByProvider: 'llmrouter.served_by.provider',
  servedByModel: 'llmrouter.served_by.model',
  costUsd: 'llmrouter.cost.usd',
  /** The router's name for a provider (`openai`, `groq`, `backup`...), as in the trail. */
  provider: 'llmrouter.provider',
  model: 'llmrouter.model',
  /** The group member an attempt went to (`openai#2`), when the model is a group. */
  member: 'llmrouter.member',
  attemptOrdinal: 'llmrouter.attempt.ordinal',
  attemptReason: 'llmrouter.attempt.reason',
  attemptOutcome: 'llmrouter.attempt.outcome',
  callOutcome: 'llmrouter.outcome',
  fallbackFrom: 'llmrouter.fallback.from',
  fallbackTo: 'llmrouter.fallback.to',
  circuitState: 'llmrouter.circuit_breaker.state',
  circuitFrom: 'llmrouter.circuit_breaker.from',
  circuitTo: 'llmrouter.circuit_breaker.to',
} as const;

/** Span events. */
export const EVENT_NAMES = {
  /** On the call span: a target passed over without a request (breaker open, missing capability). */
  targetSkipped: 'llmrouter.target_skipped',
} as const;

/** Metric names. */
export const METRIC_NAMES = {
  operationDuration: 'gen_ai.client.operation.duration',
  tokenUsage: 'gen_ai.client.token.usage',
  timeToFirstChunk: 'gen_ai.client.operation.time_to_first_chunk',
  timePerOutputChunk: 'gen_ai.client.operation.time_per_output_chunk',
  callDuration: 'llmrouter.call.duration',
  attempts: 'llmrouter.attempts',
  retries: 'llmrouter.retries',
  fallbacks: 'llmrouter.fallbacks',
  cost: 'llmrouter.cost',
  circuitState: 'llmrouter.circuit_breaker.state',
  circuitTransitions: 'llmrouter.circuit_breaker.transitions',
} as const;

/** The conventions' advised histogram buckets for durations, in seconds (client duration and chunk timings). */
export const DURATION_BUCKETS_SECONDS: readonly number[] = Object.freeze([
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
]);

/** The conventions' advised histogram buckets for token counts. */
export const TOKEN_BUCKETS: readonly number[] = Object.freeze([
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
]);
