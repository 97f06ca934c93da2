import type { ServerOptions } from 'node:http';

/**
 * How long, how large and how many: what a gateway allows one client before it cuts it off. Every limit
 * has a default ({@link gatewayLimitDefaults}); `0` turns a limit off. The body's size is the gateway's
 * `bodyLimitBytes`, beside these.
 */
export interface GatewayLimits {
  /** From a request's first byte until its headers are complete; then 408 and the socket closed. */
  headersTimeoutMs: number;
  /** From the end of the headers until the end of the body; then 408 and the socket closed. */
  bodyTimeoutMs: number;
  /**
   * The whole request, from its first byte to its last (headers and body): Node's `requestTimeout`.
   * Then 408 and closed. Default: the header time plus the body time.
   */
  requestTimeoutMs: number;
  /** The request line and headers together; larger ones are refused with 431. `0`: Node's own. */
  maxHeaderBytes: number;
  /** How long a keep-alive connection may sit idle between requests before the gateway closes it. */
  keepAliveTimeoutMs: number;
  /** Open connections per process; the next one is answered 503 and closed. */
  maxConnections: number;
  /**
   * Open connections per client address (the socket's peer address: behind a load balancer, that is
   * the balancer's; raise this or set `0` there). The next one is answered 503 and closed.
   */
  maxConnectionsPerAddress: number;
}

/** The limits a gateway applies when it is given none. */
export const gatewayLimitDefaults: Readonly<GatewayLimits> = Object.freeze({
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 30_000,
  requestTimeoutMs: 40_000,
  maxHeaderBytes: 16 * 1024,
  // Longer than the 60 s idle timeout of the usual load balancers, so the balancer closes first and
  // never sends a request on a connection the gateway is closing.
  keepAliveTimeoutMs: 65_000,
  maxConnections: 10_000,
  maxConnectionsPerAddress: 1_000,
});

/**
 * The limits with defaults applied. Throws a `RangeError` naming the limit when one is negative or not
 * whole, or when the whole request is allowed less time than its headers (Node refuses that server).
 */
export function resolveGatewayLimits(limits: Partial<GatewayLimits> = {}): GatewayLimits {
  const resolved: GatewayLimits = { ...gatewayLimitDefaults };
  if (limits.requestTimeoutMs === undefined) {
    const headers = limits.headersTimeoutMs ?? resolved.headersTimeoutMs;
    const body = limits.bodyTimeoutMs ?? resolved.bodyTimeoutMs;
    resolved.requestTimeoutMs = headers === 0 || body === 0 ? 0 : headers + body;
  }
  for (const name of Object.keys(gatewayLimitDefaults) as Array<keyof GatewayLimits>) {
    const value = limits[name];
    if (value === undefined) continue;
    // Checked again here for callers of createGateway, who have no schema in front of them.
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`limits.${name} must be a whole number, 0 or more (got ${String(value)})`);
    }
    resolved[name] = value;
  }
  if (
    resolved.requestTimeoutMs > 0 &&
    resolved.headersTimeoutMs > 0 &&
    resolved.requestTimeoutMs < resolved.headersTimeoutMs
  ) {
    throw new RangeError(
      `limits.requestTimeoutMs (${resolved.requestTimeoutMs}) must not be less than limits.headersTimeoutMs (${resolved.headersTimeoutMs})`,
    );
  }
  return resolved;
}

/** Node checks its header and request timeouts only this often; it defaults to every 30 s. */
const checkingBounds = { minMs: 50, maxMs: 1_000 };

/**
 * The `node:http` server options that enforce the limits Node can: `headersTimeout` (408 and closed),
 * `requestTimeout` (the same), `maxHeaderSize` (431), `keepAliveTimeout`. Node looks for expired
 * requests only every `connectionsCheckingInterval` (30 s by default, so a 10 s limit would fire
 * anywhere from 10 to 40 s); it is set to a tenth of the shorter timeout, between 50 ms and 1 s. What
 * Node cannot do (a time for the body alone, connections per address) the gateway does itself.
 */
export function serverOptionsFor(limits: GatewayLimits): ServerOptions {
  const timeouts = [limits.headersTimeoutMs, limits.requestTimeoutMs].filter((ms) => ms > 0);
  const shortest = timeouts.length > 0 ? Math.min(...timeouts) : checkingBounds.maxMs * 10;
  const options: ServerOptions = {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(
      checkingBounds.maxMs,
      Math.max(checkingBounds.minMs, Math.floor(shortest / 10)),
    ),
  };
  if (limits.maxHeaderBytes > 0) options.maxHeaderSize = limits.maxHeaderBytes;
  return options;
}
