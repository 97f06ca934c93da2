export type {
  CallLoggerOptions,
  CallLogLine,
  CallLogTarget,
  LoggedAttempt,
  WarningLogLine,
} from './call-logger.js';
export { callLogger } from './call-logger.js';
export type { GenAiMessage, GenAiMessagePart } from './convert-to-gen-ai-messages.js';
export type { GenAiConventions, WellKnownGenAiProvider } from './gen-ai-names.js';
export {
  DURATION_BUCKETS_SECONDS,
  EVENT_NAMES,
  GEN_AI_ATTRIBUTES,
  GEN_AI_LATEST_OPT_IN,
  GEN_AI_OPERATION_CHAT,
  GEN_AI_OPERATION_EMBEDDINGS,
  GEN_AI_PROVIDER_ATTRIBUTE,
  GEN_AI_PROVIDER_SPELLING,
  GENERAL_ATTRIBUTES,
  METRIC_NAMES,
  ROUTER_ATTRIBUTES,
  SPAN_NAMES,
  TOKEN_BUCKETS,
} from './gen-ai-names.js';
export type { OpenTelemetryInstrumentation, OpenTelemetryOptions } from './open-telemetry.js';
export { openTelemetry } from './open-telemetry.js';
