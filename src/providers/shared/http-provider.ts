import { type AbortSource, abortSourceOf } from '../../abort/abort-handle.js';
import { IncompleteStreamError } from '../../errors/incomplete-stream-error.js';
import type { ErrorBodyReader } from '../../http/error-response.js';
import { httpEndpoint } from '../../http/http-client.js';
import type { FetchFunction, HttpEndpoint, HttpRequest } from '../../http/http-types.js';
import { type CallTarget, failure, nextChunk, postJson, readJson } from '../../http/post-json.js';
import { type SseEvent, SseParser } from '../../http/sse.js';
import { createResponse, type ResponseParts } from '../../types/create-response.js';
import type { Provider, ProviderCallOptions, ProviderCapabilities } from '../../types/provider.js';
import type { CompletionRequest } from '../../types/request.js';
import type { CompletionResponse } from '../../types/response.js';
import type { StreamPart } from '../../types/stream-part.js';
import type { Tags } from '../../types/tags.js';
import type { SettingWarning } from '../../types/warning.js';
import { stampWarnings } from './setting-warnings.js';
import type { StreamDecoder } from './stream-decoder.js';

/** What one call sends, and what reading its answer needs, as an adapter's request converter builds it. */
export interface WirePlan {
  /** The JSON body, serialised by the skeleton. */
  body: unknown;
  /** Who the call is for: the one given to {@link WireFormat.prepare}, named in every error it raises. */
  target: CallTarget;
  /**
   * Settings the converter dropped or changed; the skeleton puts them on the response (or the stream's
   * finish part). Absent when every setting went out as asked, so the common call allocates nothing.
   */
  warnings?: readonly SettingWarning[] | undefined;
}

/** One model's endpoint for one kind of call, built once per model and handed to the request converter. */
export interface WireCall {
  readonly url: string;
  /** `url` split for the dispatcher; absent when the format sends through its own `fetch`. */
  readonly endpoint: HttpEndpoint | undefined;
  readonly stream: boolean;
  readonly target: CallTarget;
}

/**
 * A provider's wire format: the only things an adapter writes. Everything else (headers, the caller's
 * abort, the POST, JSON or SSE reading, error mapping and redaction, the incomplete-stream check, the
 * connection's release) is {@link createHttpProvider}'s.
 */
export interface WireFormat<Plan extends WirePlan> {
  name: string;
  models: readonly string[];
  capabilities: ProviderCapabilities;
  /** The provider's tags, as its options gave them. */
  tags?: Tags | undefined;
  /** The context window of a model, from the adapter's model table. */
  contextWindow?: ((model: string) => number | undefined) | undefined;
  /** Sent with every request, auth included; a call's own `headers` are laid over them. */
  headers: Readonly<Record<string, string>>;
  /** The key, removed from every error. */
  secret: string | undefined;
  /** The adapter's type: a call's `vendorHeaders` under it are sent, those under other types never. */
  vendor?: string;
  /** Used instead of the shared undici pool. */
  fetch: FetchFunction | undefined;
  /** Reads the provider's error body into a kind and message (its `*-errors.ts`). */
  readErrorBody: ErrorBodyReader;
  /** The endpoints for a model, asked once per model. */
  urlsFor(model: string): { complete: string; stream: string };
  /** Converts a request for this call. A `RouterError` thrown here reaches the caller as is. */
  prepare(request: CompletionRequest, call: WireCall): Plan;
  /** Reads a whole (non-streamed) JSON answer; throws a `server` error for one of the wrong shape. */
  readResponse(payload: unknown, plan: Plan): ResponseParts;
  /** A fresh decoder for one streamed answer. */
  createDecoder(plan: Plan): StreamDecoder;
}

/** One stream's decoder, with what its errors must name. */
interface Decoding {
  decoder: StreamDecoder;
  parts: StreamPart[];
  target: CallTarget;
  signal: AbortSource | undefined;
}

/** Feeds one event to the decoder; anything it throws leaves as a `RouterError`, the abort reason first. */
function decodeEvent(decoding: Decoding, event: SseEvent): void {
  try {
    decoding.decoder.push(event, decoding.parts);
  } catch (error) {
    throw failure(error, decoding.target, decoding.signal);
  }
}

/** What a request needs that depends only on its model. */
interface ModelRoute {
  complete: WireCall;
  stream: WireCall;
}

// Requests name few distinct models; the bound only stops a caller inventing names from growing memory.
const maxCachedModels = 64;

/**
 * Builds a `Provider` from a wire format: the HTTP skeleton every adapter shares. A new native adapter
 * (Bedrock, Cohere, ...) is a folder with its request converter (`prepare`), its response mapper
 * (`readResponse`), its stream decoder (a {@link StreamDecoder}) and its error-body reader, plus a
 * factory that fills in a {@link WireFormat}: no HTTP, abort or error-wrapping code of its own.
 *
 * Every failure leaves it as a `RouterError` built the same way for every adapter: the abort reason when
 * the caller's signal fired, the provider's error (kind from status and body, key removed) for a non-2xx
 * answer, `server` for a body or event that is not JSON or of the wrong shape, `IncompleteStreamError`
 * for a stream that ended before the answer was whole.
 *
 * @example
 * ```ts
 * const provider = createHttpProvider({
 *   name: 'cohere',
 *   models: ['command-a'],
 *   capabilities: allCapabilities,
 *   headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
 *   secret: key,
 *   fetch: undefined,
 *   readErrorBody: readCohereError,
 *   urlsFor: () => ({ complete: chatURL, stream: chatURL }),
 *   prepare: (request, call) => ({ body: convertToCohereRequest(request, call.stream), target: call.target }),
 *   readResponse: (payload, plan) => mapCohereResponse(payload, plan.target),
 *   createDecoder: (plan) => new CohereStreamDecoder(plan.target),
 * });
 * ```
 */
