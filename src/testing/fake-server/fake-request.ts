import type { IncomingHttpHeaders } from 'node:http';
import type { FakeBehaviour, FakeFormat } from './fake-behaviour.js';

/** A completion request the fake provider server received, as recorded on its upstream. */
export interface FakeRequest {
  format: FakeFormat;
  /** Name of the upstream the request was addressed to. */
  upstream: string;
  /** Path and query as received, e.g. `/primary/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse`. */
  path: string;
  /** Header names in lower case, as Node delivers them (auth headers included: this is a test server). */
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; `undefined` when it was not JSON. */
  body: unknown;
  /** `model` from the body (OpenAI, Anthropic) or the path (Gemini). */
  model: string | undefined;
  stream: boolean;
  /** `Date.now()` when the body had been read. */
  receivedAt: number;
}

/**
 * Chooses the behaviour for one request. Returning `undefined` leaves the choice to the queue, then the
 * default.
 */
export type FakeHandler = (request: FakeRequest) => FakeBehaviour | undefined;
