import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** Headers of a JSON answer. */
export const jsonHeaders: Readonly<OutgoingHttpHeaders> = Object.freeze({
  'content-type': 'application/json',
});

/** Headers of an SSE stream. */
export const sseHeaders: Readonly<OutgoingHttpHeaders> = Object.freeze({
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
});

/** Ends the response with a whole body and its `content-length`, as providers answer non-streaming calls. */
export function sendWhole(
  response: ServerResponse,
  answer: { status: number; body: string; headers?: Readonly<OutgoingHttpHeaders> },
): void {
  const headers = { ...(answer.headers ?? jsonHeaders), 'content-length': Buffer.byteLength(answer.body) };
  response.writeHead(answer.status, headers).end(answer.body);
}
