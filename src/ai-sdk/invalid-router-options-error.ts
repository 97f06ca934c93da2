import { RouterError } from '../types/router-error.js';

/**
 * `providerOptions.llmrouter` of an AI SDK call did not have the
 * shape the router reads. A caller's mistake, so it is never retried and never falls back.
 */
export class InvalidRouterOptionsError extends RouterError {
  constructor(message: string) {
    super({ message: `Invalid llmrouter call options: ${message}`, kind: 'bad_request' });
    this.name = 'InvalidRouterOptionsError';
  }
}
