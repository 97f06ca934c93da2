import type { IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { GatewayError, invalidRequest } from './gateway-error.js';

const decoders: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** The codings of a `Content-Encoding` header in the order they were applied, `identity` left out. */
export function contentCodings(header: string | undefined): string[] {
  if (header === undefined) return [];
  return header
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
}

/**
 * Reads a body sent with `Content-Encoding` gzip, deflate or br (or several, applied in order) and
 * returns it decoded. `limitBytes` bounds the decoded size, so a small body that inflates past it (a
 * zip bomb) is stopped as soon as it does, with a 413; the client's remaining bytes are drained, not
 * decoded. A body that is not valid data of its coding is a 400 `invalid_body_encoding`, and an
 * unknown coding a 415 `unsupported_content_encoding`.
 */
export function readEncodedBody(
  request: IncomingMessage,
  options: { codings: readonly string[]; limitBytes: number },
): Promise<Buffer> {
  const { codings, limitBytes } = options;
  const unknown = codings.find((coding) => decoders[coding] === undefined);
  if (unknown !== undefined) {
    request.resume();
    return Promise.reject(
      new GatewayError({
        status: 415,
        message: `Content-Encoding '${unknown}' is not supported: send the body uncompressed, or as gzip, deflate or br.`,
        code: 'unsupported_content_encoding',
      }),
    );
  }
  return new Promise((resolve, reject) => {
    const stages: Transform[] = [];
    let stream: Readable = request;
    // The last coding applied is the first undone.
    for (const coding of [...codings].reverse()) {
      const decoder = decoders[coding]!();
      decoder.once('error', (error: Error) => {
        fail(
          invalidRequest({
            param: null,
            message: `The request body is not valid ${coding} data (Content-Encoding: ${codings.join(', ')}): ${error.message}.`,
            code: 'invalid_body_encoding',
          }),
        );
      });
      stream = stream.pipe(decoder);
      stages.push(decoder);
    }
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      for (const stage of stages) {
        request.unpipe(stage);
        stage.destroy();
      }
      // The rest of the body is read and dropped, so the client sees the answer rather than a reset.
      request.resume();
      reject(error);
    };
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        fail(
          new GatewayError({
            status: 413,
            message: `Request body too large: the limit is ${limitBytes} bytes once decompressed.`,
            code: 'request_too_large',
          }),
        );
        return;
      }
      chunks.push(chunk);
    });
    stream.once('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, size));
    });
    request.once('error', fail);
  });
}
