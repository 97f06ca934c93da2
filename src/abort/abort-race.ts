import { abortError } from './abort-error.js';
import type { AbortSource } from './abort-handle.js';

/**
 * Races a stream's reads, one at a time, against one abort source: settles with each read, or rejects
 * as soon as the source aborts, even when the provider below ignores its signal. One listener and a few
 * bound functions for the whole stream, where `raceAbort` per part would add and remove a listener and
 * allocate closures on every part.
 */
export class AbortRace {
  private resolve: ((value: unknown) => void) | undefined = undefined;
  private reject: ((error: unknown) => void) | undefined = undefined;
  private readonly capture = (resolve: (value: unknown) => void, reject: (error: unknown) => void) => {
    this.resolve = resolve;
    this.reject = reject;
  };
  private readonly settleValue = (value: unknown) => {
    const resolve = this.resolve;
    this.clear();
    resolve?.(value);
  };
  private readonly settleError = (error: unknown) => {
    const reject = this.reject;
    this.clear();
    reject?.(error);
  };
  private readonly onAbort = () => {
    const reject = this.reject;
    this.clear();
    reject?.(abortError(this.source!, {}));
  };

  constructor(private readonly source: AbortSource | undefined) {
    source?.addEventListener('abort', this.onAbort);
  }

  /** Settles with `read`, or rejects when the source aborts first. One read at a time. */
  next<T>(read: Promise<T>): Promise<T> {
    const source = this.source;
    if (!source) return read;
    if (source.aborted) {
      read.catch(noop);
      return Promise.reject(abortError(source, {}));
    }
    const raced = new Promise<T>(
      this.capture as (resolve: (value: T) => void, reject: (error: unknown) => void) => void,
    );
    read.then(this.settleValue, this.settleError);
    return raced;
  }

  /** Removes the listener; call when the stream ends, however it ends. */
  dispose(): void {
    this.source?.removeEventListener('abort', this.onAbort);
    this.clear();
  }

  private clear(): void {
    this.resolve = undefined;
    this.reject = undefined;
  }
}

function noop(): void {}
