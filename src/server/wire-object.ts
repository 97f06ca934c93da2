import { invalidType, missingParameter } from './gateway-error.js';

/** A JSON object from an OpenAI wire request, not yet checked. */
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
