import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildRouter } from '../config/build-router.js';
import type { GatewayConfig } from '../config/config-schema.js';
import { resolveEnv } from '../config/env-references.js';
import { routableModels } from '../config/routable-models.js';
import { resolveServerSettings, type ServerSettings } from '../config/server-settings.js';
import type { Target } from '../types/attempt.js';
import type { CircuitState } from '../types/events.js';
import { createGatewayServer } from './core/gateway-server.js';
import { type LogOutput, RequestLog } from './core/request-log.js';
import { createGateway, createGatewayObservers, type Gateway, type ListedModel } from './create-gateway.js';

/** Options of {@link startGateway}. */
export interface StartGatewayOptions {
  config: GatewayConfig;
  /** Where `${ENV}` references are read from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Overrides `server.host`. */
  host?: string;
  /** Overrides `server.port` (0 for an ephemeral port). */
  port?: number;
  /** Where the JSON log lines go. Default `process.stdout`. */
  output?: LogOutput;
}

/** A gateway listening for requests. */
export interface RunningGateway {
  /** `http://host:port`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly settings: ServerSettings;
  readonly gateway: Gateway;
  /**
   * Stops accepting connections, lets in-flight requests finish for up to `gracePeriodMs` (default: the
   * configured one), then cuts off whatever is left. Resolves with how many requests were cut off.
   */
  shutdown(gracePeriodMs?: number): Promise<{ cutOff: number }>;
}

/**
 * Builds the router a configuration describes and serves it as an OpenAI-compatible gateway. Without
 * gateway keys it listens on 127.0.0.1 only, and logs that it does.
 *
 * @example
 * const gateway = await startGateway({ config: await loadConfig('llmrouter.yaml') });
 * process.once('SIGTERM', async () => {
 *   await gateway.shutdown();
 *   process.exit(0);
 * });
 */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const env = options.env ?? process.env;
  const settings = resolveServerSettings(options.config, { env, host: options.host, port: options.port });
  const observers = createGatewayObservers();
  const built = buildRouter(options.config, {
    env,
    hooks: observers.hooks,
    instrumentation: observers.instrumentation,
  });
  const routable = routableModels(options.config, built);
  const models: ListedModel[] = routable.flatMap((entry) =>
    entry.explanation ? [{ id: entry.model, ownedBy: entry.explanation.plan[0]!.provider }] : [],
  );
  const breaker = built.breaker;
  let breakerStates: (() => Array<Target & { state: CircuitState }>) | undefined;
  if (breaker) {
    const targets = breakerTargets(routable, options.config.circuitBreaker?.scope === 'model');
    breakerStates = () => targets.map((target) => ({ ...target, state: breaker.state(target) }));
  }
  const log = new RequestLog(options.output ?? process.stdout, settings.requestLog, {
    names: settings.redact,
    secrets: [...settings.keys, ...providerKeys(options.config, env)],
  });
  const gateway = createGateway({
    router: built.router,
    observers,
    log,
    keys: settings.keys,
    bodyLimitBytes: settings.bodyLimitBytes,
    deadlineMs: settings.deadlineMs,
    logContent: settings.logContent,
    models,
    breakerStates,
    limits: settings.limits,
  });

  const server = createGatewayServer(gateway);
  await listen(server, { host: settings.host, port: settings.port });
  const { port } = server.address() as AddressInfo;
  const url = `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`;
  log.event('info', {
    msg: `llmrouter gateway listening on ${url}`,
    url,
    models: models.map((model) => model.id),
    authentication: settings.keys.length > 0 ? 'bearer keys' : 'none',
  });
  if (settings.hostNote) log.event('warn', { msg: settings.hostNote });
  log.flush();

  let shuttingDown: Promise<{ cutOff: number }> | undefined;
  return {
    url,
    host: settings.host,
    port,
    settings,
    gateway,
    shutdown(gracePeriodMs = settings.gracePeriodMs) {
      shuttingDown ??= (async () => {
        gateway.drain();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        log.event('info', {
          msg: 'shutting down: no new connections; draining in-flight requests',
          inFlight: gateway.inFlight,
          gracePeriodMs,
        });
        let timer: NodeJS.Timeout | undefined;
        const drained = await Promise.race([
          gateway.idle().then(() => true),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(resolve, gracePeriodMs, false);
          }),
        ]);
        clearTimeout(timer);
        const cutOff = drained ? 0 : gateway.inFlight;
        if (!drained) gateway.abortAll();
        // Every response has finished (or was just aborted): what is left are keep-alive connections that
        // went idle during the drain, which would otherwise hold the server open until they time out.
        server.closeAllConnections();
        await closed;
        log.event(drained ? 'info' : 'warn', {
          msg: drained ? 'drained; stopped' : 'grace period over; cut off in-flight requests',
          cutOff,
        });
        log.flush();
        return { cutOff };
      })();
      return shuttingDown;
    },
  };
}

/** The providers' API keys as configured, resolved: no log line may contain one. */
function providerKeys(config: GatewayConfig, env: Readonly<Record<string, string | undefined>>): string[] {
  const { config: resolved } = resolveEnv(config.providers, env);
  return Object.values(resolved).flatMap((provider) => (provider.apiKey ? [provider.apiKey] : []));
}

/** The breakers a gateway reports: one per provider, or one per planned target with per-model scope. */
function breakerTargets(routable: ReturnType<typeof routableModels>, perModel: boolean): Target[] {
  const seen = new Map<string, Target>();
  for (const entry of routable) {
    for (const target of entry.explanation?.plan ?? []) {
      const model = perModel ? target.model : '*';
      seen.set(`${target.provider}\u0000${model}`, { provider: target.provider, model });
    }
  }
  return [...seen.values()];
}

function listen(server: Server, address: { host: string; port: number }): Promise<void> {
  const { host, port } = address;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
