import { RouterError } from '../types/router-error.js';

/** The request needs a capability (tools, images, JSON schema output) that the provider lacks. */
export class UnsupportedCapabilityError extends RouterError {
  readonly capability: string;

  constructor(options: { provider: string; model: string; capability: string }) {
    super({
      message: `Provider "${options.provider}" does not support ${options.capability}`,
      kind: 'bad_request',
      provider: options.provider,
      model: options.model,
    });
    this.name = 'UnsupportedCapabilityError';
    this.capability = options.capability;
  }
}
