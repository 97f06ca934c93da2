import type { Attempt } from '../types/attempt.js';
import type { EmbeddingRequest, EmbeddingResponse } from '../types/embedding.js';
import type { CallOutcome, Instrumentation } from '../types/instrumentation.js';
import type { CompletionRequest } from '../types/request.js';
import type { CompletionResponse } from '../types/response.js';
import type { Usage } from '../types/usage.js';
import type { SettingWarning } from '../types/warning.js';

/** A structured logger: pino, bunyan, or anything taking `(object, message)` at these levels. */
export interface CallLogTarget {
  info(object: object, message?: string): void;
  error(object: object, message?: string): void;
  /** Where setting warnings go; `info` when the logger has no `warn`. */
  warn?(object: object, message?: string): void;
}

/** Settings for {@link callLogger}. */
export interface CallLoggerOptions {
  /** The log line's message. Default `llmrouter call`. */
  message?: string;
  /**
   * Include the provider's error messages (keys are already redacted from them). Default true; turn off
   * where a provider might echo parts of a prompt back in a validation error.
   */
  errorMessages?: boolean;
  /**
   * Include the call's messages (`messages`) and the answer's text (`output`); for an embedding call,
   * its `input`. Default false: prompts are often personal or secret.
   */
  content?: boolean;
}

/** One attempt as it appears in the log line. */
export interface LoggedAttempt {
  ordinal: number;
  provider: string;
  model: string;
  reason: Attempt['reason'];
  outcome: Attempt['outcome'];
  errorKind?: string;
  status?: number;
  message?: string;
  latencyMs: number;
  timeToFirstContentMs?: number;
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
  /** Settings the adapter dropped or changed for this attempt (each is described once per process). */
  warnings?: string[];
}

/** The structured line written once per call. */
export interface CallLogLine {
  event: 'llmrouter.call';
  operation: 'complete' | 'stream' | 'embed';
  requestedModel: string;
  outcome: 'success' | 'error';
  /** Router name of the provider that served, and the model it was sent. */
  provider?: string;
  model?: string;
  /** The model as the provider reported it. */
  responseModel?: string;
  errorKind?: string;
  errorMessage?: string;
  status?: number;
  latencyMs: number;
  /** Attempts actually sent (skipped targets not counted). */
  attempts: number;
  retries: number;
  fallbackUsed: boolean;
  usage?: Partial<Usage>;
  costUsd?: number;
  trail: LoggedAttempt[];
  /** With `content`: the request's messages. */
  messages?: CompletionRequest['messages'];
  /** With `content`: the answer's text. */
  output?: string;
  /** With `content`, for an embedding call: the text it embedded. */
  input?: EmbeddingRequest['input'];
}

/** The line written the first time this process sees a setting warning from a provider. */
export interface WarningLogLine extends SettingWarning {
  event: 'llmrouter.warning';
  /** Router name of the provider whose adapter raised it, and the model the attempt was sent. */
  provider: string;
  model: string;
}

// Process-wide, so several routers (or loggers) in one process still describe each warning once. The
// keys are few (providers x causes); the bound only guards against provider names made per request.
const loggedWarnings = new Set<string>();
const maxLoggedWarnings = 1024;

/**
 * Logs one structured line per router call: which provider and model served, the outcome and error kind,
 * latency, tokens, cost, and the whole attempt trail. Successful calls log at `info`, failed ones at
 * `error`. Never logs keys, nor message content unless `content` is set.
 *
 * Settings an adapter dropped or changed (`Attempt.warnings`) are named in the attempt's `warnings`
 * on every call, and described in full once per process at `warn` ({@link WarningLogLine}): each
 * distinct provider, setting, outcome and cause is logged the first time it happens and never again,
 * so a warning on every request does not flood the log. Hooks see every occurrence on
 * `onAttempt`'s `attempt.warnings`.
 *
 * @example
 * import pino from 'pino';
 *
 * const router = createRouter({ providers, instrumentation: callLogger(pino()) });
 * // {"level":30,"event":"llmrouter.call","outcome":"success","provider":"openai",...,"msg":"llmrouter call"}
 */
export function callLogger(logger: CallLogTarget, options: CallLoggerOptions = {}): Instrumentation {
  const message = options.message ?? 'llmrouter call';
  const errorMessages = options.errorMessages ?? true;
  const content = options.content ?? false;
  return {
    startCall({ operation, request }) {
      const startedAt = performance.now();
      const requestedModel = request.model;
      return {
        ended(outcome: CallOutcome) {
          const line = describeCall({
            outcome,
            operation,
            requestedModel,
            latencyMs: performance.now() - startedAt,
            errorMessages,
          });
          if (content) {
            line.messages = request.messages;
            if (outcome.response) line.output = outcome.response.text;
          }
          if (line.outcome === 'success') logger.info(line, message);
          else logger.error(line, message);
          for (const attempt of outcome.trail) {
            if (attempt.warnings !== undefined) logWarningsOnce(logger, attempt);
          }
        },
      };
    },
    startEmbedding({ request }) {
      const startedAt = performance.now();
      const requestedModel = request.model;
      return {
        ended(outcome: CallOutcome<EmbeddingResponse>) {
          const line = describeCall({
            outcome,
            operation: 'embed',
            requestedModel,
            latencyMs: performance.now() - startedAt,
            errorMessages,
          });
          if (content) line.input = request.input;
          if (line.outcome === 'success') logger.info(line, message);
          else logger.error(line, message);
        },
      };
    },
  };
}

