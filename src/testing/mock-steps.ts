import type { ErrorKind } from '../types/error-kind.js';
import type { RouterError } from '../types/router-error.js';
import type { StreamPart } from '../types/stream-part.js';
import type { FinishReason, Usage } from '../types/usage.js';

/** An error a mock step raises: a ready `RouterError`, or what an HTTP error would say. */
export type MockErrorSpec =
  | RouterError
  | {
      /** HTTP status; the kind follows from it unless `kind` is given. */
      status?: number;
      kind?: ErrorKind;
      message?: string;
      retryAfterMs?: number;
      shouldRetry?: boolean;
    };

/** A successful answer, returned whole or streamed in pieces. */
export interface MockReplyStep {
  type: 'reply';
  text?: string;
  toolCalls?: { id?: string; name: string; arguments: string | Record<string, unknown> }[];
  reasoning?: string;
  usage?: Partial<Usage>;
  finishReason?: FinishReason['unified'];
  /** Wait this long before answering (streams: before the first part). */
  delayMs?: number;
  /** Streams: how many text deltas the text is cut into. Default: one per word. */
  chunks?: number;
  /** Streams: wait between parts. */
  partDelayMs?: number;
}

/** A failure, after an optional delay. */
export interface MockErrorStep {
  type: 'error';
  error: MockErrorSpec;
  delayMs?: number;
}

/** Never answers; ends only when the call's signal aborts. */
export interface MockHangStep {
  type: 'hang';
}

/** A scripted stream of exact parts, optionally failing, stalling or ending early. */
export interface MockStreamStep {
  type: 'stream';
  parts: StreamPart[];
  /** Wait before each part. */
  partDelayMs?: number;
  /** After this many parts, fail with `error` (default: a network reset). */
  failAfter?: number;
  error?: MockErrorSpec;
  /** After this many parts, stall until aborted. */
  hangAfter?: number;
}

/** One scripted outcome of a mock call. */
export type MockStep = MockReplyStep | MockErrorStep | MockHangStep | MockStreamStep;

/**
 * Shorthands for mock steps.
 *
 * @example
 * new MockProvider({ script: [mockStep.error({ status: 503 }), mockStep.reply('hello')] });
 */
export const mockStep = {
  reply(text: string, extra: Omit<MockReplyStep, 'type' | 'text'> = {}): MockReplyStep {
    return { type: 'reply', text, ...extra };
  },
  error(error: MockErrorSpec, extra: { delayMs?: number } = {}): MockErrorStep {
    return { type: 'error', error, ...extra };
  },
  hang(): MockHangStep {
    return { type: 'hang' };
  },
  stream(parts: StreamPart[], extra: Omit<MockStreamStep, 'type' | 'parts'> = {}): MockStreamStep {
    return { type: 'stream', parts, ...extra };
  },
};
