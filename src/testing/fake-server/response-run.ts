import type { ServerResponse } from 'node:http';

const keepAliveComment = ': keep-alive\n\n';

/** What `ResponseRun.play` writes. */
export interface PartPlayback {
  parts: readonly string[];
  /** How many of `parts` to write, from the first. */
  count: number;
  partDelayMs: number;
  keepAliveComments: number;
  /** Call `then` only once the last write has reached the socket (before a reset, so the client gets it). */
  waitForFlush?: boolean;
}

/**
 * One response in flight. It owns at most one timer at a time (the pre-response delay, then one link of
 * the part-pacing chain), and stops it when the connection closes or the server shuts down, so nothing
 * outlives the response.
 */
export class ResponseRun {
  readonly response: ServerResponse;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  readonly #active: Set<ResponseRun>;

  constructor(response: ServerResponse, active: Set<ResponseRun>) {
    this.response = response;
    this.#active = active;
    active.add(this);
    response.once('close', this.stop);
  }

  /** Whether the response has closed (finished, aborted or shut down). */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** Runs `then` after `milliseconds`, unless the response stops first. */
  wait(milliseconds: number, then: () => void): void {
    if (milliseconds <= 0) {
      then();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (!this.#stopped) then();
    }, milliseconds);
  }

  /**
   * Writes the first `count` parts, each preceded by its keep-alive comments and separated by
   * `partDelayMs`, then calls `then`. Without a delay everything goes out in one write.
   */
  play(playback: PartPlayback, then: () => void): void {
    const { parts, partDelayMs, keepAliveComments } = playback;
    const count = Math.min(playback.count, parts.length);
    const afterLastWrite = playback.waitForFlush ? () => this.#continue(then) : undefined;
    if (count <= 0) {
      then();
      return;
    }
    if (partDelayMs <= 0) {
      const sent = count >= parts.length ? parts : parts.slice(0, count);
      const body = keepAliveComments > 0 ? withComments(sent, keepAliveComments) : sent.join('');
      this.response.write(body, afterLastWrite);
      if (!afterLastWrite) then();
      return;
    }
    let index = 0;
    let commentsLeft = keepAliveComments;
    const step = () => {
      this.#timer = undefined;
      if (this.#stopped) return;
      if (commentsLeft > 0) {
        commentsLeft--;
        this.response.write(keepAliveComment);
      } else {
        const part = parts[index++]!;
        commentsLeft = keepAliveComments;
        if (index >= count) {
          this.response.write(part, afterLastWrite);
          if (!afterLastWrite) then();
          return;
        }
        this.response.write(part);
      }
      this.#timer = setTimeout(step, partDelayMs);
    };
    step();
  }

  /** Clears the pending timer; called when the response closes and when the server shuts down. */
  readonly stop = (): void => {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#active.delete(this);
  };

  #continue(then: () => void): void {
    if (!this.#stopped) then();
  }
}

function withComments(parts: readonly string[], comments: number): string {
  const pieces: string[] = [];
  for (const part of parts) {
    for (let comment = 0; comment < comments; comment++) pieces.push(keepAliveComment);
    pieces.push(part);
  }
  return pieces.join('');
}
