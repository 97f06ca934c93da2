import { createHash } from 'node:crypto';
import type { BuiltRouter } from '../config/build-router.js';
import type { GatewayConfig } from '../config/config-schema.js';
import { loadRouter } from '../config/load-router.js';
import { routableModels } from '../config/routable-models.js';
import type { ServerSettings } from '../config/server-settings.js';
import type { Target } from '../types/attempt.js';
import type { CircuitState } from '../types/events.js';
import type { ConfigVersion } from './core/config-version-metric.js';
import type { RequestLog } from './core/request-log.js';
import type { GatewayObservers, GatewayRouting, ListedModel } from './create-gateway.js';

/** One loaded configuration: the router built from it and what the gateway serves it with. */
export interface GatewayGeneration {
  built: BuiltRouter;
  routing: GatewayRouting;
}

/**
 * Loads a configuration into what a gateway serves (the router, its plugins, the model list, the
 * breakers `/readyz` reports), keeping the stateful middleware of `previous` where their settings did
 * not change. Throws `ConfigFileError` when the configuration cannot be served.
 */
export async function loadGeneration(options: {
  config: GatewayConfig;
  /** The file's text, for the configuration's digest. */
  text: string;
  settings: ServerSettings;
  env: Readonly<Record<string, string | undefined>>;
  configFile: string | undefined;
  observers: GatewayObservers;
  log: RequestLog;
  version: number;
  previous?: BuiltRouter;
}): Promise<GatewayGeneration> {
  const { config, settings, log } = options;
  const built = await loadRouter(config, {
    env: options.env,
    configFile: options.configFile,
    hooks: options.observers.hooks,
    instrumentation: options.observers.instrumentation,
    previous: options.previous,
    callLogTarget: {
      info: (line, msg) => log.event('info', { msg: msg ?? 'llmrouter call', ...line }),
      warn: (line, msg) => log.event('warn', { msg: msg ?? 'llmrouter warning', ...line }),
      error: (line, msg) => log.event('error', { msg: msg ?? 'llmrouter call', ...line }),
    },
  });
  const routable = routableModels(config, built);
  const models: ListedModel[] = routable.flatMap((entry) =>
    entry.explanation ? [{ id: entry.model, ownedBy: entry.explanation.plan[0]!.provider }] : [],
  );
  const breaker = built.breaker;
  let breakerStates: (() => Array<Target & { state: CircuitState }>) | undefined;
  if (breaker) {
    const targets = breakerTargets(routable, config.circuitBreaker?.scope === 'model');
    // A group member's breaker is its own, keyed by the member's name.
    breakerStates = () =>
      targets.map((target) => ({
        ...target,
        state: breaker.state({ provider: target.member ?? target.provider, model: target.model }),
      }));
  }
  const configVersion: ConfigVersion = {
    version: options.version,
    hash: createHash('sha256').update(options.text).digest('hex').slice(0, 12),
    loadedAt: new Date().toISOString(),
  };
  return {
    built,
    routing: {
      router: built.router,
      keys: settings.keyGrants,
      bodyLimitBytes: settings.bodyLimitBytes,
      deadlineMs: settings.deadlineMs,
      safeToDuplicate: settings.safeToDuplicate,
      logContent: settings.logContent,
      cors: settings.cors,
      models,
      breakerStates,
      responseCache: built.cache,
      configVersion,
    },
  };
}

/** The breakers a gateway reports: one per provider, or one per planned target with per-model scope. */
function breakerTargets(routable: ReturnType<typeof routableModels>, perModel: boolean): Target[] {
  const seen = new Map<string, Target>();
  for (const entry of routable) {
    for (const target of entry.explanation?.plan ?? []) {
      const model = perModel ? target.model : '*';
      const breakerTarget: Target = { provider: target.provider, model };
      if (target.member !== undefined) breakerTarget.member = target.member;
      seen.set(`${target.member ?? target.provider}\u0000${model}`, breakerTarget);
    }
  }
  return [...seen.values()];
}
