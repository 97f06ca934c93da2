import { RouterError } from '../types/router-error.js';

/** The router or a provider is set up wrongly (a missing API key, an unknown provider in a fallback list). */
export class ConfigurationError extends RouterError {
  constructor(message: string) {
    super({ message, kind: 'bad_request' });
    this.name = 'ConfigurationError';
  }
}
