import { CancelledError } from '../errors/cancelled-error.js';
import { toRouterError } from '../errors/classify.js';
import { RouterError } from '../errors/router-error.js';
import { StreamInterruptedError } from '../errors/stream-interrupted-error.js';
import { AbortRace } from '../middleware/abort-race.js';
import type { Attempt } from '../types/attempt.js';
import type { CompletionRequest } from '../types/request.js';
import type { CompletionResponse } from '../types/response.js';
import type { StreamPart } from '../types/stream-part.js';
import { CallPlan, type CallSettings } from './call-plan.js';
import type { RouterState } from './router-state.js';
import type { CallOptions, RouterStream } from './router-types.js';
import { StreamAccumulator } from './stream-accumulator.js';

const emptyTrail: readonly Attempt[] = Object.freeze([]);

/**
 * A streamed call. Until its first part reaches the caller, a failure is retried or falls back
 * invisibly; after that, the caller gets a `StreamInterruptedError` holding what was received. Breaking
 * out of the loop (or `abort()`) aborts the upstream request.
 */
export class RoutedStream implements RouterStream {
  readonly response: Promise<CompletionResponse>;
  private resolve!: (response: CompletionResponse) => void;
  private reject!: (error: unknown) => void;
  private started = false;
  private call: CallPlan | undefined;
  private abortReason: unknown;

  constructor(
    private readonly options: {
      state: RouterState;
      settings: CallSettings;
      request: CompletionRequest;
      callOptions: CallOptions | undefined;
    },
  ) {
    const response = new Promise<CompletionResponse>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Callers who only iterate never read `response`; its rejection must not surface as unhandled.
    response.catch(() => {});
    // Reading `response` without iterating drains the stream, so awaiting it alone works.
    this.response = {
      // biome-ignore lint/suspicious/noThenProperty: a lazy thenable is the point: awaiting it starts the stream.
      then: (onFulfilled, onRejected) => {
        this.drainIfIdle();
        return response.then(onFulfilled, onRejected);
      },
      catch: (onRejected) => {
        this.drainIfIdle();
        return response.catch(onRejected);
      },
      finally: (onFinally) => {
        this.drainIfIdle();
        return response.finally(onFinally);
      },
      [Symbol.toStringTag]: 'Promise',
    } as Promise<CompletionResponse>;
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
      call = new CallPlan(
        this.options.state,
        this.options.settings,
        this.options.request,
        this.options.callOptions,
        'stream',
      );
    } catch (error) {
      this.reject(error);
      throw error;
    }
    this.call = call;
    if (this.abortReason !== undefined) call.signal.abort(this.abortReason);
    const race = new AbortRace(call.signal.signal);
    let completed = false;
    let reported = false;
    try {
      for (let index = 0; index < call.plan.length; index++) {
        const ready = call.prepare(index);
        if (ready instanceof RouterError) {
          call.fail(index, ready, true);
          continue;
        }
        const iterator = ready.entry.chain.stream(ready.request, call.callOptions)[Symbol.asyncIterator]();
        let delivered = false;
        let done = false;
        try {
          for (;;) {
            const result = await race.next(iterator.next());
            if (result.done) break;
            accumulator.add(result.value);
            delivered = true;
            yield result.value;
          }
          done = true;
          completed = true;
          const response = accumulator.toResponse(ready.target, call.run.trail);
          const cost = call.run.totalCost();
          if (cost) response.cost = cost;
          call.run.end({ response });
          this.resolve(response);
          return;
        } catch (thrown) {
          done = true;
          if (delivered) {
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
      call.signal.dispose();
    }
  }
}
