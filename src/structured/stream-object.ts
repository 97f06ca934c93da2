import { CancelledError } from '../errors/cancelled-error.js';
import type { Attempt } from '../types/attempt.js';
import type { RouterStream } from '../types/call.js';
import type {
  InferObject,
  ObjectRequest,
  ObjectResult,
  ObjectSchema,
  ObjectStream,
  PartialObject,
} from '../types/object.js';
import type { CompletionResponse } from '../types/response.js';
import { deepEqual } from './deep-equal.js';
import type { ObjectRouter } from './object-router.js';
import { ObjectRun } from './object-run.js';
import { PartialJsonParser } from './partial-json-parser.js';

/**
 * Streams an object that matches a schema: yields partial objects as the JSON arrives (only when they
 * change, read by an incremental parser whose cost stays linear in the answer's length), and finally
 * the validated object, so the last value yielded always equals `result.object`. The complete answer
 * goes through the same pipeline as `completeObject` (repair, validation). An answer rejected before
 * any partial object was yielded is re-asked or falls back like a non-streamed one; once partial
 * objects have reached the caller, a rejection ends the stream with `ObjectValidationError` (the caller
 * has already shown them, so a different answer is not spliced in silently).
 *
 * @example
 * const stream = streamObject(router, { model: 'gpt-4o-mini', messages, schema: Recipe });
 * for await (const partial of stream) render(partial);
 * const { object, response } = await stream.result;
 */
export function streamObject<Schema extends ObjectSchema>(
  router: ObjectRouter,
  request: ObjectRequest<Schema>,
): ObjectStream<InferObject<Schema>> {
  return new RoutedObjectStream<InferObject<Schema>>(router, request);
}

const emptyTrail: readonly Attempt[] = Object.freeze([]);

class RoutedObjectStream<T> implements ObjectStream<T> {
  readonly result: Promise<ObjectResult<T>>;
  private resolve!: (result: ObjectResult<T>) => void;
  private reject!: (error: unknown) => void;
  private started = false;
  private run: ObjectRun | undefined;
  private current: RouterStream | undefined;
  private abortReason: unknown;

  constructor(
    private readonly router: ObjectRouter,
    private readonly request: ObjectRequest,
  ) {
    const result = new Promise<ObjectResult<T>>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Callers who only iterate never read `result`; its rejection must not surface as unhandled.
    result.catch(() => {});
    this.result = {
      // biome-ignore lint/suspicious/noThenProperty: a lazy thenable is the point: awaiting it starts the stream.
      then: (onFulfilled, onRejected) => {
        this.drainIfIdle();
        return result.then(onFulfilled, onRejected);
      },
      catch: (onRejected) => {
        this.drainIfIdle();
        return result.catch(onRejected);
      },
      finally: (onFinally) => {
        this.drainIfIdle();
        return result.finally(onFinally);
      },
      [Symbol.toStringTag]: 'Promise',
    } as Promise<ObjectResult<T>>;
  }

  get trail(): readonly Attempt[] {
    return this.run?.trail.attempts ?? emptyTrail;
  }

  abort(reason?: unknown): void {
    this.abortReason = reason ?? new CancelledError();
    if (this.current) this.current.abort(this.abortReason);
    else if (!this.started) {
      this.started = true;
      this.reject(this.abortReason);
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<PartialObject<T>> {
    if (this.started) throw new Error('An object stream can be iterated only once');
    this.started = true;
    return this.iterate();
  }

  private drainIfIdle(): void {
    if (this.started) return;
    const iterator = this[Symbol.asyncIterator]();
    const pump = (): void => {
      iterator.next().then(
        (step) => (step.done ? undefined : pump()),
        () => {},
      );
    };
    pump();
  }

  private async *iterate(): AsyncGenerator<PartialObject<T>> {
    let completed = false;
    try {
      const run = new ObjectRun(this.router, this.request);
      this.run = run;
      const wrapped = run.schema.wrapped;
      for (let question = run.next(); question; question = run.next()) {
        const stream = this.router.stream(question.request, question.options);
        this.current = stream;
        if (this.abortReason !== undefined) stream.abort(this.abortReason);
        const parser = new PartialJsonParser();
        let delivered = false;
        let last: unknown;
        let response: CompletionResponse;
        try {
          for await (const part of stream) {
            if (part.type !== 'text-delta' || !parser.push(part.text)) continue;
            const snapshot = parser.snapshot();
            const partial = wrapped ? snapshot?.value : snapshot;
            if (partial === undefined) continue;
            delivered = true;
            last = partial;
            yield partial as PartialObject<T>;
          }
          response = await stream.response;
        } catch (error) {
          run.failed(error, { final: delivered });
          continue;
        }
        const accepted = await run.answered(
          { text: response.text, finishReason: response.finishReason, records: response.trail },
          { final: delivered },
        );
        if (!accepted) continue;
        response.trail = run.trail.attempts;
        const cost = run.trail.totalCost();
        if (cost) response.cost = cost;
        else delete response.cost;
        const object = accepted.object as T;
        // The validated object can differ from the last partial (a schema's transforms, strict mode's
        // nulls dropped); the caller's last value must be the object itself.
        if (!delivered || !deepEqual(last, object)) yield object as PartialObject<T>;
        completed = true;
        this.resolve({ object, response });
        return;
      }
      throw run.exhausted();
    } catch (error) {
      completed = true;
      this.reject(error);
      throw error;
    } finally {
      if (!completed) {
        // The consumer stopped reading: end the upstream request and settle `result`.
        const cancelled = new CancelledError();
        if (this.run) cancelled.trail = this.run.trail.attempts;
        this.current?.abort(cancelled);
        this.reject(cancelled);
      }
    }
  }
}