export function createHttpProvider<Plan extends WirePlan>(format: WireFormat<Plan>): Provider {
  const { name, headers, secret, readErrorBody, vendor } = format;
  const routes = new Map<string, ModelRoute>();

  function routeOf(model: string): ModelRoute {
    let route = routes.get(model);
    if (route === undefined) {
      const urls = format.urlsFor(model);
      const target: CallTarget = { provider: name, model, secret, readBody: readErrorBody };
      // Split once per model; a call through a `fetch` of its own takes the URL as it is.
      const split = (url: string) => (format.fetch ? undefined : httpEndpoint(url));
      route = {
        complete: { url: urls.complete, endpoint: split(urls.complete), stream: false, target },
        stream: { url: urls.stream, endpoint: split(urls.stream), stream: true, target },
      };
      if (routes.size >= maxCachedModels) routes.clear();
      routes.set(model, route);
    }
    return route;
  }

  /** The request for one call; its body is set by the caller, once the converter has run. */
  function requestOf(call: WireCall, options: ProviderCallOptions | undefined): HttpRequest {
    const own = vendor === undefined ? undefined : options?.vendorHeaders?.[vendor];
    return {
      url: call.url,
      endpoint: call.endpoint,
      headers:
        options?.headers || own
          ? { ...headers, ...options?.headers, ...own }
          : (headers as Record<string, string>),
      body: '',
      signal: abortSourceOf(options),
      fetch: format.fetch,
    };
  }

  async function complete(
    request: CompletionRequest,
    options?: ProviderCallOptions,
  ): Promise<CompletionResponse> {
    const call = routeOf(request.model).complete;
    const plan = format.prepare(request, call);
    const httpRequest = requestOf(call, options);
    httpRequest.body = JSON.stringify(plan.body);
    const response = await postJson(httpRequest, call.target);
    const payload = await readJson(response, call.target, httpRequest.signal);
    const completion = createResponse(format.readResponse(payload, plan));
    if (plan.warnings !== undefined) completion.warnings = plan.warnings;
    return completion;
  }

  async function* stream(
    request: CompletionRequest,
    options?: ProviderCallOptions,
  ): AsyncGenerator<StreamPart> {
    const call = routeOf(request.model).stream;
    const plan = format.prepare(request, call);
    const { target } = call;
    // A caller who stops iterating early ends the body iteration below, which closes the connection;
    // the caller's signal covers the wait for headers. No controller of our own: one per stream is
    // measurable heap and CPU on a router holding thousands.
    const httpRequest = requestOf(call, options);
    httpRequest.body = JSON.stringify(plan.body);
    // postJson and nextChunk turn their own failures into RouterErrors (the abort reason first), and
    // decodeEvent the decoder's. One generator from body chunk to part: the SSE parser is synchronous and
    // its events are decoded in this loop, so a part crosses no generator but this one on its way out.
    const response = await postJson(httpRequest, target);
    const decoding: Decoding = {
      decoder: format.createDecoder(plan),
      parts: [],
      target,
      signal: httpRequest.signal,
    };
    const { decoder, parts } = decoding;
    const { warnings } = plan;
    const body = response.body[Symbol.asyncIterator]();
    const parser = new SseParser();
    const events: SseEvent[] = [];
    let bodyEnded = false;
    try {
      reading: for (;;) {
        const chunk = await nextChunk(body, target, httpRequest.signal);
        if (chunk.done) {
          bodyEnded = true;
          parser.end(events);
        } else parser.feed(chunk.value, events);
        for (const event of events) {
          decodeEvent(decoding, event);
          if (warnings !== undefined) stampWarnings(parts, warnings);
          for (const part of parts) yield part;
          parts.length = 0;
          if (decoder.done) {
            // Released before the finish part is yielded: a caller who stops at it leaves a reusable
            // connection.
            response.release();
            break reading;
          }
        }
        events.length = 0;
        if (bodyEnded) break;
      }
    } finally {
      // Left early (the caller stopped, or an event failed): end the body's iteration (a `fetch` body is
      // cancelled by it), then the upstream request. A stream that reached its last event released the
      // body first, and closing does nothing.
      if (!bodyEnded) {
        await body.return?.();
        response.close();
      }
    }
    if (!decoder.whole) {
      throw new IncompleteStreamError({ provider: name, model: target.model, detail: decoder.missing });
    }
    decoder.end(parts);
    if (warnings !== undefined) stampWarnings(parts, warnings);
    yield* parts;
  }

  const { models, capabilities, tags, contextWindow } = format;
  return { name, models, capabilities, tags, contextWindow, complete, stream };
}
