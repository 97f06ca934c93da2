import { calcPrice } from '@pydantic/genai-prices';
import type { Cost, Pricer } from '../../types/cost.js';
import { computeCost } from './compute-cost.js';
import { convertToPriceSchedule, type TablePrices } from './convert-to-price-schedule.js';
import { type ModelPrices, type PriceSchedule, pricesAt } from './model-prices.js';

/** Where the unknown-price warning goes: pino, console, or anything with a `warn` method. */
export interface WarningLogger {
  warn(message: string): void;
}

/** Settings for {@link priceTable}. */
export interface PriceTableOptions {
  /**
   * Your own prices per model name (US dollars per million tokens), used before the table: negotiated
   * rates, fine-tunes, self-hosted models, or models newer than the table.
   */
  overrides?: Record<string, ModelPrices>;
  /**
   * The table's provider id per router provider name, for names the table cannot recognise
   * (`{ primary: 'openai', eu: 'azure' }`); `null` never prices that provider from the table. Without
   * an entry, the router name is tried as a table provider (`openai`, `anthropic`, `gemini`, `groq`,
   * `xai`, `bedrock`... are recognised), and a name the table does not know is matched by model name.
   */
  providerIds?: Record<string, string | null>;
  /** Receives the warning for a model with no known price, once per model. Default: `process.emitWarning`. */
  logger?: WarningLogger;
  /** The clock, for prices that change over time. Default `Date.now`. */
  now?: () => number;
}

/** A {@link Pricer} backed by the bundled price table. */
export interface PriceTable extends Pricer {
  /** The prices a provider's model resolves to now, or `undefined` when unknown. */
  pricesOf(provider: string, model: string): ModelPrices | undefined;
}

/**
 * Prices every response from `@pydantic/genai-prices`, the price table Pydantic maintains (MIT, released
 * weekly, 1,200+ models with cache-read, cache-write, long-context tier and time-of-day prices), with your
 * overrides first. Each provider and model is looked up once; after that pricing a response is
 * arithmetic. A model without a known price costs `undefined`, never a silent zero, and is reported once.
 *
 * @example
 * import { priceTable } from 'llmrouter/pricing';
 *
 * const router = createRouter({
 *   providers,
 *   pricer: priceTable({ overrides: { 'my-fine-tune': { input: 3, output: 12 } } }),
 * });
 * const response = await router.complete(request);
 * response.cost?.usd;
 */
export function priceTable(options: PriceTableOptions = {}): PriceTable {
  const overrides = new Map(Object.entries(options.overrides ?? {}));
  const providerIds = options.providerIds ?? {};
  const now = options.now ?? Date.now;
  // provider → model → schedule, or null once a model is known to have no price.
  const schedules = new Map<string, Map<string, PriceSchedule | null>>();

  function scheduleOf(provider: string, model: string): PriceSchedule | null {
    let byModel = schedules.get(provider);
    if (!byModel) {
      byModel = new Map();
      schedules.set(provider, byModel);
    }
    let schedule = byModel.get(model);
    if (schedule === undefined) {
      const override = overrides.get(model);
      schedule = override ? [{ prices: override }] : lookUp({ provider, model, providerIds });
      byModel.set(model, schedule);
      if (schedule === null) warn(options.logger, provider, model);
    }
    return schedule;
  }

  function pricesOf(provider: string, model: string): ModelPrices | undefined {
    const schedule = scheduleOf(provider, model);
    return schedule === null ? undefined : pricesAt(schedule, now());
  }

  const pricer = ({ provider, model, usage }: Parameters<Pricer>[0]): Cost | undefined => {
    const prices = pricesOf(provider, model);
    return prices ? computeCost(prices, usage) : undefined;
  };
  return Object.assign(pricer, { pricesOf });
}

/** Finds a model in the table: under the router's provider when the table knows it, else by model name. */
function lookUp(options: {
  provider: string;
  model: string;
  providerIds: Readonly<Record<string, string | null>>;
}): PriceSchedule | null {
  const mapped = options.providerIds[options.provider];
  if (mapped === null) return null;
  try {
    // An empty usage costs nothing to price and returns the matched model with its raw price data.
    const found =
      calcPrice({}, options.model, { providerId: mapped ?? options.provider }) ??
      (mapped === undefined ? calcPrice({}, options.model) : null);
    if (!found) return null;
    return convertToPriceSchedule(found.model.prices as TablePrices) ?? null;
  } catch {
    // Table data this version cannot price (a unit it does not know): unknown, not a crash per call.
    return null;
  }
}

function warn(logger: WarningLogger | undefined, provider: string, model: string): void {
  const message = `llmrouter: no price known for model "${model}" on provider "${provider}"; its cost is undefined. Add it with priceTable({ overrides }).`;
  if (logger) logger.warn(message);
  else if (typeof process !== 'undefined') process.emitWarning(message, { code: 'LLMROUTER_UNKNOWN_PRICE' });
}
