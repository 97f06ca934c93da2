import type { Instrumentation } from '../types/instrumentation.js';
import { type BuildRouterOptions, type BuiltRouter, buildRouter } from './build-router.js';
import { combineHooks } from './combine-hooks.js';
import { ConfigFileError } from './config-issue.js';
import type { GatewayConfig } from './config-schema.js';
import { resolveEnv } from './env-references.js';
import { loadPlugins } from './load-plugins.js';
import type { OpenTelemetrySdk } from './open-telemetry-sdk.js';
import { closeSharedState, connectSharedState, type SharedState } from './shared-state.js';

/** Options of {@link loadRouter}: those of `buildRouter`, and the file the configuration came from. */
export interface LoadRouterOptions extends Omit<BuildRouterOptions, 'plugins'> {
  /** The configuration file: `plugins` paths are relative to it. Default: the working directory. */
  configFile?: string;
}

// One SDK per process, started by the first configuration that turns OpenTelemetry on: a reload that
// keeps it on goes on exporting through the same providers.
let sdk: Promise<OpenTelemetrySdk | undefined> | undefined;

/**
 * Builds a router from a configuration as `buildRouter` does, after loading what the file names outside
 * itself: the `plugins` modules and, with `telemetry.openTelemetry: true`, OpenTelemetry (an SDK started
 * from the `OTEL_*` environment, see `startOpenTelemetrySdk`, then `openTelemetry()` on it). Every
 * problem is a `ConfigFileError` with its path.
 *
 * @example
 * const config = await loadConfig('llmrouter.yaml');
 * const { router } = await loadRouter(config, { configFile: 'llmrouter.yaml' });
 */
export async function loadRouter(
  config: GatewayConfig,
  options: LoadRouterOptions = {},
): Promise<BuiltRouter> {
  const env = options.env ?? process.env;
  const plugins = await loadPlugins(config.plugins, { configFile: options.configFile });
  const instrumentation: Instrumentation[] = [options.instrumentation ?? []].flat();
  let hooks = options.hooks;
  const telemetry = config.telemetry;
  if (telemetry?.openTelemetry) {
    const { openTelemetry } = await loadTelemetryModules(env);
    const servers: Record<string, string> = {};
    const { config: resolved } = resolveEnv({ providers: config.providers }, env);
    for (const [name, provider] of Object.entries(resolved.providers)) {
      if (provider.baseURL !== undefined && provider.baseURL !== '') servers[name] = provider.baseURL;
    }
    const otel = openTelemetry({
      captureContent: telemetry.captureContent,
      maxContentChars: telemetry.maxContentChars,
      conventions: telemetry.conventions,
      providerNames: telemetry.providerNames,
      servers,
    });
    instrumentation.push(otel);
    hooks = combineHooks([hooks, otel.hooks]);
  }
  let shared: SharedState | undefined;
  if (config.redis) {
    const { config: resolved, missing } = resolveEnv({ redis: config.redis }, env);
    if (missing.length === 0) {
      const target = options.callLogTarget;
      const log = target?.warn
        ? (line: string) => target.warn!({}, line)
        : (line: string) => console.warn(line);
      shared = await connectSharedState(resolved.redis, log);
    }
  }
  return buildRouter(config, { ...options, env, plugins, hooks, instrumentation, shared });
}

/** Closes the Redis connection a configuration's `redis` section opened, if any (at shutdown). */
export async function stopSharedState(): Promise<void> {
  await closeSharedState();
}

/** Flushes and stops the OpenTelemetry SDK a configuration started, if any (at shutdown). */
export async function stopOpenTelemetry(): Promise<void> {
  const started = await sdk?.catch(() => undefined);
  sdk = undefined;
  await started?.shutdown();
}

async function loadTelemetryModules(env: Readonly<Record<string, string | undefined>>) {
  try {
    const [modules, telemetry] = await Promise.all([
      import('./open-telemetry-sdk.js'),
      import('../telemetry/open-telemetry.js'),
    ]);
    sdk ??= modules.startOpenTelemetrySdk(env);
    // A failed start is reported to this load, and tried again by the next.
    await sdk.catch((error: unknown) => {
      sdk = undefined;
      throw error;
    });
    return telemetry;
  } catch (error) {
    if (error instanceof ConfigFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new ConfigFileError({
        issues: [
          {
            path: 'telemetry.openTelemetry',
            message:
              'needs the package @opentelemetry/api, which is not installed: npm install @opentelemetry/api',
          },
        ],
      });
    }
    throw error;
  }
}
