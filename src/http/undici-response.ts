import type { Dispatcher } from 'undici';
import type { HttpResponse } from './http-types.js';

/** How long a released body may take to end, and how much it may still send, before it is cut off. */
const releaseWaitMs = 5_000;
const releaseLimitBytes = 64 * 1024;

type UndiciBody = Dispatcher.ResponseData['body'];

/**
 * An undici answer as an `HttpResponse`: a class, so a call allocates no closures for its methods. It is
 * its own `body` iterable, whose iteration never destroys the body when left early: undici builds an
 * error with a stack trace for a body destroyed before its end (tens of microseconds), and a stream whose
 * last event came before the body's end would pay it every time. `release` and `close` end the body
 * deliberately instead.
 */
export class UndiciResponse implements HttpResponse, AsyncIterable<Uint8Array> {
  readonly status: number;
  readonly body: AsyncIterable<Uint8Array> = this;
  private readonly headers: Dispatcher.ResponseData['headers'];
  private readonly raw: UndiciBody;
  private released = false;

  constructor(response: Dispatcher.ResponseData) {
    this.status = response.statusCode;
    this.headers = response.headers;
    this.raw = response.body;
    // An abort while no iteration is reading the body (after the caller left it) fails the body with no
    // one listening; the error was already reported, or is the abort the caller asked for.
    this.raw.on('error', ignoreError);
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return this.raw.iterator({ destroyOnReturn: false });
  }

  header(name: string): string | undefined {
    const value = this.headers[name];
    return Array.isArray(value) ? value[0] : value;
  }

  text(): Promise<string> {
    return this.raw.text();
  }

  async discard(): Promise<void> {
    try {
      await this.raw.dump();
    } catch {
      // The body is unwanted; a failure to drain it only costs the connection.
    }
  }

  release(): void {
    const raw = this.raw;
    if (this.released || raw.readableEnded || raw.destroyed) return;
    this.released = true;
    const limit = setTimeout(() => raw.destroy(), releaseWaitMs);
    limit.unref();
    const stop = () => clearTimeout(limit);
    raw.dump({ limit: releaseLimitBytes }).then(stop, stop);
  }

  close(): void {
    const raw = this.raw;
    if (this.released || raw.readableEnded || raw.destroyed) return;
    raw.destroy();
  }
}

function ignoreError(): void {}
