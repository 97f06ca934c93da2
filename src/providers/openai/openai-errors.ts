import { kindFromStatus } from '../../errors/classify.js';
import type { ErrorBodyDetails, ErrorBodyReader } from '../../http/error-response.js';
import type { ErrorKind } from '../../types/error-kind.js';

// Error `code` (or, failing that, `type`) values that say more than the status does. Generic ones such as
// `server_error` are left out: they would hide what a 503 says (overloaded).
const kindByCode: ReadonlyMap<string, ErrorKind> = new Map([
  ['insufficient_quota', 'quota_exhausted'],
  ['billing_hard_limit_reached', 'quota_exhausted'],
  ['context_length_exceeded', 'context_length'],
  ['content_policy_violation', 'content_filter'],
  ['content_filter', 'content_filter'],
  ['invalid_api_key', 'auth'],
  ['invalid_authentication', 'auth'],
  ['authentication_error', 'auth'],
  ['model_not_found', 'not_found'],
  ['rate_limit_exceeded', 'rate_limited'],
  ['overloaded', 'overloaded'],
  ['overloaded_error', 'overloaded'],
]);

// Compatible services often report a too-long prompt with no code, only words.
const contextLengthPattern =
  /maximum context length|context length|context_length|context window|prompt is too long|too large for model|reduce the length of the messages/i;

const overloadedPattern = /\boverloaded\b/i;

interface ErrorObject {
  message?: unknown;
  type?: unknown;
  code?: unknown;
}

/**
 * Reads a Chat Completions error body: OpenAI's `{ error: { message, type, code, param } }`, and the
 * shapes compatible services use instead: `{ error: "text" }` (Ollama), `{ object: "error", message }`
 * (Mistral, vLLM), `{ detail }` (FastAPI servers), a one-element array (some proxies), and a numeric
 * `code` naming an HTTP status (OpenRouter's in-stream errors).
 *
 * `insufficient_quota` is `quota_exhausted` (not a rate limit), as is HTTP 402 (DeepSeek's "Insufficient
 * Balance", OpenRouter's credits); `context_length_exceeded` is `context_length`; policy refusals are
 * `content_filter`. Anything else keeps the kind its status implies.
 */
export const readOpenAIError: ErrorBodyReader = (status, body): ErrorBodyDetails => {
  const root = Array.isArray(body) ? body[0] : body;
  if (typeof root !== 'object' || root === null) return status === 402 ? { kind: 'quota_exhausted' } : {};
  const record = root as Record<string, unknown>;
  const nested = record.error;
  const error: ErrorObject =
    typeof nested === 'object' && nested !== null ? (nested as ErrorObject) : (record as ErrorObject);
  const message = firstText(typeof nested === 'string' ? nested : undefined, error.message, record.detail);
  const code = typeof error.code === 'string' ? error.code : undefined;
  const type = typeof error.type === 'string' ? error.type : undefined;
  const details: ErrorBodyDetails = {};
  if (message !== undefined) details.message = message;
  if (code !== undefined || type !== undefined) details.code = code ?? type;
  const kind = kindOf({ status, code, type, numericCode: error.code, message });
  if (kind !== undefined) details.kind = kind;
  return details;
};

function kindOf(facts: {
  status: number;
  code: string | undefined;
  type: string | undefined;
  numericCode: unknown;
  message: string | undefined;
}): ErrorKind | undefined {
  const byCode = (facts.code !== undefined && kindByCode.get(facts.code)) || undefined;
  if (byCode !== undefined) return byCode;
  const byType = (facts.type !== undefined && kindByCode.get(facts.type)) || undefined;
  if (byType !== undefined) return byType;
  if (facts.status === 402) return 'quota_exhausted';
  if (typeof facts.numericCode === 'number' && facts.numericCode >= 400 && facts.numericCode < 600) {
    if (facts.numericCode === 402) return 'quota_exhausted';
    return kindFromStatus(facts.numericCode);
  }
  if (facts.status < 500 && facts.message !== undefined && contextLengthPattern.test(facts.message)) {
    return 'context_length';
  }
  // In-stream errors carry no status and only the generic `server_error` type; the words still tell.
  if (facts.status >= 500 && facts.message !== undefined && overloadedPattern.test(facts.message)) {
    return 'overloaded';
  }
  return undefined;
}

function firstText(...candidates: unknown[]): string | undefined {
  for (const candidate of candidates) {
    if (typeof candidate === 'string' && candidate !== '') return candidate;
    // FastAPI validation errors: `detail: [{ msg, loc }]`.
    if (Array.isArray(candidate) && candidate.length > 0) return JSON.stringify(candidate).slice(0, 500);
  }
  return undefined;
}
