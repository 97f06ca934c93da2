import { z } from 'zod';
import { isPresetName, presets } from '../providers/openai-compatible/presets.js';
import { corsSchema } from './cors-schema.js';
import { suggestion } from './did-you-mean.js';
import { routerSettingsKeys, routerSettingsShape } from './router-settings-schema.js';

/** Provider types a configuration can name. */
export const providerTypes = ['openai', 'anthropic', 'gemini', 'azure', 'openai-compatible'] as const;

/** One of {@link providerTypes}. */
export type ProviderType = (typeof providerTypes)[number];

const text = z.string().min(1, 'must not be empty');
const milliseconds = z.number().int('must be a whole number of milliseconds').nonnegative();
const positiveMilliseconds = z.number().int('must be a whole number of milliseconds').positive();
const headers = z.record(z.string(), z.string());
const models = z.array(text).min(1, 'must list at least one model');
/** Labels a call can require or prefer: `{ region: eu, zdr: true }`. */
const tags = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
const tokens = z.number().int('must be a whole number of tokens').positive();

const presetName = z.string().superRefine((value, context) => {
  if (!isPresetName(value)) {
    context.addIssue({
      code: 'custom',
      message: `"${value}" is not a known preset${suggestion(value, Object.keys(presets))} (known: ${Object.keys(presets).join(', ')})`,
    });
  }
});

// Keys a provider entry of every type accepts; each type adds its own.
const common = {
  /** An `${ENV}` reference, or the key itself (discouraged). Defaults to the type's usual variable. */
  apiKey: z.string().optional(),
  /** Several keys: each becomes a member of its own (own breaker, limit, hold) in any group naming this provider. */
  apiKeys: z.array(z.string()).min(1, 'must list at least one key').optional(),
  baseURL: text.optional(),
  headers: headers.optional(),
  models: models.optional(),
  tags: tags.optional(),
};

const capabilityOverrides = z
  .strictObject({
    tools: z.boolean(),
    jsonSchemaOutput: z.boolean(),
    jsonOutput: z.boolean(),
    imageInput: z.boolean(),
    documentInput: z.boolean(),
    streaming: z.boolean(),
    reasoning: z.boolean(),
  })
  .partial();

const openaiProvider = z.strictObject({
  type: z.literal('openai'),
  ...common,
  organization: text.optional(),
  project: text.optional(),
});

const anthropicProvider = z.strictObject({
  type: z.literal('anthropic'),
  ...common,
  defaultMaxTokens: z.number().int().positive().optional(),
  structuredOutput: z.enum(['tool', 'native']).optional(),
});

const geminiProvider = z.strictObject({ type: z.literal('gemini'), ...common });

const compatibleProvider = z
  .strictObject({
    type: z.literal('openai-compatible'),
    preset: presetName.optional(),
    ...common,
    capabilities: capabilityOverrides.optional(),
  })
  .refine((provider) => provider.preset !== undefined || provider.baseURL !== undefined, {
    message: 'needs a preset or a baseURL',
  });

const azureProvider = z
  .strictObject({
    type: z.literal('azure'),
    ...common,
    resourceName: text.optional(),
    deployment: text.optional(),
    deployments: z.record(z.string(), text).optional(),
    apiVersion: text.optional(),
    capabilities: capabilityOverrides.optional(),
  })
  .refine((provider) => provider.resourceName !== undefined || provider.baseURL !== undefined, {
    message: 'needs a resourceName or a baseURL',
  });

/** One provider entry, by type. */
export const providerSchema = z.discriminatedUnion('type', [
  openaiProvider,
  anthropicProvider,
  geminiProvider,
  compatibleProvider,
  azureProvider,
]);

/** A provider alone (it receives the requested model if it lists it, else its default) or with a model. */
export const targetSchema = z.union([
  text,
  z.strictObject({ provider: text, model: text.optional(), tags: tags.optional() }),
]);

/** Settings of hedged requests (`hedge()`), used for calls marked safe to duplicate. */
export const hedgeSchema = z
  .strictObject({
    afterMs: milliseconds.optional(),
    afterPercentile: z.number().gt(0).lt(100).optional(),
    maxHedges: z.number().int().min(1).optional(),
    budgetRatio: z.number().min(0).max(1).optional(),
    burst: z.number().int().min(1).optional(),
    minSamples: z.number().int().min(1).optional(),
  })
  .refine((settings) => settings.afterMs !== undefined || settings.afterPercentile !== undefined, {
    message: 'needs afterMs or afterPercentile',
  });

