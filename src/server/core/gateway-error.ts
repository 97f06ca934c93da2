/** OpenAI's error `type` values, which clients branch on. */
export type OpenAIErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'insufficient_quota'
  | 'server_error'
  | 'timeout_error';

/**
 * A request the gateway answers with an error of its own, before or instead of routing: a malformed
 * body, a missing key, an unknown model, a body past the limit. Carries the HTTP status and the fields of
 * OpenAI's error object.
 */
const marker = Symbol.for('llmrouter.GatewayError');

export class GatewayError extends Error {
  /** True for a `GatewayError` from any copy of the package (`instanceof` is not, across copies). */
  static isInstance(value: unknown): value is GatewayError {
    return typeof value === 'object' && value !== null && marker in value;
  }

  readonly [marker] = true;
  readonly status: number;
  readonly type: OpenAIErrorType;
  readonly code: string | null;
  readonly param: string | null;

  constructor(options: {
    status: number;
    message: string;
    type?: OpenAIErrorType;
    code?: string | null;
    param?: string | null;
  }) {
    super(options.message);
    this.name = 'GatewayError';
    this.status = options.status;
    this.type = options.type ?? 'invalid_request_error';
    this.code = options.code ?? null;
    this.param = options.param ?? null;
  }
}

/** A 400 naming the parameter at fault. */
export function invalidRequest(options: {
  param: string | null;
  message: string;
  code?: string;
}): GatewayError {
  return new GatewayError({
    status: 400,
    message: options.message,
    code: options.code ?? 'invalid_value',
    param: options.param,
  });
}

/** `Invalid type for 'x': expected a string, but got a number.` */
export function invalidType(options: { param: string; expected: string; value: unknown }): GatewayError {
  const { param, expected, value } = options;
  return invalidRequest({
    param,
    message: `Invalid type for '${param}': expected ${expected}, but got ${describeValue(value)}.`,
    code: 'invalid_type',
  });
}

/** `Missing required parameter: 'x'.` */
export function missingParameter(param: string): GatewayError {
  return invalidRequest({
    param,
    message: `Missing required parameter: '${param}'.`,
    code: 'missing_required_parameter',
  });
}

/** How a JSON value is named in an error message. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(value) ? 'an integer' : 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}