function describeCall(options: {
  outcome: CallOutcome<CompletionResponse | EmbeddingResponse>;
  operation: CallLogLine['operation'];
  requestedModel: string;
  latencyMs: number;
  errorMessages: boolean;
}): CallLogLine {
  const { outcome } = options;
  const trail: LoggedAttempt[] = [];
  let retries = 0;
  let fallbackUsed = false;
  let served: Attempt | undefined;
  for (const attempt of outcome.trail) {
    trail.push(describeAttempt(attempt, options.errorMessages));
    if (attempt.reason === 'retry') retries++;
    if (attempt.reason === 'fallback') fallbackUsed = true;
    if (attempt.outcome === 'success') served = attempt;
  }
  const line: CallLogLine = {
    event: 'llmrouter.call',
    operation: options.operation,
    requestedModel: options.requestedModel,
    outcome: outcome.error ? 'error' : 'success',
    latencyMs: milliseconds(options.latencyMs),
    attempts: trail.filter((attempt) => attempt.outcome !== 'skipped').length,
    retries,
    fallbackUsed,
    trail,
  };
  if (served) {
    line.provider = served.provider;
    line.model = served.model;
  }
  const response = outcome.response;
  if (response) {
    line.responseModel = response.model;
    line.usage = definedFields(response.usage);
    if (response.cost) line.costUsd = response.cost.usd;
  }
  const error = outcome.error;
  if (error) {
    line.errorKind = error.kind;
    if (error.status !== undefined) line.status = error.status;
    if (options.errorMessages) line.errorMessage = error.message;
  }
  return line;
}

function describeAttempt(attempt: Attempt, errorMessages: boolean): LoggedAttempt {
  const logged: LoggedAttempt = {
    ordinal: attempt.ordinal,
    provider: attempt.provider,
    model: attempt.model,
    reason: attempt.reason,
    outcome: attempt.outcome,
    latencyMs: milliseconds(attempt.latencyMs),
  };
  if (attempt.errorKind !== undefined) logged.errorKind = attempt.errorKind;
  if (attempt.status !== undefined) logged.status = attempt.status;
  if (errorMessages && attempt.message !== undefined) logged.message = attempt.message;
  if (attempt.timeToFirstContentMs !== undefined) {
    logged.timeToFirstContentMs = milliseconds(attempt.timeToFirstContentMs);
  }
  if (attempt.usage?.inputTokens !== undefined) logged.inputTokens = attempt.usage.inputTokens;
  if (attempt.usage?.outputTokens !== undefined) logged.outputTokens = attempt.usage.outputTokens;
  if (attempt.cost) logged.costUsd = attempt.cost.usd;
  if (attempt.warnings !== undefined) logged.warnings = attempt.warnings.map((warning) => warning.setting);
  return logged;
}

function logWarningsOnce(logger: CallLogTarget, attempt: Attempt): void {
  for (const warning of attempt.warnings!) {
    // Messages are fixed per cause, so they tell two causes for one setting apart.
    const key = `${attempt.provider}\u0000${warning.setting}\u0000${warning.type}\u0000${warning.message}`;
    if (loggedWarnings.has(key)) continue;
    if (loggedWarnings.size >= maxLoggedWarnings) loggedWarnings.clear();
    loggedWarnings.add(key);
    const line: WarningLogLine = {
      event: 'llmrouter.warning',
      provider: attempt.provider,
      model: attempt.model,
      ...warning,
    };
    const text = `llmrouter: ${attempt.provider} ${warning.type} ${warning.setting}: ${warning.message}`;
    if (logger.warn) logger.warn(line, text);
    else logger.info(line, text);
  }
}

/** Usage without the fields the provider did not report (JSON would drop them anyway; keep it explicit). */
function definedFields(usage: Usage): Partial<Usage> {
  const fields: Partial<Usage> = {};
  for (const [name, value] of Object.entries(usage) as [keyof Usage, number | undefined][]) {
    if (value !== undefined) fields[name] = value;
  }
  return fields;
}

/** Milliseconds to a tenth: finer is noise in a log line. */
function milliseconds(value: number): number {
  return Math.round(value * 10) / 10;
}
