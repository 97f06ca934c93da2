import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicFormat } from './anthropic-format.js';
import { embeddingsBody, readEmbeddingsRequest } from './embeddings-answer.js';
import type { FakeBehaviour, FakeErrorReason, FakeFormat } from './fake-behaviour.js';
import type { FakeRequest } from './fake-request.js';
import { type FakeUpstream, UpstreamScript } from './fake-upstream.js';
import { geminiFormat } from './gemini-format.js';
import { sendWhole } from './http-answers.js';
import { modelsListBody } from './models-list.js';
import { openaiFormat } from './openai-format.js';
import { playBehaviour } from './play-behaviour.js';
import { ResponseRun } from './response-run.js';
import { type FakeRoute, routeRequest } from './route-request.js';
import type { WireFormat } from './wire-format.js';

/** Options of `startFakeProviderServer`. */
export interface FakeProviderServerOptions {
  /** Defaults to an ephemeral port. */
  port?: number;
  /** Defaults to `127.0.0.1`. */
  host?: string;
  /** Keep every completion request on its upstream's `requests`. Defaults to `true`; turn off for long benchmarks. */
  recordRequests?: boolean;
  /** Larger request bodies are answered 413. Defaults to 32 MiB. */
  maxBodyBytes?: number;
}

/** A running fake provider server. */
export interface FakeProviderServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** The named upstream, created on first use (by this call or by a request to `/{name}/...`). */
  upstream(name: string): FakeUpstream;
  /** Stops listening, ends every response in flight (hanging ones included) and clears their timers. */
  close(): Promise<void>;
}

const formats: Record<FakeFormat, WireFormat> = {
  openai: openaiFormat,
  anthropic: anthropicFormat,
  gemini: geminiFormat,
};

const notFoundBody = (path: string) =>
  JSON.stringify({
    error: {
      message: `No fake provider endpoint at ${path}`,
      type: 'invalid_request_error',
      param: null,
      code: null,
    },
  });

/**
 * Starts a real HTTP server on 127.0.0.1 that speaks the OpenAI Chat Completions, Anthropic Messages and
 * Gemini generateContent wire formats, streaming and not, and answers each request with a scripted
 * behaviour: a reply, an HTTP error, a hang, a reset, an in-band stream error, malformed JSON or a
 * truncated stream.
 *
 * @example
 * const server = await startFakeProviderServer();
 * const primary = server.upstream('primary').enqueue(faults.overloaded());
 * const fallback = server.upstream('fallback');
 * const router = createRouter({
 *   providers: {
 *     primary: openai({ apiKey: 'test', baseURL: primary.baseURL('openai') }),
 *     fallback: anthropic({ apiKey: 'test', baseURL: fallback.baseURL('anthropic') }),
 *   },
 *   fallbacks: ['fallback'],
 * });
 * // ... exercise the router, then inspect primary.requests and fallback.requests
 * await server.close();
 */
