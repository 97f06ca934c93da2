import { type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Connections Node's HTTP layer cut before a request reached the gateway, by the status they were
 * answered (a chunk-extension overflow, answered 413 as Node does, is not counted).
 */
export interface ClientErrorCounts {
  /** Malformed request line or headers: 400. */
  malformed: number;
  /** Headers (or the whole request) not in before Node's timeouts: 408. */
  timedOut: number;
  /** Request line and headers over the size limit: 431. */
  headersTooLarge: number;
}

/**
 * Answers and counts what Node's HTTP parser and timeouts refuse (`clientError`) exactly as Node does by
 * default: one bare status line with `connection: close` when nothing has been written on the socket
 * yet, then the socket is destroyed. Counted, so `/metrics` shows a slow-header or oversized-header
 * attack that never reaches the gateway's own handler.
 */
export class ClientErrors {
  private readonly counts: ClientErrorCounts = { malformed: 0, timedOut: 0, headersTooLarge: 0 };

  attach(server: Server): void {
    server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => this.answer(error, socket));
  }

  snapshot(): ClientErrorCounts {
    return { ...this.counts };
  }

  private answer(error: NodeJS.ErrnoException, socket: Duplex): void {
    const status = statusFor(error.code);
    if (status === 408) this.counts.timedOut++;
    else if (status === 431) this.counts.headersTooLarge++;
    else if (status === 400) this.counts.malformed++;
    // Node's own rule: a status line only while no response has started on this socket.
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
    if (status !== undefined && socket.writable && !inFlight?.headersSent) {
      socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`);
    }
    socket.destroy(error);
  }
}

/** The status Node answers a client error with; `undefined` for a reset (nobody is left to answer). */
function statusFor(code: string | undefined): number | undefined {
  switch (code) {
    case 'ECONNRESET':
      return undefined;
    case 'HPE_HEADER_OVERFLOW':
      return 431;
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 413;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    default:
      return 400;
  }
}
