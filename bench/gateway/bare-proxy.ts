import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';

/** Options of {@link startBareProxy}. */
export interface BareProxyOptions {
  /** Upstream base URL (`.../v1`) per requested model. */
  routes: Record<string, string>;
  port?: number;
}

const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 256 });

/**
 * The floor for a Node gateway: `node:http` in, undici out, the request body parsed (to pick the
 * upstream by model) and re-serialised, a whole answer parsed and re-serialised, a stream passed through
 * chunk by chunk. No auth, no logging, no retries: whatever a real gateway does costs more than this.
 *
 * @example
 * const proxy = await startBareProxy({ routes: { 'gpt-4o-mini': 'http://127.0.0.1:4000/primary/v1' } });
 */
export async function startBareProxy(
  options: BareProxyOptions,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      forward({ incoming, outgoing, routes: options.routes, raw: Buffer.concat(chunks) }).catch((error) => {
        if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'application/json' });
        outgoing.end(JSON.stringify({ error: { message: String(error), type: 'proxy_error' } }));
      });
    });
  });
  await new Promise<void>((resolve) =>
    server.listen({ port: options.port ?? 0, host: '127.0.0.1', backlog: 4096 }, resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function forward(exchange: {
  incoming: IncomingMessage;
  outgoing: ServerResponse;
  routes: Record<string, string>;
  raw: Buffer;
}): Promise<void> {
  const { incoming, outgoing, routes, raw } = exchange;
  const body = JSON.parse(raw.toString('utf8')) as { model?: string; stream?: boolean };
  const base = routes[body.model ?? ''];
  if (!base) {
    outgoing.writeHead(404, { 'content-type': 'application/json' });
    outgoing.end(JSON.stringify({ error: { message: `no route for ${body.model}`, type: 'not_found' } }));
    return;
  }
  const response = await request(`${base}/chat/completions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: incoming.headers.authorization ?? '',
    },
    body: JSON.stringify(body),
    dispatcher,
  });
  const contentType = String(response.headers['content-type'] ?? 'application/json');
  if (body.stream === true && response.statusCode === 200) {
    outgoing.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache' });
    for await (const chunk of response.body) outgoing.write(chunk);
    outgoing.end();
    return;
  }
  const answer = JSON.stringify(await response.body.json());
  outgoing.writeHead(response.statusCode, { 'content-type': contentType });
  outgoing.end(answer);
}
