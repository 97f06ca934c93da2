import { createHash } from 'node:crypto';
import type { BudgetMiddleware } from '../middleware/budget.js';
import type { CircuitBreakerMiddleware } from '../middleware/circuit-breaker.js';
import type { ResponseCache } from '../middleware/response-cache.js';
import { createRouter } from '../router/create-router.js';
import { hedge } from '../router/hedge-policy.js';
import type { Router } from '../router/router-types.js';
import { type CallLogTarget, callLogger } from '../telemetry/call-logger.js';
import { priceTable } from '../telemetry/pricing/price-table.js';
import type { Pricer } from '../types/cost.js';
import type { RouterHooks } from '../types/events.js';
import type { Instrumentation } from '../types/instrumentation.js';
import type { Provider } from '../types/provider.js';
import { RouterError } from '../types/router-error.js';
import { buildGroups } from './build-groups.js';
import { buildMiddleware, type MiddlewareMemory } from './build-middleware.js';
import { buildProvider } from './build-provider.js';
import { canonical } from './canonical-json.js';
import { combineHooks } from './combine-hooks.js';
import { ConfigFileError, type ConfigIssue, formatPath } from './config-issue.js';
import type { GatewayConfig } from './config-schema.js';
import { resolveEnv } from './env-references.js';
import type { LoadedPlugin } from './gateway-plugin.js';
import type { SharedState } from './shared-state.js';

/** Options of {@link buildRouter}. */
export interface BuildRouterOptions {
  /** Where `${ENV}` references are read from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  hooks?: RouterHooks;
  instrumentation?: Instrumentation | readonly Instrumentation[];
  /** Plugins already loaded (`loadPlugins`): their hooks, instrumentation and middleware join the router. */
  plugins?: readonly LoadedPlugin[];
  /** Where `callLog` lines go. Default: one JSON line each on stdout. */
  callLogTarget?: CallLogTarget;
  /**
   * The router this configuration replaces: its breakers, budgets, rate limits and cache are kept where
   * their settings did not change, and the breakers of providers whose entry changed are reset.
   */
  previous?: BuiltRouter;
  /**
   * The stores the `redis` section connected (`loadRouter` connects them): the breaker, the rate limits
   * and the cache share their state through them.
   */
  shared?: SharedState;
}

/** A router built from a configuration, with the parts a gateway reports on. */
export interface BuiltRouter {
  router: Router;
  /** The circuit breaker middleware, when the configuration has one (for health and metrics). */
  breaker: CircuitBreakerMiddleware | undefined;
  /** The providers by routing name, in configuration order. */
  providers: Readonly<Record<string, Provider>>;
  /** The `pricing` section's pricer (also made for `budgets` without one). */
  pricer: Pricer | undefined;
  /** The `budgets`, in file order, for their spend. */
  budgets: readonly BudgetMiddleware[];
  /** The `cache`, for its hit counters. */
  cache: ResponseCache | undefined;
  /** The stateful middleware with their settings, for the next build of the file to keep. */
  memory: MiddlewareMemory;
  /** A digest per provider of its resolved entry: a provider whose digest changes is a new provider. */
  providerDigests: Readonly<Record<string, string>>;
}

/**
 * Builds the router a validated configuration describes: its providers, model map and fallbacks, and
 * the middleware in the seed's order (retry, then circuit breaker, then timeout, so a timeout bounds
 * each attempt and counts against the breaker). `${ENV}` references are resolved from `options.env`;
 * unset variables and providers that cannot be built are reported together as a `ConfigFileError`.
 *
 * @example
 * const config = await loadConfig('llmrouter.yaml');
 * const { router, breaker } = buildRouter(config, { env: process.env });
 * const response = await router.complete({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
 */
