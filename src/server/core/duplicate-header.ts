import type { IncomingMessage } from 'node:http';
import { invalidRequest } from './gateway-error.js';

/** The request header a client marks its call safe (or not) to send to two targets at once with. */
export const safeToDuplicateHeader = 'x-llmrouter-safe-to-duplicate';

/**
 * Whether the router's hedge policy may duplicate this request: the client's
 * `x-llmrouter-safe-to-duplicate: true|false` when it sends one, else the gateway's default
 * (`server.safeToDuplicate`). Any other value is refused with a 400 that names the header.
 */
export function safeToDuplicateOf(request: IncomingMessage, byDefault: boolean): boolean {
  const value = request.headers[safeToDuplicateHeader];
  if (value === undefined) return byDefault;
  const text = (Array.isArray(value) ? value.join(',') : value).trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw invalidRequest({
    param: safeToDuplicateHeader,
    code: 'invalid_header',
    message: `The ${safeToDuplicateHeader} header must be true or false; got "${text.slice(0, 40)}".`,
  });
}
