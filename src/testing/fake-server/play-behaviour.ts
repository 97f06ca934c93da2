import type { OutgoingHttpHeaders } from 'node:http';
import type {
  FakeBehaviour,
  FakeErrorOptions,
  FakeErrorReason,
  FakePartialOptions,
  FakeReplyContent,
  StatusBehaviour,
} from './fake-behaviour.js';
import { jsonHeaders, sendWhole, sseHeaders } from './http-answers.js';
import { resolveReply } from './resolve-reply.js';
import type { ResponseRun } from './response-run.js';
import { type FakeError, type RenderContext, reasonForStatus, type WireFormat } from './wire-format.js';

/** Everything needed to answer one request with one behaviour. */
export interface BehaviourPlay {
  behaviour: FakeBehaviour;
  format: WireFormat;
  run: ResponseRun;
  stream: boolean;
  /** The requested model; the reply's `model` wins when set. */
  model: string | undefined;
  serial: number;
  includeUsage: boolean;
}

/** Answers the request as the behaviour says, after its `delayMs`. */
export function playBehaviour(play: BehaviourPlay): void {
  play.run.wait(play.behaviour.delayMs ?? 0, () => {
    try {
      act(play);
    } catch (error) {
      // A behaviour that cannot be rendered (say, arguments JSON cannot serialise) must not crash the server.
      failRun(play, error);
    }
  });
}

function act(play: BehaviourPlay): void {
  const { behaviour, format } = play;
  switch (behaviour.type) {
    case 'reply': {
      const reply = resolveReply(behaviour);
      const context = renderContext(play, reply.model);
      if (!play.stream) {
        sendBody(play, format.replyBody(reply, context));
        return;
      }
      const parts = format.streamParts(reply, context);
      startStream(play);
      play.run.play({ parts, count: parts.length, ...pacing(reply) }, () => play.run.response.end());
      return;
    }
    case 'status':
      sendError(play, behaviour);
      return;
    case 'streamError':
      if (!play.stream) {
        sendError(play, { ...behaviour, reason: behaviour.reason ?? 'overloaded' });
        return;
      }
      breakStream(play, (parts) => {
        const error = fakeError(play, { ...behaviour, reason: behaviour.reason ?? 'overloaded' });
        const kept = parts.slice(0, Math.min(behaviour.afterParts ?? 0, parts.length - 1));
        kept.push(format.errorPart(error));
        return { parts: kept, count: kept.length, finish: () => play.run.response.end() };
      });
      return;
    case 'malformed':
      if (!play.stream) {
        const body = replyBody(play);
        sendBody(play, body.slice(0, Math.floor(body.length / 2)));
        return;
      }
      breakStream(play, (parts, context) => {
        parts.splice(Math.min(behaviour.afterParts ?? 0, parts.length), 0, format.malformedPart(context));
        return { parts, count: parts.length, finish: () => play.run.response.end() };
      });
      return;
    case 'truncate':
      if (!play.stream) {
        sendHalfBody(play, () => play.run.response.end());
        return;
      }
      breakStream(play, (parts) => ({
        parts,
        count: Math.min(behaviour.afterParts ?? parts.length - 1, parts.length - 1),
        finish: () => play.run.response.end(),
      }));
      return;
    case 'hang':
      if (behaviour.afterParts === undefined) return;
      if (!play.stream) {
        play.run.response.writeHead(200, jsonHeaders).flushHeaders();
        return;
      }
      breakStream(play, (parts) => ({
        parts,
        count: behaviour.afterParts ?? 0,
        finish: () => {},
      }));
      return;
    case 'reset':
      if (behaviour.afterParts === undefined) {
        resetConnection(play);
        return;
      }
      if (!play.stream) {
        sendHalfBody(play, () => resetConnection(play));
        return;
      }
      breakStream(play, (parts) => ({
        parts,
        count: behaviour.afterParts ?? 0,
        finish: () => resetConnection(play),
        waitForFlush: true,
      }));
      return;
    default:
      // Reachable from JavaScript callers; answering beats leaving the request hanging unexplained.
      throw new TypeError(`unknown behaviour type ${JSON.stringify((behaviour as { type?: unknown }).type)}`);
  }
}

interface BrokenStream {
  parts: string[];
  count: number;
  finish: () => void;
  waitForFlush?: boolean;
}

