import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ClientErrors } from './client-errors.js';
import { type ConnectionCounts, ConnectionGuard } from './connection-guard.js';
import { type GatewayLimits, serverOptionsFor } from './gateway-limits.js';

/** What {@link createGatewayServer} serves: a gateway's listener and the limits it was given. */
export interface ServableGateway {
  readonly listener: (request: IncomingMessage, response: ServerResponse) => void;
  readonly limits: GatewayLimits;
  /** Gives the gateway's metrics the connection guard's counts (`llmrouter_connections_*`). */
  watchConnections?(read: () => ConnectionCounts): void;
}

/**
 * A `node:http` server for a gateway with all of its limits on: Node's header and whole-request
 * timeouts (checked often enough to fire on time), the header size, the keep-alive idle timeout, and the
 * connection caps per process and per client address. The gateway's own listener enforces the body's
 * time and size. Not yet listening.
 *
 * @example
 * const server = createGatewayServer(createGateway({ ... }));
 * server.listen(8080);
 */
export function createGatewayServer(gateway: ServableGateway): Server {
  const guard = new ConnectionGuard(gateway.limits);
  const clientErrors = new ClientErrors();
  const { listener } = gateway;
  const server = createServer(serverOptionsFor(gateway.limits), (request, response) => {
    // A refused connection has been answered 503 already; a request it sent anyway is dropped.
    if (guard.refused(request.socket)) request.socket.destroy();
    else listener(request, response);
  });
  guard.attach(server);
  clientErrors.attach(server);
  gateway.watchConnections?.(() => ({ ...guard.snapshot(), cut: clientErrors.snapshot() }));
  return server;
}