export function buildRouter(config: GatewayConfig, options: BuildRouterOptions = {}): BuiltRouter {
  // The server section is the gateway's business; an unset gateway key must not stop a router being built.
  const { server: _server, ...routing } = config;
  const resolved = resolveEnv(routing, options.env ?? process.env);
  const issues: ConfigIssue[] = resolved.missing.map((missing) => ({
    path: missing.path,
    message: `environment variable ${missing.name} is not set`,
  }));
  const providers: Record<string, Provider> = {};
  for (const [name, providerConfig] of Object.entries(resolved.config.providers)) {
    try {
      providers[name] = buildProvider(name, providerConfig);
    } catch (error) {
      if (!RouterError.isInstance(error)) throw error;
      // A missing key is already reported above, under the variable's name.
      const path = formatPath(['providers', name]);
      if (!issues.some((issue) => issue.path.startsWith(path))) {
        issues.push({ path, message: error.message });
      }
    }
  }
  if (config.redis && !options.shared && !issues.some((issue) => issue.path.startsWith('redis'))) {
    issues.push({ path: 'redis', message: 'needs loadRouter(), which connects to Redis before building' });
  }
  if (issues.length > 0) throw new ConfigFileError({ issues });

  const providerDigests: Record<string, string> = {};
  for (const [name, providerConfig] of Object.entries(resolved.config.providers)) {
    providerDigests[name] = createHash('sha256').update(canonical(providerConfig)).digest('hex');
  }
  const previousDigests = options.previous?.providerDigests ?? {};
  const changedProviders = Object.keys(previousDigests).filter(
    (name) => previousDigests[name] !== providerDigests[name],
  );
  const pricer =
    config.pricing || config.budgets?.length
      ? priceTable({ overrides: config.pricing?.overrides, providerIds: config.pricing?.providerIds })
      : undefined;
  const plugins = options.plugins ?? [];
  const { middleware, memory } = buildMiddleware(config, {
    pricer,
    plugins,
    previous: options.previous?.memory,
    changedProviders,
    shared: options.shared,
  });
  const instrumentation = [options.instrumentation, ...plugins.map((plugin) => plugin.instrumentation)]
    .flat()
    .filter((entry): entry is Instrumentation => entry !== undefined);
  const callLog = config.callLog;
  if (callLog && (callLog.level ?? 'off') !== 'off') {
    instrumentation.push(
      callLogger(levelled(options.callLogTarget ?? stdoutTarget, callLog.level ?? 'off'), {
        errorMessages: callLog.errorMessages,
        content: callLog.content,
      }),
    );
  }

  let router: Router;
  try {
    router = createRouter({
      providers,
      groups: buildGroups(resolved.config),
      modelMap: resolved.config.modelMap,
      fallbacks: resolved.config.fallbacks,
      embeddingReplicas: resolved.config.embeddingReplicas,
      middleware,
      hooks: combineHooks([options.hooks, ...plugins.map((plugin) => plugin.hooks)]),
      instrumentation,
      pricer,
      fallbackOnContentFilter: config.fallbackOnContentFilter,
      contextWindows: config.contextWindows,
      hedge: config.hedge ? hedge(config.hedge) : undefined,
    });
  } catch (error) {
    // What only the router can check (a group member's name, a group that is also mapped) is a file error too.
    if (!RouterError.isInstance(error)) throw error;
    throw new ConfigFileError({ issues: [{ path: '', message: error.message }] });
  }
  return {
    router,
    breaker: memory.breaker?.middleware,
    providers,
    pricer,
    budgets: memory.budgets.map((entry) => entry.middleware),
    cache: memory.cache?.middleware,
    memory,
    providerDigests,
  };
}

/** `error`: failed calls only. */
function levelled(target: CallLogTarget, level: 'info' | 'error' | 'off'): CallLogTarget {
  if (level !== 'error') return target;
  return { info() {}, warn: target.warn?.bind(target), error: target.error.bind(target) };
}

const stdoutTarget: CallLogTarget = {
  info: (object, message) => writeLine('info', object, message),
  warn: (object, message) => writeLine('warn', object, message),
  error: (object, message) => writeLine('error', object, message),
};

function writeLine(level: string, object: object, message: string | undefined): void {
  process.stdout.write(
    `${JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...object })}\n`,
  );
}
