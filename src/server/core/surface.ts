import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AbortHandle } from '../../abort/abort-handle.js';
import type { CompletionRequest } from '../../types/request.js';
import type { CompletionResponse } from '../../types/response.js';
import type { StreamPart } from '../../types/stream-part.js';
import type { KeyGrant } from './gateway-keys.js';

/** One request as the gateway handles it. */
export interface RequestScope {
  request: IncomingMessage;
  response: ServerResponse;
  id: string;
  /** `performance.now()` when the request arrived. */
  startedAt: number;
  /** Aborted when the client disconnects, or when shutdown cuts the request off. */
  abort: AbortHandle;
  /** What the request's gateway key grants (its routing constraints); absent in handlers' own tests. */
  grant?: KeyGrant;
}

/** A surface's request body read into the router's request, plus how to answer it. */
export interface SurfaceCall {
  request: CompletionRequest;
  stream: boolean;
  /**
   * What the surface could not carry to the router (a vendor-only field dropped, a header not passed on):
   * sent back in `x-llmrouter-warnings` and written to the request log, never dropped silently.
   */
  warnings: string[];
  /** Extra HTTP headers for every attempt of the call. */
  headers?: Record<string, string>;
  /** Extra HTTP headers for attempts on one type of adapter only (`anthropic-beta` to Anthropic). */
  vendorHeaders?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** An error as a surface answers it: the status, its wire body, and what the log and metrics record. */
export interface ErrorAnswer {
  status: number;
  message: string;
  /** The surface's error type (`rate_limit_error`, `overloaded_error`, ...). */
  type: string;
  code: string | null;
  /** The whole JSON body. */
  body: string;
  /** Seconds for a `Retry-After` header, when the provider asked for a wait. */
  retryAfterSeconds: number | undefined;
}

/** Maps any error (the gateway's own, a router error, anything else) to a surface's answer. */
export type ErrorMapper = (error: unknown) => ErrorAnswer;

/** What an answer is written with. */
export interface AnswerContext<Call extends SurfaceCall> {
  call: Call;
  scope: RequestScope;
  /** The model that served, as far as known when the answer starts; else the requested one. */
  model: string;
  /** The answer's time, in seconds. */
  created: number;
}

/** Turns one stream's parts into a surface's SSE frames, one part at a time. */
export interface StreamEncoder {
  /** The frames for one part (`''` when the part has nothing to say in this surface). */
  encode(part: StreamPart): string;
  /** The frames that end a stream which failed after its headers went out. */
  fail(answer: ErrorAnswer): string;
}

/**
 * One API surface of the gateway (Chat Completions, Messages, Responses): how its request bodies are
 * read into the router's request, and how the router's answers and errors are written in its wire
 * format. The shared core does the rest (body reading, routing, trail headers, the log and the metrics).
 */
export interface Surface<Call extends SurfaceCall> {
  /** Reads a parsed JSON body; throws a `GatewayError` naming the field at fault. */
  readCall(body: unknown, scope: RequestScope): Call;
  /** The JSON body of a whole answer. */
  answer(response: CompletionResponse, context: AnswerContext<Call>): string;
  /** A fresh encoder for one streamed answer. */
  streamEncoder(context: AnswerContext<Call>): StreamEncoder;
  mapError: ErrorMapper;
}
