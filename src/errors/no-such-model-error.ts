import { RouterError } from '../types/router-error.js';

/** No provider serves the requested model. */
export class NoSuchModelError extends RouterError {
  readonly requestedModel: string;

  constructor(options: { model: string; providers: readonly string[]; mappedModels: readonly string[] }) {
    const providers = options.providers.length > 0 ? options.providers.join(', ') : 'none';
    const mapped = options.mappedModels.length > 0 ? options.mappedModels.join(', ') : 'none';
    super({
      message: `No provider serves model "${options.model}". Registered providers: ${providers}. Mapped models: ${mapped}.`,
      kind: 'not_found',
      model: options.model,
    });
    this.name = 'NoSuchModelError';
    this.requestedModel = options.model;
  }
}
