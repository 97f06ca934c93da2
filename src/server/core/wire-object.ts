import { invalidRequest, invalidType, missingParameter } from './gateway-error.js';

/** A JSON object from a wire request, not yet checked. */
export type WireObject = Record<string, unknown>;

/** True for a JSON object (not an array, not null). */
export function isWireObject(value: unknown): value is WireObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The `function` member of a tool definition or tool call, checked: an object with a non-empty `name`.
 * Throws the OpenAI-format error that names `param` otherwise.
 */
export function wireFunction(owner: WireObject, param: string): WireObject & { name: string } {
  const fn = owner.function;
  if (!isWireObject(fn)) {
    throw fn === undefined
      ? missingParameter(`${param}.function`)
      : invalidType({ param: `${param}.function`, expected: 'an object', value: fn });
  }
  if (typeof fn.name !== 'string' || fn.name === '') {
    throw fn.name === undefined
      ? missingParameter(`${param}.function.name`)
      : invalidType({ param: `${param}.function.name`, expected: 'a non-empty string', value: fn.name });
  }
  return fn as WireObject & { name: string };
}

/** A boolean field, or `undefined` when absent or null; throws naming `param` otherwise. */
export function optionalBoolean(value: unknown, param: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidType({ param, expected: 'a boolean', value });
  return value;
}

/** A number field within `range`, or `undefined` when absent or null. */
export function optionalNumber(
  value: unknown,
  range: { param: string; minimum: number; maximum: number },
): number | undefined {
  if (value === undefined || value === null) return undefined;
  const { param, minimum, maximum } = range;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw invalidType({ param, expected: 'a number', value });
  if (value < minimum || value > maximum) {
    throw invalidRequest({
      param,
      message: `Invalid '${param}': ${value} is out of range; expected a number from ${minimum} to ${maximum}.`,
      code: 'out_of_range',
    });
  }
  return value;
}

/** An integer field of at least `bound.minimum`, or `undefined` when absent or null. */
export function optionalInteger(
  value: unknown,
  bound: { param: string; minimum: number },
): number | undefined {
  if (value === undefined || value === null) return undefined;
  const { param, minimum } = bound;
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw invalidType({ param, expected: 'an integer', value });
  if (value < minimum) {
    throw invalidRequest({
      param,
      message: `Invalid '${param}': ${value} is too small; expected at least ${minimum}.`,
      code: 'out_of_range',
    });
  }
  return value;
}
