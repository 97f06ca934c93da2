import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** One server-sent event. */
export interface SseEvent {
  /** The `event:` field, or `undefined` for the default `message` event. */
  event: string | undefined;
  data: string;
}

const crlf = /\r\n?/g;

/**
 * Reads server-sent events from raw body chunks. Survives CRLF framing, comments, multi-line `data`, and
 * chunks split anywhere, including inside a multi-byte UTF-8 character (the decoder keeps the partial
 * bytes until the rest arrives).
 */
export async function* readSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let pending: SseEvent[] = [];
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      pending.push({ event: message.event, data: message.data });
    },
  });
  // Line endings become LF here: the parser cannot tell a CR at the end of a chunk (a line ending of its
  // own) from the first half of a CRLF split across chunks, and loses or merges lines when it guesses.
  let endedInCR = false;
  for await (const chunk of body) {
    let text = decoder.decode(chunk, { stream: true });
    if (endedInCR && text.startsWith('\n')) text = text.slice(1);
    endedInCR = text.endsWith('\r');
    parser.feed(text.includes('\r') ? text.replace(crlf, '\n') : text);
    if (pending.length > 0) {
      const ready = pending;
      pending = [];
      yield* ready;
    }
  }
  const rest = decoder.decode();
  if (rest) parser.feed(rest);
  // As the SSE spec says, an event cut off before its blank line is not dispatched: it is incomplete.
  yield* pending;
}
