import type { IncomingMessage } from 'node:http';
import { GatewayError, invalidRequest } from './gateway-error.js';
import { contentCodings, readEncodedBody } from './read-encoded-body.js';

/** Past this many bytes beyond the limit the client is cut off rather than drained. */
const drainAllowance = 64 * 1024 * 1024;

/**
 * Reads a request body up to `limitBytes`. A larger body is refused with a 413 `GatewayError`; it is
 * read to its end and dropped first (up to a generous allowance), because answering before the client
 * has finished sending makes most clients report a broken connection instead of the 413. A compressed
 * body (`Content-Encoding`) is decoded, with the limit on its decoded size (see `readEncodedBody`).
 */
export function readRequestBody(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const codings = contentCodings(request.headers['content-encoding']);
  if (codings.length > 0) return readEncodedBody(request, { codings, limitBytes });
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    let size = 0;
    let tooLarge = declared > limitBytes;
    const chunks: Buffer[] = [];
    const tooLargeError = () =>
      new GatewayError({
        status: 413,
        message: `Request body too large: the limit is ${limitBytes} bytes.`,
        code: 'request_too_large',
      });
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (tooLarge || size > limitBytes) {
        tooLarge = true;
        chunks.length = 0;
        if (size > limitBytes + drainAllowance) {
          request.destroy();
          reject(tooLargeError());
        }
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (tooLarge) reject(tooLargeError());
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    request.on('error', reject);
  });
}

/**
 * Reads a request body (see {@link readRequestBody}) and parses it as JSON; a body that is not JSON is a
 * 400 `GatewayError` with code `invalid_json`.
 */
export async function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<unknown> {
  const raw = await readRequestBody(request, limitBytes);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw invalidRequest({
      param: null,
      message:
        'We could not parse the JSON body of your request. The body must be valid JSON (Content-Type: application/json).',
      code: 'invalid_json',
    });
  }
}