/** Settings of the `retry` middleware. */
export const retrySchema = z.strictObject({
  attempts: z.number().int().min(1).max(20).optional(),
  baseDelayMs: milliseconds.optional(),
  maxDelayMs: milliseconds.optional(),
  maxRetryAfterMs: milliseconds.optional(),
});

/** Settings of the `circuitBreaker` middleware. */
export const circuitBreakerSchema = z.strictObject({
  failureThreshold: z.number().int().min(1).optional(),
  cooldownMs: milliseconds.optional(),
  halfOpenProbes: z.number().int().min(1).optional(),
  scope: z.enum(['provider', 'model']).optional(),
});

/** Settings of the `timeout` middleware. */
export const timeoutSchema = z.strictObject({
  totalMs: positiveMilliseconds.optional(),
  firstContentMs: positiveMilliseconds.optional(),
  idleMs: positiveMilliseconds.optional(),
});

const byteSize = z.union([
  z.number().int().positive(),
  z
    .string()
    .regex(/^\s*\d+(\.\d+)?\s*(b|kb|mb|gb)?\s*$/i, 'must be a byte count such as 1048576, "512kb" or "4mb"'),
]);

/** A member's own rate limit (the `rateLimit` middleware on this member alone). */
export const memberRateLimitSchema = z.strictObject({
  requestsPerMinute: z.number().positive().optional(),
  tokensPerMinute: z.number().positive().optional(),
  /** Default `fallback`: a member at its limit passes the call to the next member. */
  onLimit: z.enum(['wait', 'fallback']).optional(),
});

/** One member of a group. */
export const groupMemberSchema = z.strictObject({
  provider: text,
  model: text.optional(),
  name: text.optional(),
  weight: z.number().positive().optional(),
  tags: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  /** This member's own key (else each of the provider's `apiKeys`, else its `apiKey`). */
  apiKey: z.string().optional(),
  /** This member's own endpoint (another region or deployment). */
  baseURL: text.optional(),
  rateLimit: memberRateLimitSchema.optional(),
});

/** A group: a requested model served by interchangeable members. */
export const groupSchema = z.strictObject({
  strategy: z.enum(['ordered', 'weighted', 'least-busy', 'latency', 'cost']).optional(),
  members: z.array(groupMemberSchema).min(1, 'must list at least one member'),
  latency: z
    .strictObject({
      minSamples: z.number().int().nonnegative().optional(),
      exploration: z.number().min(0).max(0.5).optional(),
    })
    .optional(),
  authHoldMs: milliseconds.optional(),
});
const count = z.number().int('must be a whole number').nonnegative();

/** The gateway's time, size and connection limits (`server.limits`); `0` turns one off. */
export const serverLimitsSchema = z
  .strictObject({
    /** From a request's first byte to the end of its headers. Default 10,000. */
    headersTimeoutMs: milliseconds.optional(),
    /** From the end of the headers to the end of the body. Default 30,000. */
    bodyTimeoutMs: milliseconds.optional(),
    /** The whole request, first byte to last. Default: header time plus body time. */
    requestTimeoutMs: milliseconds.optional(),
    /** Largest request line and headers. Default 16 KiB. */
    headerLimit: byteSize.optional(),
    /** Idle time of a keep-alive connection between requests. Default 65,000. */
    keepAliveTimeoutMs: milliseconds.optional(),
    /** Open connections per process. Default 10,000. */
    maxConnections: count.optional(),
    /** Open connections per client address. Default 1,000. */
    maxConnectionsPerAddress: count.optional(),
  })
  .refine(
    (limits) =>
      !limits.requestTimeoutMs ||
      !limits.headersTimeoutMs ||
      limits.requestTimeoutMs >= limits.headersTimeoutMs,
    { message: 'must not be less than headersTimeoutMs', path: ['requestTimeoutMs'] },
  );

