import type { GatewayKey } from '../server/core/gateway-keys.js';
import type { GatewayLimits } from '../server/core/gateway-limits.js';
import { ConfigFileError } from './config-issue.js';
import type { GatewayConfig, ServerConfig } from './config-schema.js';
import type { CorsConfig } from './cors-schema.js';
import { resolveEnv } from './env-references.js';

/** The gateway's settings with defaults applied and `${ENV}` references resolved. */
export interface ServerSettings {
  host: string;
  port: number;
  /** Bearer tokens clients must present. Empty: no authentication, loopback only. */
  keys: readonly string[];
  /** The same keys with what each grants (routing constraints, trust with the routing headers). */
  keyGrants: readonly GatewayKey[];
  bodyLimitBytes: number;
  gracePeriodMs: number;
  deadlineMs: number | undefined;
  /** Requests may be hedged unless their header says no (`server.safeToDuplicate`). */
  safeToDuplicate: boolean;
  requestLog: boolean;
  logContent: boolean;
  /** Cross-origin access for browsers, when configured. */
  cors: CorsConfig | undefined;
  /** Why the host differs from the one configured, when it does (no keys: loopback only). */
  hostNote: string | undefined;
  /** The limits `server.limits` sets; the gateway's defaults fill in the rest. */
  limits: Partial<GatewayLimits>;
  /** Names the request log masks besides the credential names (`server.redact`). */
  redact: readonly string[];
}

/** Defaults of the `server` section. */
export const serverDefaults = Object.freeze({
  port: 8080,
  bodyLimitBytes: 10 * 1024 * 1024,
  gracePeriodMs: 10_000,
});

const loopback = '127.0.0.1';
const units: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/**
 * The `server` section as the gateway runs it. Without gateway keys the server binds 127.0.0.1 whatever
 * `host` says, so an unauthenticated gateway is never reachable from the network; `hostNote` says so.
 * Command-line `overrides` win over the file. An unset variable in `keys` is an error: a gateway that
 * silently ran open would be worse than one that does not start.
 */
export function resolveServerSettings(
  config: GatewayConfig,
  options: { env?: Readonly<Record<string, string | undefined>>; host?: string; port?: number } = {},
): ServerSettings {
  const server = config.server ?? {};
  const resolved = resolveEnv({ server }, options.env ?? process.env);
  if (resolved.missing.length > 0) {
    throw new ConfigFileError({
      issues: resolved.missing.map((missing) => ({
        path: missing.path,
        message: `environment variable ${missing.name} is not set`,
      })),
    });
  }
  const keyGrants = (resolved.config.server.keys ?? [])
    .map((entry) => (typeof entry === 'string' ? { key: entry } : entry))
    .filter((entry) => entry.key.trim() !== '');
  const keys = keyGrants.map((entry) => entry.key);
  const wanted = options.host ?? resolved.config.server.host;
  let host = wanted ?? (keys.length > 0 ? '0.0.0.0' : loopback);
  let hostNote: string | undefined;
  if (keys.length === 0 && !isLoopback(host)) {
    hostNote = `no gateway keys are configured, so the server listens on ${loopback} only (not ${host}); set server.keys to accept other hosts`;
    host = loopback;
  } else if (keys.length === 0) {
    hostNote = `no gateway keys are configured, so the server listens on ${loopback} only and accepts requests without a key`;
  }
  return {
    host,
    port: options.port ?? server.port ?? serverDefaults.port,
    keys,
    keyGrants,
    bodyLimitBytes: byteCount(server.bodyLimit) ?? serverDefaults.bodyLimitBytes,
    gracePeriodMs: server.gracePeriodMs ?? serverDefaults.gracePeriodMs,
    deadlineMs: server.deadlineMs,
    safeToDuplicate: server.safeToDuplicate ?? false,
    requestLog: server.requestLog ?? true,
    logContent: server.logContent ?? false,
    cors: server.cors,
    hostNote,
    limits: gatewayLimits(server.limits),
    redact: server.redact ?? [],
  };
}

/** `server.limits` in the gateway's terms: only the limits the file sets. */
function gatewayLimits(configured: ServerConfig['limits']): Partial<GatewayLimits> {
  const { headerLimit, ...rest } = configured ?? {};
  const limits: Partial<GatewayLimits> = {};
  for (const [name, value] of Object.entries(rest)) {
    if (value !== undefined) limits[name as keyof typeof rest] = value;
  }
  const maxHeaderBytes = byteCount(headerLimit);
  if (maxHeaderBytes !== undefined) limits.maxHeaderBytes = maxHeaderBytes;
  return limits;
}

function isLoopback(host: string): boolean {
  return host === loopback || host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** `4mb` → 4194304. The schema has already checked the form. */
export function byteCount(size: number | string | undefined): number | undefined {
  if (size === undefined || typeof size === 'number') return size;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(size);
  if (!match) return undefined;
  return Math.floor(Number(match[1]) * (units[(match[2] || 'b').toLowerCase()] ?? 1));
}
