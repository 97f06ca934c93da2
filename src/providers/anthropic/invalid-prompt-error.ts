import { RouterError } from '../../types/router-error.js';

/**
 * The error for a request the adapter cannot express in Anthropic's format (tool-call arguments that are
 * not a JSON object, an unsupported document type). A `bad_request`: retrying or falling back cannot fix
 * the caller's input. The provider adapter fills in `provider` and `model`.
 */
export function invalidPromptError(message: string): RouterError {
  return new RouterError({ message, kind: 'bad_request' });
}
