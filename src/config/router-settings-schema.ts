import { z } from 'zod';

// The sections of the file that set what `createRouter` takes beyond providers, model map, fallbacks and
// the three resilience middleware: pricing, budgets, rate limits, the response cache, the call log,
// OpenTelemetry and plugin modules. Kept apart from config-schema.ts so each stays one concept.

const text = z.string().min(1, 'must not be empty');
const dollars = z.number().nonnegative('must not be negative');
const positiveMilliseconds = z.number().int('must be a whole number of milliseconds').positive();

const perMillion = z.union([
  dollars,
  z.strictObject({
    base: dollars,
    tiers: z.array(z.strictObject({ start: z.number().int().nonnegative(), price: dollars })).min(1),
  }),
]);

/** One model's prices, US dollars per million tokens (`ModelPrices`). */
export const modelPricesSchema = z.strictObject({
  input: perMillion,
  output: perMillion,
  cachedInput: perMillion.optional(),
  cacheWrite: perMillion.optional(),
  reasoning: perMillion.optional(),
  perRequest: dollars.optional(),
});

/** `pricing`: the bundled price table with your overrides (`priceTable()`). */
export const pricingSchema = z.strictObject({
  /** Your prices per model name, used before the table. */
  overrides: z.record(z.string(), modelPricesSchema).optional(),
  /** The table's provider id per routing name; `null` never prices that provider from the table. */
  providerIds: z.record(z.string(), z.union([text, z.null()])).optional(),
});

/** Named periods a budget may use instead of `periodMs`. */
export const budgetPeriods = { hour: 3_600_000, day: 86_400_000, week: 604_800_000 } as const;

/** One entry of `budgets` (`budget()`). */
export const budgetSchema = z
  .strictObject({
    limitUsd: dollars,
    period: z.enum(['hour', 'day', 'week']).optional(),
    periodMs: positiveMilliseconds.optional(),
    scope: z.enum(['global', 'provider']).optional(),
  })
  .refine((entry) => (entry.period === undefined) !== (entry.periodMs === undefined), {
    message: 'needs exactly one of period (hour, day, week) or periodMs',
  });

/** One entry of `rateLimits` (`rateLimit()`). */
export const rateLimitSchema = z
  .strictObject({
    requestsPerMinute: z.number().positive().optional(),
    tokensPerMinute: z.number().positive().optional(),
    requestBurst: z.number().int().min(1).optional(),
    onLimit: z.enum(['wait', 'fallback']).optional(),
    maxWaitMs: z.number().int().nonnegative().optional(),
    scope: z.enum(['provider', 'target']).optional(),
    providers: z.array(text).min(1).optional(),
    /** With `redis`: take the fleet's budget in leases of this many milliseconds (see `rateLimit()`). */
    leaseMs: z.number().int().nonnegative().optional(),
  })
  .refine((entry) => entry.requestsPerMinute !== undefined || entry.tokensPerMinute !== undefined, {
    message: 'needs requestsPerMinute, tokensPerMinute or both',
  });

/** `cache`: the exact response cache (`responseCache()`), in memory. */
export const cacheSchema = z.strictObject({
  ttlMs: positiveMilliseconds,
  ttlByModel: z.record(z.string(), z.number().int().nonnegative()).optional(),
  cacheLengthCut: z.boolean().optional(),
  /** Most answers kept. Default 1,000. */
  maxEntries: z.number().int().positive().optional(),
  /** Most bytes kept (UTF-8 size of the stored answers). Default 67,108,864 (64 MiB). */
  maxBytes: z.number().int().positive().optional(),
});

/**
 * `redis`: share what the breaker, the rate limits and the cache remember across every process that
 * names the same server and prefix (`llmrouter/redis`, with node-redis).
 */
export const redisSchema = z.strictObject({
  /** `redis://host:6379`, usually `${REDIS_URL}`. */
  url: text,
  /** Prefix of every key. Default `llmrouter:`. */
  prefix: text.optional(),
  /** A command slower than this counts as Redis unreachable (the process then runs on local state). Default 50. */
  commandTimeoutMs: positiveMilliseconds.optional(),
  /** Processes sharing the limits: each one's local share of a rate limit while Redis is unreachable. Default 1. */
  replicas: z.number().int().min(1).optional(),
});

/** `callLog`: one structured line per router call (`callLogger()`), on the gateway's log. */
export const callLogSchema = z.strictObject({
  /** `info`: every call; `error`: failed calls only; `off` (default). */
  level: z.enum(['info', 'error', 'off']).optional(),
  /** The provider's error messages (they may quote the prompt back). Default true. */
  errorMessages: z.boolean().optional(),
  /** The call's messages and answer text in each line. Default false. */
  content: z.boolean().optional(),
});

/** `telemetry`: OpenTelemetry spans and metrics (`openTelemetry()`), exported as `OTEL_*` says. */
export const telemetrySchema = z.strictObject({
  openTelemetry: z.boolean().optional(),
  captureContent: z.boolean().optional(),
  maxContentChars: z.number().int().positive().optional(),
  conventions: z.enum(['v1.36', 'latest']).optional(),
  providerNames: z.record(z.string(), text).optional(),
});

/** One entry of `plugins`: a module path (relative to the file), or one with options for its factory. */
export const pluginSchema = z.union([
  text,
  z.strictObject({ module: text, options: z.record(z.string(), z.unknown()).optional() }),
]);

/** The sections above, spread into the file's schema. */
export const routerSettingsShape = {
  pricing: pricingSchema.optional(),
  budgets: z.array(budgetSchema).optional(),
  rateLimits: z.array(rateLimitSchema).optional(),
  cache: cacheSchema.optional(),
  redis: redisSchema.optional(),
  callLog: callLogSchema.optional(),
  telemetry: telemetrySchema.optional(),
  plugins: z.array(pluginSchema).optional(),
};

/** Keys each section accepts, for "did you mean": objects by section, list entries by list. */
export const routerSettingsKeys = {
  sections: {
    pricing: Object.keys(pricingSchema.shape),
    cache: Object.keys(cacheSchema.shape),
    redis: Object.keys(redisSchema.shape),
    callLog: Object.keys(callLogSchema.shape),
    telemetry: Object.keys(telemetrySchema.shape),
  } as Record<string, readonly string[]>,
  lists: {
    budgets: ['limitUsd', 'period', 'periodMs', 'scope'],
    rateLimits: [
      'requestsPerMinute',
      'tokensPerMinute',
      'requestBurst',
      'onLimit',
      'maxWaitMs',
      'scope',
      'providers',
      'leaseMs',
    ],
    plugins: ['module', 'options'],
  } as Record<string, readonly string[]>,
};

/** One `plugins` entry as written. */
export type PluginEntry = z.infer<typeof pluginSchema>;
