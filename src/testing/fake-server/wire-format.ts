import type { FakeErrorReason, FakeFormat } from './fake-behaviour.js';
import type { ResolvedReply } from './resolve-reply.js';

/** Per-response values every rendered part shares. */
export interface RenderContext {
  /** Per-server response counter, from which ids are derived. */
  serial: number;
  /** Response id in the format's style (`chatcmpl-…`, `msg_…`, Gemini `responseId`). */
  id: string;
  model: string;
  /** Unix seconds. */
  created: number;
  /** OpenAI `stream_options.include_usage`: whether the usage-only chunk is sent. */
  includeUsage: boolean;
}

/** An error to render in a format's canonical shape. */
export interface FakeError {
  reason: FakeErrorReason;
  status: number;
  /** Overrides the canonical message. */
  message: string | undefined;
  /** A retry delay to carry in the body (Gemini `RetryInfo`), in milliseconds. */
  retryDelayMs: number | undefined;
  /** The requested model, for messages that name it. */
  model: string | undefined;
}

/** What the server needs from a request body, or why the provider would reject it. */
export type RequestReading =
  | { model: string | undefined; stream: boolean; includeUsage: boolean }
  | { invalid: string };

/** Where the route put what Gemini carries in the path rather than the body. */
export interface PathDetails {
  model: string | undefined;
  stream: boolean;
}

/** One provider's wire format: how requests are read and answers, stream parts and errors are written. */
export interface WireFormat {
  readonly name: FakeFormat;
  /** Whether retry delays travel as `retry-after` headers (else in the error body). */
  readonly retryHeaders: boolean;
  readRequest(body: Record<string, unknown>, path: PathDetails): RequestReading;
  responseId(serial: number): string;
  /** The whole non-streaming JSON body. */
  replyBody(reply: ResolvedReply, context: RenderContext): string;
  /** Every SSE event of the stream, framed; the terminator (or Gemini's `finishReason` chunk) is last. */
  streamParts(reply: ResolvedReply, context: RenderContext): string[];
  /** One framed event whose data is not valid JSON. */
  malformedPart(context: RenderContext): string;
  errorStatus(reason: FakeErrorReason): number;
  errorBody(error: FakeError): unknown;
  /** The in-band error event of a stream, framed. */
  errorPart(error: FakeError): string;
}

/** The reason an error status implies when the script names none. */
export function reasonForStatus(status: number): FakeErrorReason {
  switch (status) {
    case 400:
    case 413:
    case 422:
      return 'bad_request';
    case 401:
      return 'auth';
    case 403:
      return 'permission';
    case 404:
      return 'not_found';
    case 429:
      return 'rate_limited';
    case 503:
    case 529:
      return 'overloaded';
    default:
      return status >= 400 && status < 500 ? 'bad_request' : 'server';
  }
}

/** Frames an SSE event with data only. */
export function dataEvent(data: string): string {
  return `data: ${data}\n\n`;
}
