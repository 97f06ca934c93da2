import type { Attempt } from '../types/attempt.js';
import type { CallOutcome, Instrumentation } from '../types/instrumentation.js';
import type { Usage } from '../types/usage.js';

/** A structured logger: pino, bunyan, or anything taking `(object, message)` at these levels. */
export interface CallLogTarget {
  info(object: object, message?: string): void;
  error(object: object, message?: string): void;
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
}

/** The structured line written once per call. */
export interface CallLogLine {
  event: 'llmrouter.call';
  operation: 'complete' | 'stream';
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
}

/**
 * Logs one structured line per router call: which provider and model served, the outcome and error kind,
 * latency, tokens, cost, and the whole attempt trail. Successful calls log at `info`, failed ones at
 * `error`. Never logs message content or keys (the request and response bodies are not read).
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
          if (line.outcome === 'success') logger.info(line, message);
          else logger.error(line, message);
        },
      };
    },
  };
}

function describeCall(options: {
  outcome: CallOutcome;
  operation: 'complete' | 'stream';
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
  return logged;
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