/** Settings of `llmrouter serve`. */
export const serverSchema = z.strictObject({
  /** Default `0.0.0.0` with gateway keys; always `127.0.0.1` without. */
  host: text.optional(),
  port: z.number().int().min(0).max(65_535).optional(),
  /**
   * Bearer tokens clients must present, as `${ENV}` references. None: loopback only. A key may carry
   * routing constraints for every call made with it (`require`, `prefer`), and `trusted: true` lets its
   * clients add their own through the `x-llmrouter-require` / `x-llmrouter-prefer` headers.
   */
  keys: z
    .array(
      z.union([
        z.string(),
        z.strictObject({
          key: z.string(),
          require: tags.optional(),
          prefer: tags.optional(),
          trusted: z.boolean().optional(),
        }),
      ]),
    )
    .optional(),
  /** Largest accepted request body. Default 10 MiB. */
  bodyLimit: byteSize.optional(),
  /** How long in-flight requests may take to finish after SIGTERM. Default 10,000. */
  gracePeriodMs: milliseconds.optional(),
  /** One deadline across every retry and fallback of a request. */
  deadlineMs: positiveMilliseconds.optional(),
  /**
   * Every request may be hedged (the top-level `hedge` policy) unless its
   * `x-llmrouter-safe-to-duplicate: false` header says no. Default false: only requests sending
   * `x-llmrouter-safe-to-duplicate: true` are.
   */
  safeToDuplicate: z.boolean().optional(),
  /** One JSON line per request on stdout. Default true. */
  requestLog: z.boolean().optional(),
  /** Put message content and answers in the request log. Default false. */
  logContent: z.boolean().optional(),
  /** Cross-origin access for browser clients. Default: none. */
  cors: corsSchema.optional(),
  /** Time, size and connection limits. */
  limits: serverLimitsSchema.optional(),
  /** Field and query-parameter names the request log masks, beside the credential names it always does. */
  redact: z.array(text).optional(),
});

/** The whole configuration file. Keys mirror `createRouter`'s options. */
export const configSchema = z.strictObject({
  providers: z
    .record(z.string(), providerSchema)
    .refine((providers) => Object.keys(providers).length > 0, 'must configure at least one provider'),
  modelMap: z.record(z.string(), targetSchema).optional(),
  groups: z.record(z.string(), groupSchema).optional(),
  fallbacks: z.union([z.array(targetSchema), z.record(z.string(), z.array(targetSchema))]).optional(),
  /** By embedding model: the other keys or deployments of that same model an embedding call may fall back to. */
  embeddingReplicas: z.record(z.string(), z.array(targetSchema)).optional(),
  retry: retrySchema.optional(),
  circuitBreaker: circuitBreakerSchema.optional(),
  timeout: timeoutSchema.optional(),
  fallbackOnContentFilter: z.boolean().optional(),
  ...routerSettingsShape,
  /** Context windows in tokens by model, or by provider then model, over the providers' tables. */
  contextWindows: z.record(z.string(), z.union([tokens, z.record(z.string(), tokens)])).optional(),
  hedge: hedgeSchema.optional(),
  server: serverSchema.optional(),
});

/** A validated configuration. Strings may still hold `${ENV}` references; see `resolveEnv`. */
export type GatewayConfig = z.infer<typeof configSchema>;
/** One provider entry of a {@link GatewayConfig}. */
export type ProviderConfig = z.infer<typeof providerSchema>;
/** One group of a {@link GatewayConfig}. */
export type GroupConfig = z.infer<typeof groupSchema>;
/** The `server` section of a {@link GatewayConfig}. */
export type ServerConfig = z.infer<typeof serverSchema>;

/** The keys an object at each kind of place accepts, for "did you mean" on an unknown key. */
export const knownKeys = {
  root: Object.keys(configSchema.shape),
  retry: Object.keys(retrySchema.shape),
  circuitBreaker: Object.keys(circuitBreakerSchema.shape),
  timeout: Object.keys(timeoutSchema.shape),
  server: Object.keys(serverSchema.shape),
  serverLimits: Object.keys(serverLimitsSchema.shape),
  target: ['provider', 'model', 'tags'],
  group: Object.keys(groupSchema.shape),
  member: Object.keys(groupMemberSchema.shape),
  ...routerSettingsKeys,
  hedge: Object.keys(hedgeSchema.shape),
  capabilities: Object.keys(capabilityOverrides.shape),
  provider: {
    openai: Object.keys(openaiProvider.shape),
    anthropic: Object.keys(anthropicProvider.shape),
    gemini: Object.keys(geminiProvider.shape),
    'openai-compatible': Object.keys(compatibleProvider.shape),
    azure: Object.keys(azureProvider.shape),
  } satisfies Record<ProviderType, string[]>,
};