export async function startFakeProviderServer(
  options: FakeProviderServerOptions = {},
): Promise<FakeProviderServer> {
  const host = options.host ?? '127.0.0.1';
  const record = options.recordRequests ?? true;
  const maxBodyBytes = options.maxBodyBytes ?? 32 * 1024 * 1024;
  const upstreams = new Map<string, UpstreamScript>();
  const active = new Set<ResponseRun>();
  let serial = 0;
  let url = '';

  const upstream = (name: string): UpstreamScript => {
    let script = upstreams.get(name);
    if (!script) {
      if (name === '' || name.includes('/'))
        throw new TypeError(`invalid upstream name: ${JSON.stringify(name)}`);
      script = new UpstreamScript({ name, serverURL: url, record });
      upstreams.set(name, script);
    }
    return script;
  };

  /** What the fake records of a request before its body is read. */
  const receivedOf = (
    request: IncomingMessage,
    route: { format: FakeRequest['format']; upstream: string },
    details: { model: FakeRequest['model']; stream: boolean },
  ): FakeRequest => ({
    format: route.format,
    upstream: route.upstream,
    path: request.url ?? '/',
    headers: request.headers,
    body: undefined,
    model: details.model,
    stream: details.stream,
    receivedAt: Date.now(),
  });

  const answerCompletion = (exchange: {
    request: IncomingMessage;
    response: ServerResponse;
    route: Extract<FakeRoute, { kind: 'completion' }>;
    raw: Buffer | undefined;
  }) => {
    const { response, route, raw } = exchange;
    const format = formats[route.format];
    const script = upstream(route.upstream);
    const received = receivedOf(exchange.request, route, route.details);
    const reject = (status: number, reason: FakeErrorReason, message: string) => {
      script.record(received);
      sendFormatError(response, { format, status, reason, message, model: received.model });
    };
    if (raw === undefined)
      return reject(413, 'bad_request', `Request body larger than ${maxBodyBytes} bytes.`);
    try {
      received.body = raw.length === 0 ? undefined : JSON.parse(raw.toString('utf8'));
    } catch {
      return reject(400, 'bad_request', 'We could not parse the JSON body of your request.');
    }
    const body = received.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return reject(400, 'bad_request', 'The request body must be a JSON object.');
    }
    const reading = format.readRequest(body as Record<string, unknown>, route.details);
    if ('invalid' in reading) return reject(400, 'bad_request', reading.invalid);
    received.model = reading.model;
    received.stream = reading.stream;
    script.record(received);

    let behaviour: FakeBehaviour;
    try {
      behaviour = script.next(received);
    } catch (error) {
      const message = `fake provider handler threw: ${error instanceof Error ? error.message : String(error)}`;
      sendFormatError(response, { format, status: 500, reason: 'server', message, model: received.model });
      return;
    }
    serial++;
    playBehaviour({
      behaviour,
      format,
      run: new ResponseRun(response, active),
      stream: reading.stream,
      model: reading.model,
      serial,
      includeUsage: reading.includeUsage,
    });
  };

  /** An embeddings request: recorded like a completion, answered with the fake's vectors or a status. */
  const answerEmbeddings = (exchange: {
    request: IncomingMessage;
    response: ServerResponse;
    route: Extract<FakeRoute, { kind: 'embeddings' }>;
    raw: Buffer | undefined;
  }) => {
    const { response, route, raw } = exchange;
    const format = formats[route.format];
    const script = upstream(route.upstream);
    const received = receivedOf(exchange.request, route, { model: route.model, stream: false });
    const reject = (status: number, reason: FakeErrorReason, message: string) =>
      sendFormatError(response, { format, status, reason, message, model: received.model });
    let body: unknown;
    try {
      body = raw === undefined || raw.length === 0 ? undefined : JSON.parse(raw.toString('utf8'));
    } catch {
      script.record(received);
      return reject(400, 'bad_request', 'We could not parse the JSON body of your request.');
    }
    received.body = body;
    const reading =
      typeof body === 'object' && body !== null && !Array.isArray(body)
        ? readEmbeddingsRequest(route.format, body as Record<string, unknown>, route.model)
        : { invalid: 'The request body must be a JSON object.' };
    if ('model' in reading) received.model = reading.model;
    script.record(received);
    if ('invalid' in reading) return reject(400, 'bad_request', reading.invalid);
    const behaviour = script.next(received);
    if (behaviour.type === 'hang') {
      // Held open until the client aborts or the server closes.
      new ResponseRun(response, active);
      return;
    }
    if (behaviour.type === 'status') {
      const reason = behaviour.reason ?? 'server';
      return reject(
        behaviour.status ?? format.errorStatus(reason),
        reason,
        behaviour.message ?? 'fake error',
      );
    }
    sendWhole(response, {
      status: 200,
      body: JSON.stringify(embeddingsBody(route.format, reading, route.batch)),
    });
  };

  const server = createServer((request, response) => {
    request.on('error', ignore);
    response.on('error', ignore);
    const route = routeRequest(request.method ?? 'GET', request.url ?? '/');
    switch (route.kind) {
      case 'not_found':
        request.resume();
        sendWhole(response, { status: 404, body: notFoundBody(request.url ?? '/') });
        return;
      case 'models': {
        request.resume();
        const format =
          route.format === 'openai' && request.headers['anthropic-version'] ? 'anthropic' : route.format;
        const body = modelsListBody(format, upstream(route.upstream).modelIds);
        sendWhole(response, { status: 200, body: JSON.stringify(body) });
        return;
      }
      case 'unsupported':
        request.resume();
        sendFormatError(response, {
          format: formats[route.format],
          status: 400,
          reason: 'bad_request',
          message: route.message,
          model: undefined,
        });
        return;
      case 'embeddings':
        readBody(request, {
          maxBytes: maxBodyBytes,
          onBody: (raw) => answerEmbeddings({ request, response, route, raw }),
        });
        return;
      case 'completion':
        readBody(request, {
          maxBytes: maxBodyBytes,
          onBody: (raw) => answerCompletion({ request, response, route, raw }),
        });
        return;
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep backlog so a burst of a thousand simultaneous connections is accepted, not refused.
    server.listen({ port: options.port ?? 0, host, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    upstream,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const run of [...active]) run.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function ignore(): void {}

/** Reads the whole body; `undefined` when it exceeds the limit (the rest is drained and dropped). */
function readBody(
  request: IncomingMessage,
  options: { maxBytes: number; onBody: (raw: Buffer | undefined) => void },
): void {
  const { maxBytes, onBody } = options;
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  request.on('data', (chunk: Buffer) => {
    if (tooLarge) return;
    size += chunk.length;
    if (size > maxBytes) {
      tooLarge = true;
      chunks.length = 0;
      return;
    }
    chunks.push(chunk);
  });
  request.on('end', () => {
    if (tooLarge) onBody(undefined);
    else onBody(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
  });
}

function sendFormatError(
  response: ServerResponse,
  error: {
    format: WireFormat;
    status: number;
    reason: FakeErrorReason;
    message: string;
    model: string | undefined;
  },
): void {
  const { format, ...details } = error;
  const body = format.errorBody({ ...details, retryDelayMs: undefined });
  sendWhole(response, { status: error.status, body: JSON.stringify(body) });
}
