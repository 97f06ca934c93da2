import { type CircuitBreakerMiddleware, circuitBreaker } from '../middleware/circuit-breaker.js';
import type { Middleware } from '../middleware/middleware.js';
import { retry } from '../middleware/retry.js';
import { timeout } from '../middleware/timeout.js';
import { createRouter } from '../router/create-router.js';
import { hedge } from '../router/hedge-policy.js';
import type { Router } from '../router/router-types.js';
import type { RouterHooks } from '../types/events.js';
import type { Instrumentation } from '../types/instrumentation.js';
import type { Provider } from '../types/provider.js';
import { RouterError } from '../types/router-error.js';
import { buildProvider } from './build-provider.js';
import { ConfigFileError, type ConfigIssue, formatPath } from './config-issue.js';
import type { GatewayConfig } from './config-schema.js';
import { resolveEnv } from './env-references.js';

/** Options of {@link buildRouter}. */
export interface BuildRouterOptions {
  /** Where `${ENV}` references are read from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  hooks?: RouterHooks;
  instrumentation?: Instrumentation;
}

/** A router built from a configuration, with the parts a gateway reports on. */
export interface BuiltRouter {
  router: Router;
  /** The circuit breaker middleware, when the configuration has one (for health and metrics). */
  breaker: CircuitBreakerMiddleware | undefined;
  /** The providers by routing name, in configuration order. */
  providers: Readonly<Record<string, Provider>>;
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
  if (issues.length > 0) throw new ConfigFileError({ issues });

  const middleware: Middleware[] = [];
  if (config.retry) middleware.push(retry(config.retry));
  const breaker = config.circuitBreaker ? circuitBreaker(config.circuitBreaker) : undefined;
  if (breaker) middleware.push(breaker);
  if (config.timeout) middleware.push(timeout(config.timeout));

  const router = createRouter({
    providers,
    modelMap: resolved.config.modelMap,
    fallbacks: resolved.config.fallbacks,
    middleware,
    hooks: options.hooks,
    instrumentation: options.instrumentation,
    fallbackOnContentFilter: config.fallbackOnContentFilter,
    contextWindows: config.contextWindows,
    hedge: config.hedge ? hedge(config.hedge) : undefined,
  });
  return { router, breaker, providers };
}
