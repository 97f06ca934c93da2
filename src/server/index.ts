export { type BuildRouterOptions, type BuiltRouter, buildRouter } from '../config/build-router.js';
export { ConfigFileError, type ConfigIssue } from '../config/config-issue.js';
export type { GatewayConfig, ProviderConfig, ServerConfig } from '../config/config-schema.js';
export { loadConfig, parseConfig } from '../config/parse-config.js';
export {
  type ChatCompletionCall,
  convertToCompletionRequest,
} from './convert-to-completion-request.js';
export { convertToOpenAIResponse, type OpenAIWireCompletion } from './convert-to-openai-response.js';
export { convertToOpenAIUsage, type OpenAIWireUsage } from './convert-to-openai-usage.js';
export { convertToRouterMessages } from './convert-to-router-messages.js';
export {
  createGateway,
  createGatewayObservers,
  type Gateway,
  type GatewayObservers,
  type GatewayOptions,
  type ListedModel,
} from './create-gateway.js';
export { GatewayError, type OpenAIErrorType } from './gateway-error.js';
export { GatewayKeys } from './gateway-keys.js';
export { GatewayMetrics, type RequestMeasurement } from './gateway-metrics.js';
export { mapErrorToOpenAI, type OpenAIErrorAnswer } from './map-error-to-openai.js';
export { mapToOpenAIFinishReason, type OpenAIFinishReason } from './map-to-openai-finish-reason.js';
export { OpenAIChunkEncoder } from './openai-chunk-encoder.js';
export { type LogOutput, RequestLog, type RequestLogEntry } from './request-log.js';
export { RequestTracker, TrackingInstrumentation } from './request-tracker.js';
export { type RunningGateway, type StartGatewayOptions, startGateway } from './start-gateway.js';
