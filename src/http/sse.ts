import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';

/** One server-sent event. */
export interface SseEvent {
  /** The `event:` field, or `undefined` for the default `message` event. */
  event: string | undefined;
  data: string;
}

const crlf = /\r\n?/g;

/**
 * Turns raw body chunks into server-sent events, synchronously: a stream reader feeds it each chunk it
 * awaited and handles the events in the same loop, with no generator of its own between the body and
 * the decoder. Survives CRLF framing, comments, multi-line `data`, and chunks split anywhere, including
 * inside a multi-byte UTF-8 character (the decoder keeps the partial bytes until the rest arrives).
 */
export class SseParser {
  private readonly decoder = new TextDecoder();
  private readonly parser: EventSourceParser;
  private out: SseEvent[] = [];
  /** The last chunk ended in CR: a LF opening the next one is the rest of that CRLF. */
  private endedInCR = false;

  constructor() {
    this.parser = createParser({
      onEvent: (message: EventSourceMessage) => {
        this.out.push({ event: message.event, data: message.data });
      },
    });
  }

  /** Appends to `out` the events `chunk` completes. */
  feed(chunk: Uint8Array, out: SseEvent[]): void {
    this.out = out;
    let text = this.decoder.decode(chunk, { stream: true });
    // Line endings become LF here: the parser cannot tell a CR at the end of a chunk (a line ending of
    // its own) from the first half of a CRLF split across chunks, and loses or merges lines when it guesses.
    if (this.endedInCR && text.startsWith('\n')) text = text.slice(1);
    this.endedInCR = text.endsWith('\r');
    this.parser.feed(text.includes('\r') ? text.replace(crlf, '\n') : text);
  }

  /**
   * The body ended: appends what its last bytes complete. As the SSE spec says, an event cut off before
   * its blank line is not dispatched: it is incomplete.
   */
  end(out: SseEvent[]): void {
    this.out = out;
    const rest = this.decoder.decode();
    if (rest) this.parser.feed(rest.replace(crlf, '\n'));
  }
}

/** Reads server-sent events from raw body chunks (see {@link SseParser}). */
export async function* readSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  const parser = new SseParser();
  const pending: SseEvent[] = [];
  for await (const chunk of body) {
    parser.feed(chunk, pending);
    if (pending.length > 0) {
      yield* pending;
      pending.length = 0;
    }
  }
  parser.end(pending);
  yield* pending;
}
