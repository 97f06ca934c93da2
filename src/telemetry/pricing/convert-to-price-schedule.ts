import type { ModelPrices, PerMillion, PriceConstraint, PriceSchedule, PriceTier } from './model-prices.js';

/** A model's `prices` as `@pydantic/genai-prices` publishes them: one set, or sets under constraints. */
export type TablePrices =
  | Readonly<Record<string, unknown>>
  | readonly { constraint?: Readonly<Record<string, unknown>>; prices: Readonly<Record<string, unknown>> }[];

/**
 * A genai-prices model price as a {@link PriceSchedule}, parsed once so pricing a response is arithmetic
 * only. Reads the keys llmrouter's usage can fill (`input_mtok`, `cache_read_mtok`, `cache_write_mtok`,
 * `output_mtok`, `output_reasoning_mtok`, `requests_kcount`); audio, image and other units are left out
 * because the usage carries no count for them. An entry with an input price and no output price (an
 * embedding model) prices input only. `undefined` when an entry has no input token price, or a constraint is one this parser does not know (better no price than a wrong one).
 */
export function convertToPriceSchedule(prices: TablePrices): PriceSchedule | undefined {
  if (!Array.isArray(prices)) {
    const flat = convertToModelPrices(prices as Readonly<Record<string, unknown>>);
    return flat ? [{ prices: flat }] : undefined;
  }
  const schedule: { prices: ModelPrices; constraint?: PriceConstraint }[] = [];
  for (const entry of prices) {
    const converted = convertToModelPrices(entry.prices);
    if (!converted) return undefined;
    if (entry.constraint === undefined || entry.constraint === null) {
      schedule.push({ prices: converted });
      continue;
    }
    const constraint = convertConstraint(entry.constraint);
    if (!constraint) return undefined;
    schedule.push({ prices: converted, constraint });
  }
  return schedule.length > 0 ? schedule : undefined;
}

/** One genai-prices price set as {@link ModelPrices}. */
export function convertToModelPrices(prices: Readonly<Record<string, unknown>>): ModelPrices | undefined {
  const input = perMillion(prices.input_mtok);
  const output = perMillion(prices.output_mtok);
  if (input === undefined) return undefined;
  // Embedding models are priced on input alone.
  const converted: ModelPrices = output === undefined ? { input } : { input, output };
  const cachedInput = perMillion(prices.cache_read_mtok);
  if (cachedInput !== undefined) converted.cachedInput = cachedInput;
  const cacheWrite = perMillion(prices.cache_write_mtok);
  if (cacheWrite !== undefined) converted.cacheWrite = cacheWrite;
  const reasoning = perMillion(prices.output_reasoning_mtok);
  if (reasoning !== undefined) converted.reasoning = reasoning;
  if (typeof prices.requests_kcount === 'number') converted.perRequest = prices.requests_kcount / 1000;
  return converted;
}

function perMillion(value: unknown): PerMillion | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const { base, tiers } = value as { base?: unknown; tiers?: unknown };
  if (typeof base !== 'number' || !Array.isArray(tiers)) return undefined;
  const parsed: PriceTier[] = [];
  for (const tier of tiers as { start?: unknown; price?: unknown }[]) {
    if (typeof tier.start !== 'number' || typeof tier.price !== 'number') return undefined;
    parsed.push({ start: tier.start, price: tier.price });
  }
  parsed.sort((left, right) => left.start - right.start);
  return { base, tiers: parsed };
}

function convertConstraint(constraint: Readonly<Record<string, unknown>>): PriceConstraint | undefined {
  if (constraint.type === 'start_date' && typeof constraint.start_date === 'string') {
    const at = Date.parse(constraint.start_date);
    return Number.isNaN(at) ? undefined : { type: 'from', at };
  }
  if (
    constraint.type === 'time_of_date' &&
    typeof constraint.start_time === 'string' &&
    typeof constraint.end_time === 'string'
  ) {
    const start = secondsAfterMidnightUtc(constraint.start_time);
    const end = secondsAfterMidnightUtc(constraint.end_time);
    return start === undefined || end === undefined ? undefined : { type: 'time-of-day', start, end };
  }
  return undefined;
}

const timeOfDay = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))$/;

/** `HH:MM:SS[.fff](Z|±HH:MM)` as seconds after midnight UTC. */
function secondsAfterMidnightUtc(value: string): number | undefined {
  const match = timeOfDay.exec(value);
  if (!match) return undefined;
  const [, hours, minutes, seconds, fraction = '', zone, sign, offsetHours = '0', offsetMinutes = '0'] =
    match;
  const local =
    Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds) + Number(`0.${fraction || '0'}`);
  const offset =
    zone === 'Z' ? 0 : (sign === '+' ? 1 : -1) * (Number(offsetHours) * 3600 + Number(offsetMinutes) * 60);
  return (((local - offset) % 86_400) + 86_400) % 86_400;
}
