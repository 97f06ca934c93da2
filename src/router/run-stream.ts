import { AbortRace } from '../abort/abort-race.js';
import { CancelledError } from '../errors/cancelled-error.js';
import { toRouterError } from '../errors/classify.js';
import { StreamInterruptedError } from '../errors/stream-interrupted-error.js';
import type { Attempt } from '../types/attempt.js';
import type { RouterStream } from '../types/call.js';
import type { CompletionResponse } from '../types/response.js';
import { RouterError } from '../types/router-error.js';
import type { StreamPart } from '../types/stream-part.js';
import type { CallInput } from './call-input.js';
import { CallPlan, type ReadyTarget } from './call-plan.js';
import { type HedgedStreamStart, startHedgedStream } from './hedged-stream.js';
import { StreamAccumulator } from './stream-accumulator.js';

const emptyTrail: readonly Attempt[] = Object.freeze([]);

/**
 * A streamed call. Until its first part reaches the caller, a failure is retried or falls back
 * invisibly; after that, the caller gets a `StreamInterruptedError` holding what was received. Breaking
 * out of the loop (or `abort()`) aborts the upstream request.
 */
export class RoutedStream implements RouterStream {
  private started = false;
  private call: CallPlan | undefined;
  private abortReason: unknown;
  /** How the call ended, first outcome wins; kept so `response` can be made only when read. */
  private outcome: { value: CompletionResponse } | { error: unknown } | undefined;
  private settleRead: { resolve(value: CompletionResponse): void; reject(error: unknown): void } | undefined;
  private read: Promise<CompletionResponse> | undefined;

  constructor(private readonly input: CallInput) {}

  /**
   * The whole answer. Made on first read (most callers only iterate), and reading it without iterating
   * drains the stream, so awaiting it alone works.
   */
  get response(): Promise<CompletionResponse> {
    if (this.read) return this.read;
    const promise = new Promise<CompletionResponse>((resolve, reject) => {
      const outcome = this.outcome;
      if (outcome === undefined) this.settleRead = { resolve, reject };
      else if ('value' in outcome) resolve(outcome.value);
      else reject(outcome.error);
    });
    // A caller who reads `response` but never awaits it must not see its rejection surface as unhandled.
    promise.catch(() => {});
    this.read = {
      // biome-ignore lint/suspicious/noThenProperty: a lazy thenable is the point: awaiting it starts the stream.
      then: (onFulfilled, onRejected) => {
        this.drainIfIdle();
        return promise.then(onFulfilled, onRejected);
      },
      catch: (onRejected) => {
        this.drainIfIdle();
        return promise.catch(onRejected);
      },
      finally: (onFinally) => {
        this.drainIfIdle();
        return promise.finally(onFinally);
      },
      [Symbol.toStringTag]: 'Promise',
    } as Promise<CompletionResponse>;
    return this.read;
  }

  get trail(): readonly Attempt[] {
    return this.call?.run.trail ?? emptyTrail;
  }

  abort(reason?: unknown): void {
    this.abortReason = reason ?? new CancelledError();
    if (this.call) this.call.signal.abort(this.abortReason);
    else if (!this.started) {
      this.started = true;
      this.reject(this.abortReason);
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamPart> {
    if (this.started) throw new Error('A router stream can be iterated only once');
    this.started = true;
    return this.run();
  }

  private resolve(value: CompletionResponse): void {
    if (this.outcome !== undefined) return;
    this.outcome = { value };
    this.settleRead?.resolve(value);
  }

  private reject(error: unknown): void {
    if (this.outcome !== undefined) return;
    this.outcome = { error };
    this.settleRead?.reject(error);
  }

  private drainIfIdle(): void {
    if (this.started) return;
    const iterator = this[Symbol.asyncIterator]();
    const pump = (): void => {
      iterator.next().then(
        (result) => (result.done ? undefined : pump()),
        () => {},
      );
    };
    pump();
  }

  private async *run(): AsyncGenerator<StreamPart> {
    const accumulator = new StreamAccumulator();
    let call: CallPlan;
    try {
      call = new CallPlan(this.input, 'stream');
    } catch (error) {
      this.reject(error);
      throw error;
    }
    this.call = call;
    if (this.abortReason !== undefined) call.signal.abort(this.abortReason);
    const race = new AbortRace(call.signal.signal);
    const policy = this.input.settings.hedge;
    let hedge: HedgedStreamStart | undefined;
    let completed = false;
    let reported = false;
    try {
      if (call.ready) await race.next(call.ready);
      for (let index = 0; index < call.plan.length; index++) {
        let ready: ReadyTarget;
        let iterator: AsyncIterator<StreamPart>;
        let first: StreamPart | undefined;
        if (index === 0 && policy && this.input.options?.safeToDuplicate && call.plan.length > 1) {
          // The first stream to produce a part is the one the caller reads; it may be a hedge's.
          hedge = await startHedgedStream(call, policy);
          ({ ready, iterator, first } = hedge);
          index = hedge.index;
        } else {
          const prepared = call.prepare(index);
          if (prepared instanceof RouterError) {
            call.fail(index, prepared, true);
            continue;
          }
          ready = prepared;
          iterator = ready.entry.chain.stream(ready.request, call.callOptions)[Symbol.asyncIterator]();
        }
        let delivered = false;
        let done = false;
        try {
          if (first) {
            accumulator.add(first);
            delivered = true;
            yield first;
          }
          for (;;) {
            const result = await race.next(iterator.next());
            if (result.done) break;
            accumulator.add(result.value);
            delivered = true;
            yield result.value;
          }
          done = true;
          completed = true;
          if (hedge) await hedge.finish();
          const response = accumulator.toResponse(ready.target, call.run.trail);
          const cost = call.run.totalCost();
          if (cost) response.cost = cost;
          call.run.end({ response });
          this.resolve(response);
          return;
        } catch (thrown) {
          done = true;
          if (delivered) {
            if (hedge) await hedge.finish();
            const cause = call.signal.signal?.aborted
              ? toRouterError(call.signal.signal.reason)
              : toRouterError(thrown, ready.target);
            throw call.withTrail(new StreamInterruptedError({ cause, partial: accumulator.partial() }));
          }
          accumulator.reset();
          call.fail(index, thrown);
        } finally {
          if (!done) {
            // The consumer stopped reading: end the upstream request, then unwind the chain.
            call.signal.abort(new CancelledError({ ...ready.target }));
            await iterator.return?.();
            if (hedge) await hedge.finish();
          }
        }
      }
    } catch (error) {
      reported = true;
      call.run.end({ error: error as RouterError });
      this.reject(error);
      throw error;
    } finally {
      if (!completed) {
        const cancelled = call.withTrail(new CancelledError());
        call.signal.abort(cancelled);
        if (!reported) call.run.end({ error: cancelled });
        this.reject(cancelled);
      }
      race.dispose();
      call.dispose();
    }
  }
}
