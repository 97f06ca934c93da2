import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { ClientErrorCounts } from './client-errors.js';

/** How many connections a gateway server keeps open, in all and per client address. */
export interface ConnectionCaps {
  /** Per process; `0` for no cap. */
  maxConnections: number;
  /** Per peer address; `0` for no cap. */
  maxConnectionsPerAddress: number;
}

/** What the guard has counted since it started. */
export interface ConnectionCounts {
  /** Open now. */
  open: number;
  /** Refused because the process was at its cap. */
  refusedProcess: number;
  /** Refused because their address was at its cap. */
  refusedAddress: number;
  /** Cut by Node's HTTP layer before a request reached the gateway (see `ClientErrors`). */
  cut?: ClientErrorCounts;
}

/**
 * Caps a server's open connections, in all and per client address (the socket's peer). A connection
 * over a cap is answered at once with a 503 in the OpenAI error format, `retry-after: 1` and
 * `connection: close`, then closed: a client sees why instead of a reset, and a request it had already
 * sent is never handled (see {@link ConnectionGuard.refused}). Counting happens as connections open and
 * close, so it costs nothing per request.
 */
export class ConnectionGuard {
  private readonly perAddress = new Map<string, number>();
  private readonly refusedSockets = new WeakSet<Socket>();
  private readonly counts: ConnectionCounts = { open: 0, refusedProcess: 0, refusedAddress: 0 };

  constructor(private readonly caps: ConnectionCaps) {}

  /** Starts counting a server's connections. */
  attach(server: Server): void {
    if (this.caps.maxConnections === 0 && this.caps.maxConnectionsPerAddress === 0) return;
    server.on('connection', (socket: Socket) => this.admit(socket));
  }

  /** Whether a socket was refused: its requests must not be handled. */
  refused(socket: Socket): boolean {
    return this.refusedSockets.has(socket);
  }

  /** A copy of the counts. */
  snapshot(): ConnectionCounts {
    return { ...this.counts };
  }

  private admit(socket: Socket): void {
    const { maxConnections, maxConnectionsPerAddress } = this.caps;
    const address = socket.remoteAddress ?? '';
    const fromAddress = this.perAddress.get(address) ?? 0;
    if (maxConnections > 0 && this.counts.open >= maxConnections) {
      this.counts.refusedProcess += 1;
      this.refuse(socket, processRefusal);
      return;
    }
    if (maxConnectionsPerAddress > 0 && fromAddress >= maxConnectionsPerAddress) {
      this.counts.refusedAddress += 1;
      this.refuse(socket, addressRefusal);
      return;
    }
    this.counts.open += 1;
    this.perAddress.set(address, fromAddress + 1);
    socket.once('close', () => {
      this.counts.open -= 1;
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left === 0) this.perAddress.delete(address);
      else this.perAddress.set(address, left);
    });
  }

  private refuse(socket: Socket, answer: string): void {
    this.refusedSockets.add(socket);
    socket.on('error', ignore);
    socket.end(answer);
    // A client that never reads what it is sent must not keep the socket open.
    setTimeout(() => socket.destroy(), 1_000).unref();
  }
}

function refusal(message: string): string {
  const body = JSON.stringify({
    error: { message, type: 'server_error', param: null, code: 'too_many_connections' },
  });
  return `HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nretry-after: 1\r\nconnection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

const processRefusal = refusal('The gateway has as many connections open as it allows; retry shortly.');
const addressRefusal = refusal(
  'Too many connections from your address are open; reuse them, or retry shortly.',
);

function ignore(): void {}
