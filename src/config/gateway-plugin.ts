import type { Middleware } from '../middleware/middleware.js';
import type { RouterHooks } from '../types/events.js';
import type { Instrumentation } from '../types/instrumentation.js';

/**
 * What a plugin module adds to the router a configuration file builds: hooks, instrumentation and
 * middleware, as `createRouter` takes them. Every part is optional.
 *
 * A plugin's hooks and instrumentation see every call the router makes, gateway requests included; a
 * hook that throws is reported to the plugin's own `onHookError` (when it has one) and never breaks a
 * request. Middleware wraps every attempt beneath the built-in middleware (`retry`, `rateLimits`,
 * `circuitBreaker`, `timeout`), just above the adapter, first listed outermost: it sees each retry and
 * fallback as its own call, with the model the target receives.
 */
export interface GatewayPlugin {
  /** Shown in the gateway's log. Default: the module's file name. */
  name?: string;
  hooks?: RouterHooks;
  instrumentation?: Instrumentation | readonly Instrumentation[];
  middleware?: readonly Middleware[];
}

/** What a plugin factory receives when the configuration is loaded (at start and at every reload). */
export interface GatewayPluginContext {
  /** The entry's `options` in the file; `{}` when it has none. */
  options: Readonly<Record<string, unknown>>;
  /** The configuration file's absolute path, when the configuration came from a file. */
  configFile: string | undefined;
}

/** A plugin factory: called once per load of the configuration, so a reload gets a fresh plugin. */
export type GatewayPluginFactory = (context: GatewayPluginContext) => GatewayPlugin | Promise<GatewayPlugin>;

/**
 * The default export of a module named in `plugins:` (a named export `plugin` is read too): a plugin,
 * or a factory that makes one from the entry's options.
 *
 * @example
 * // my-hooks.mjs, named in llmrouter.yaml as `plugins: [./my-hooks.mjs]`
 * /** @type {import('llmrouter/server').GatewayPluginModule} *\/
 * export default ({ options }) => ({
 *   name: 'audit',
 *   hooks: {
 *     onAttempt(attempt) {
 *       console.error(options.prefix ?? 'attempt', attempt.provider, attempt.outcome);
 *     },
 *   },
 * });
 */
export type GatewayPluginModule = GatewayPlugin | GatewayPluginFactory;

/** A plugin as loaded from its module, named. */
export interface LoadedPlugin extends GatewayPlugin {
  name: string;
  /** The module's absolute path. */
  module: string;
}
