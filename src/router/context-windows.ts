import { ConfigurationError } from '../errors/configuration-error.js';
import type { Provider } from '../types/provider.js';

/**
 * Context-window overrides, in tokens: a model name mapped to its window on every provider that serves
 * it, or a provider name mapped to windows of its own models. A provider's own entry wins over a model's,
 * and both win over the provider's model table.
 *
 * @example
 * { 'gpt-4o': 128_000, azure_eu: { 'gpt-4o': 64_000 } }
 */
export type ContextWindowOverrides = Readonly<Record<string, number | Readonly<Record<string, number>>>>;

/** Where a target's window comes from: the router's overrides, then the provider's model table. */
export class ContextWindows {
  private readonly byModel = new Map<string, number>();
  private readonly byProvider = new Map<string, ReadonlyMap<string, number>>();

  constructor(overrides: ContextWindowOverrides | undefined) {
    if (overrides === undefined) return;
    for (const [key, value] of Object.entries(overrides)) {
      if (typeof value === 'number') this.byModel.set(key, checked(value, `contextWindows["${key}"]`));
      else if (typeof value === 'object' && value !== null) {
        const models = new Map<string, number>();
        for (const [model, tokens] of Object.entries(value)) {
          models.set(model, checked(tokens, `contextWindows["${key}"]["${model}"]`));
        }
        this.byProvider.set(key, models);
      } else {
        throw new ConfigurationError(
          `contextWindows["${key}"] must be a number of tokens or an object of windows by model`,
        );
      }
    }
  }

  /** The window of `model` on the provider registered as `name`, or `undefined` when nobody says. */
  of(name: string, provider: Provider, model: string): number | undefined {
    const own = this.byProvider.get(name)?.get(model);
    if (own !== undefined) return own;
    const general = this.byModel.get(model);
    if (general !== undefined) return general;
    try {
      return provider.contextWindow?.(model);
    } catch {
      // A custom provider's table that throws says nothing about the window; the target is not judged.
      return undefined;
    }
  }
}

function checked(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ConfigurationError(`${where} must be a positive whole number of tokens`);
  }
  return value;
}
