import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigFileError, type ConfigIssue, formatIssue } from '../config/config-issue.js';
import type { GatewayConfig } from '../config/config-schema.js';
import { resolveEnv } from '../config/env-references.js';
import { stopOpenTelemetry, stopSharedState } from '../config/load-router.js';
import { parseConfig } from '../config/parse-config.js';
import { resolveServerSettings, type ServerSettings } from '../config/server-settings.js';
import type { ConfigVersion } from './core/config-version-metric.js';
import { createGatewayServer } from './core/gateway-server.js';
import { type LogOutput, RequestLog } from './core/request-log.js';
import {
  createGateway,
  createGatewayObservers,
  type Gateway,
  type GatewayObservers,
} from './create-gateway.js';
import { type GatewayGeneration, loadGeneration } from './gateway-generation.js';

/** Options of {@link startGateway}. */
export interface StartGatewayOptions {
  config: GatewayConfig;
  /**
   * The file `config` was read from: `plugins` paths are relative to it, and `reload()` reads it again.
   * Without one, `reload()` is refused.
   */
  configFile?: string;
  /** The file's text, for the configuration's digest. Default: the configuration's JSON. */
  configText?: string;
  /** Where `${ENV}` references are read from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Overrides `server.host`. */
  host?: string;
  /** Overrides `server.port` (0 for an ephemeral port). */
  port?: number;
  /** Where the JSON log lines go. Default `process.stdout`. */
  output?: LogOutput;
  /** Fields written into every log line (`llmrouter serve --workers` adds the worker's number). */
  logFields?: Readonly<Record<string, string | number>>;
  /**
   * The observers the gateway and its router share. Default: new ones. Pass them to set up the metrics
   * before the server listens (a cluster worker serves every worker's figures).
   */
  observers?: GatewayObservers;
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
  /**
   * Reads the configuration file again (SIGHUP, `serve --watch`). A valid one is swapped in at once:
   * new requests use it, requests in flight finish on the old router, and breakers, budgets, rate limits
   * and cached answers are kept where their settings did not change (breakers of changed providers are
   * reset). An invalid one is logged with every problem and the old configuration keeps serving.
   * Reloads run one at a time; `host`, `port` and `gracePeriodMs` take effect only on a restart.
   */
  reload(): Promise<ReloadOutcome>;
  /** The configuration being served. */
  readonly configVersion: ConfigVersion;
}

/** What a reload did. */
export type ReloadOutcome =
  | { applied: true; version: ConfigVersion }
  | { applied: false; issues: readonly ConfigIssue[] };

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
  const observers = options.observers ?? createGatewayObservers();
  const log = new RequestLog(options.output ?? process.stdout, settings.requestLog, {
    names: settings.redact,
    secrets: [...settings.keys, ...providerKeys(options.config, env)],
  });
  if (options.logFields) log.tag(options.logFields);
  const generationOptions = { env, configFile: options.configFile, observers, log };
  let generation: GatewayGeneration = await loadGeneration({
    ...generationOptions,
    config: options.config,
    text: options.configText ?? JSON.stringify(options.config),
    settings,
    version: 1,
  });
  const models = generation.routing.models;
  const gateway = createGateway({ ...generation.routing, observers, log, limits: settings.limits });

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

  const reloadOnce = async (): Promise<ReloadOutcome> => {
    try {
      if (options.configFile === undefined) {
        throw new ConfigFileError({
          issues: [{ path: '', message: 'the gateway was not started from a file' }],
        });
      }
      const file = options.configFile;
      const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        const reason = error.code === 'ENOENT' ? 'no such file' : String(error);
        throw new ConfigFileError({
          issues: [{ path: '', message: `cannot read the file: ${reason}` }],
          file,
        });
      });
      const config = parseConfig(text, { file });
      const next = resolveServerSettings(config, { env, host: options.host, port: options.port });
      const loaded = await loadGeneration({
        ...generationOptions,
        config,
        text,
        settings: next,
        version: generation.routing.configVersion!.version + 1,
        previous: generation.built,
      });
      generation = loaded;
      log.redact({ names: next.redact, secrets: [...next.keys, ...providerKeys(config, env)] });
      gateway.swap(loaded.routing);
      const version = loaded.routing.configVersion!;
      log.event('info', { msg: 'configuration reloaded', ...version });
      if (next.host !== settings.host || next.port !== settings.port) {
        log.event('warn', {
          msg: 'server.host and server.port take effect on a restart; still listening',
          url,
        });
      }
      log.flush();
      return { applied: true, version };
    } catch (error) {
      if (!(error instanceof ConfigFileError)) throw error;
      log.event('error', {
        msg: 'configuration not reloaded: the file is invalid; the previous configuration keeps serving',
        file: error.file,
        errors: error.issues.map(formatIssue),
        version: generation.routing.configVersion!.version,
      });
      log.flush();
      return { applied: false, issues: error.issues };
    }
  };
  let reloading: Promise<unknown> = Promise.resolve();

  let shuttingDown: Promise<{ cutOff: number }> | undefined;
  return {
    url,
    host: settings.host,
    port,
    settings,
    gateway,
    get configVersion() {
      return generation.routing.configVersion!;
    },
    reload() {
      const outcome = reloading.then(reloadOnce);
      reloading = outcome.catch(() => undefined);
      return outcome;
    },
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
        await generation.built.breaker?.stop();
        await Promise.all([stopOpenTelemetry(), stopSharedState()]);
        return { cutOff };
      })();
      return shuttingDown;
    },
  };
}

/** The providers' API keys as configured, resolved: no log line may contain one. */
function providerKeys(config: GatewayConfig, env: Readonly<Record<string, string | undefined>>): string[] {
  const { config: resolved } = resolveEnv({ providers: config.providers, groups: config.groups ?? {} }, env);
  const keys: string[] = [];
  for (const provider of Object.values(resolved.providers)) {
    if (provider.apiKey) keys.push(provider.apiKey);
    if ('apiKeys' in provider && provider.apiKeys) keys.push(...provider.apiKeys);
  }
  for (const group of Object.values(resolved.groups)) {
    for (const member of group.members) if (member.apiKey) keys.push(member.apiKey);
  }
  return keys;
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
