import { abortError } from '../abort/abort-error.js';
import type { AbortSource } from '../abort/abort-handle.js';
import { toRouterError } from '../errors/classify.js';
import type { RouterError } from '../types/router-error.js';
import { apiCallErrorFromResponse, type ErrorBodyReader } from './error-response.js';
import { sendRequest } from './http-client.js';
import type { HttpRequest, HttpResponse } from './http-types.js';

/** Who a request is for, so every error it raises names its target and hides its key. */
export interface CallTarget {
  provider: string;
  model: string;
  /** The API key, removed from any text that reaches an error. */
  secret?: string;
  readBody: ErrorBodyReader;
}

/** Turns anything thrown while talking to a provider into a `RouterError`, preferring the abort reason. */
export function failure(error: unknown, target: CallTarget, signal: AbortSource | undefined): RouterError {
  if (signal?.aborted) return abortError(signal, target);
  return toRouterError(error, { provider: target.provider, model: target.model });
}

/**
 * Sends a request and returns the response when its status is 2xx; otherwise throws the provider's error
 * as an `ApiCallError` of the right kind.
 */
export async function postJson(request: HttpRequest, target: CallTarget): Promise<HttpResponse> {
  let response: HttpResponse;
  try {
    response = await sendRequest(request);
  } catch (error) {
    throw failure(error, target, request.signal);
  }
  if (response.status >= 200 && response.status < 300) return response;
  throw await apiCallErrorFromResponse({
    response,
    provider: target.provider,
    model: target.model,
    readBody: target.readBody,
    secret: target.secret,
  });
}

/** Reads and parses a whole JSON body. */
export async function readJson(
  response: HttpResponse,
  target: CallTarget,
  signal?: AbortSource,
): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw failure(error, target, signal);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw toRouterError(
      Object.assign(new Error(`${target.provider} returned a body that is not JSON: ${text.slice(0, 200)}`), {
        status: 502,
      }),
      target,
    );
  }
}

/**
 * The next raw chunk of a response body, with a read failure turned into a `RouterError` (the abort
 * reason first). A plain function around one `await`, so the stream loop that calls it needs no `try`.
 */
export async function nextChunk(
  body: AsyncIterator<Uint8Array>,
  target: CallTarget,
  signal: AbortSource | undefined,
): Promise<IteratorResult<Uint8Array>> {
  try {
    return await body.next();
  } catch (error) {
    throw failure(error, target, signal);
  }
}

/** Parses one SSE `data` payload; a malformed one is a provider fault (`server`), not a crash. */
export function parseEventData(data: string, target: CallTarget): unknown {
  try {
    return JSON.parse(data);
  } catch {
    throw toRouterError(
      Object.assign(
        new Error(`${target.provider} sent a stream event that is not JSON: ${data.slice(0, 200)}`),
        {
          status: 502,
        },
      ),
      target,
    );
  }
}
