import { RouterError } from '../../types/router-error.js';

/** A field of the wrong shape, as a shape check reports it (built only when one is found). */
export interface ShapeProblem {
  /** Path inside the checked value, e.g. `tool_calls[0].function.name`. */
  field: string;
  /** What the format promises, e.g. `a string`. */
  expected: string;
}

/** Where in a provider's answer a malformed field was found, and what it should have been. */
export interface MalformedField {
  /** Who answered: named in the message and on the error. */
  target: { provider: string; model: string };
  /** The payload, e.g. `stream event content_block_delta` or `response`. */
  where: string;
  /** The field's path inside it, e.g. `delta.text`. */
  field: string;
  /** What the format promises, e.g. `a string`. */
  expected: string;
}

/**
 * The error for a provider answer that is valid JSON of the wrong shape: kind `server` (the provider
 * broke its own format, so retrying or falling back is right), naming the provider and the field.
 * Built only on the failure path, so checking a field costs a `typeof` and nothing more.
 */
export function malformedField(details: MalformedField): RouterError {
  const { target } = details;
  return new RouterError({
    message: `${target.provider} ${details.where}: ${details.field} is not ${details.expected}`,
    kind: 'server',
    provider: target.provider,
    model: target.model,
    status: 502,
  });
}

/** A JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An optional field: absent, null, or of the type the guard accepts. */
export function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}
