import type { SseEvent } from '../../http/sse.js';
import type { StreamPart } from '../../types/stream-part.js';

/**
 * What every adapter's stream decoder is: a state machine fed one server-sent event at a time by
 * {@link createHttpProvider}, which owns the connection, the error wrapping and the incomplete-stream
 * check. A decoder knows its wire format and nothing about HTTP.
 *
 * The skeleton calls {@link push} for each event, yields what it appended, and stops reading once
 * {@link done} is true; when the events end it throws an `IncompleteStreamError` naming {@link missing}
 * unless {@link whole} is true, and otherwise yields what {@link end} appends (the finish part last).
 */
export interface StreamDecoder {
  /**
   * Decodes one event, appending the parts it carries to `out`. Throws a `RouterError`: the provider's
   * own for an in-band error event, kind `server` for a payload that is not JSON or not of the shape
   * the format promises (naming the field).
   */
  push(event: SseEvent, out: StreamPart[]): void;
  /** The provider's closing event arrived: nothing more is read and the connection goes back to the pool. */
  readonly done: boolean;
  /** What arrived is a whole answer, whether or not a closing event came (Gemini has none). */
  readonly whole: boolean;
  /** What a cut-off stream lacked, for the error that reports it ("no message_stop event"). */
  readonly missing: string;
  /** Appends the parts that close a whole answer: anything still open, then the one `finish` part. */
  end(out: StreamPart[]): void;
}
