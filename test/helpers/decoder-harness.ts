import type { StreamDecoder } from '../../src/providers/shared/stream-decoder.js';
import type { FinishPart, StreamPart } from '../../src/types/stream-part.js';

/** A decoder fed payload by payload, as the HTTP skeleton feeds it events, for its unit tests. */
export interface FedDecoder {
  /** Sends one payload as an SSE event and returns what the decoder appended for it. */
  push(payload: unknown): StreamPart[];
  /** What `end()` appends: anything still open, then the finish part. */
  end(): StreamPart[];
  /** The finish part `end()` appends last. */
  finishPart(): FinishPart;
  /** The decoder's `whole`: the answer is complete. */
  readonly finished: boolean;
}

/** Wraps a decoder so each test reads the parts of each payload on its own. */
export function feedDecoder(decoder: StreamDecoder): FedDecoder {
  const end = (): StreamPart[] => {
    const parts: StreamPart[] = [];
    decoder.end(parts);
    return parts;
  };
  return {
    push(payload) {
      const parts: StreamPart[] = [];
      decoder.push({ event: undefined, data: JSON.stringify(payload) }, parts);
      return parts;
    },
    end,
    finishPart: () => end().at(-1) as FinishPart,
    get finished() {
      return decoder.whole;
    },
  };
}