/** Opens a stream with the behaviour's content and lets `shape` decide how much of it is sent and what follows. */
function breakStream(
  play: BehaviourPlay,
  shape: (parts: string[], context: RenderContext) => BrokenStream,
): void {
  const reply = resolveReply(partialContent(play));
  const context = renderContext(play, reply.model);
  const broken = shape(play.format.streamParts(reply, context), context);
  startStream(play);
  play.run.play({ ...broken, ...pacing(reply) }, broken.finish);
}

function startStream(play: BehaviourPlay): void {
  // Headers go out at once, as a real provider's do, so the client sees the stream open before any part.
  play.run.response.writeHead(200, sseHeaders).flushHeaders();
}

function pacing(reply: { partDelayMs: number; keepAliveComments: number }) {
  return { partDelayMs: reply.partDelayMs, keepAliveComments: reply.keepAliveComments };
}

function renderContext(play: BehaviourPlay, replyModel: string | undefined): RenderContext {
  return {
    serial: play.serial,
    id: play.format.responseId(play.serial),
    model: replyModel ?? play.model ?? 'fake-model',
    created: Math.floor(Date.now() / 1000),
    includeUsage: play.includeUsage,
  };
}

/** The content a partial behaviour breaks off: its `reply`, else the default reply. */
function partialContent(play: BehaviourPlay): FakeReplyContent | undefined {
  return (play.behaviour as FakePartialOptions).reply;
}

function replyBody(play: BehaviourPlay): string {
  const reply = resolveReply(partialContent(play));
  return play.format.replyBody(reply, renderContext(play, reply.model));
}

function sendBody(play: BehaviourPlay, body: string): void {
  sendWhole(play.run.response, { status: 200, body });
}

/** Sends the headers and half of the JSON body, then `then` once that half has reached the socket. */
function sendHalfBody(play: BehaviourPlay, then: () => void): void {
  const body = replyBody(play);
  const response = play.run.response.writeHead(200, jsonHeaders);
  response.write(body.slice(0, Math.floor(body.length / 2)), () => {
    if (!play.run.stopped) then();
  });
}

function resetConnection(play: BehaviourPlay): void {
  const socket = play.run.response.socket;
  if (socket && !socket.destroyed) socket.resetAndDestroy();
}

interface ErrorSpec extends FakeErrorOptions {
  status?: number;
  reason?: FakeErrorReason;
}

function fakeError(play: BehaviourPlay, spec: ErrorSpec): FakeError {
  const reason = spec.reason ?? (spec.status === undefined ? 'server' : reasonForStatus(spec.status));
  const retrySeconds = spec.retryAfterSeconds === undefined ? undefined : spec.retryAfterSeconds * 1000;
  return {
    reason,
    status: spec.status ?? play.format.errorStatus(reason),
    message: spec.message,
    retryDelayMs: play.format.retryHeaders ? undefined : (spec.retryAfterMs ?? retrySeconds),
    model: play.model,
  };
}

function sendError(play: BehaviourPlay, spec: ErrorSpec & Pick<StatusBehaviour, 'headers' | 'body'>): void {
  const error = fakeError(play, spec);
  const headers: OutgoingHttpHeaders = {
    'content-type': typeof spec.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
  };
  if (play.format.retryHeaders) {
    if (spec.retryAfterSeconds !== undefined) headers['retry-after'] = String(spec.retryAfterSeconds);
    if (spec.retryAfterMs !== undefined) headers['retry-after-ms'] = String(spec.retryAfterMs);
  }
  if (spec.shouldRetry !== undefined) headers['x-should-retry'] = String(spec.shouldRetry);
  if (spec.headers) {
    for (const [name, value] of Object.entries(spec.headers)) headers[name.toLowerCase()] = value;
  }
  let body: string;
  if (spec.body === undefined) body = JSON.stringify(play.format.errorBody(error));
  else body = typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body);
  sendWhole(play.run.response, { status: error.status, body, headers });
}

function failRun(play: BehaviourPlay, error: unknown): void {
  const response = play.run.response;
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const message = `fake provider server could not play the behaviour: ${error instanceof Error ? error.message : String(error)}`;
  sendError(play, { status: 500, reason: 'server', message });
}
