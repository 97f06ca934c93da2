import { ApiCallError } from '../../errors/api-call-error.js';
import { CancelledError } from '../../errors/cancelled-error.js';
import { toRouterError } from '../../errors/classify.js';
import { IncompleteStreamError } from '../../errors/incomplete-stream-error.js';
import type { Provider } from '../../types/provider.js';
import type { FinishPart, StreamPart } from '../../types/stream-part.js';
import { AttemptLog } from './attempt-log.js';

/**
 * The innermost layer of every chain, beneath all middleware and just above the adapter: records each
 * attempt in the call's {@link AttemptLog} (start, first content, outcome), presents the provider under
 * its routing name (a group member under its member name, so breakers and limiters key on it), and turns a stream that ends without a `finish`
 * part into a failure rather than a short answer.
 */
export function recordAttempts(name: string, provider: Provider, member?: string): Provider {
  const recorded: Provider = {
    // A group member presents its own name, so the breakers and limiters above key on the member.
    name: member ?? name,
    get models() {
      return provider.models;
    },
    get capabilities() {
      return provider.capabilities;
    },
    async complete(request, options) {
      const run = options?.context instanceof AttemptLog ? options.context : undefined;
      const attempt = run?.begin(name, request, member);
      try {
        const response = await provider.complete(request, options);
        if (run?.contentFilterFails && response.finishReason.unified === 'content_filter') {
          throw refusal(name, request.model, response.finishReason.raw);
        }
        if (attempt) {
          run!.succeed(attempt, {
            usage: response.usage,
            responseModel: response.model,
            responseId: response.id,
            finishReason: response.finishReason,
            warnings: response.warnings,
          });
        }
        return response;
      } catch (thrown) {
        const error = toRouterError(thrown, { provider: name, model: request.model });
        if (member !== undefined) error.member = member;
        if (attempt) run!.fail(attempt, error);
        throw error;
      }
    },
    async *stream(request, options): AsyncGenerator<StreamPart> {
      const run = options?.context instanceof AttemptLog ? options.context : undefined;
      const attempt = run?.begin(name, request, member);
      let finish: FinishPart | undefined;
      try {
        for await (const part of provider.stream(request, options)) {
          if (finish) continue;
          if (part.type === 'finish') {
            // A refusal before any content can still go to the next target; after content it is the answer.
            if (
              run?.contentFilterFails &&
              part.finishReason.unified === 'content_filter' &&
              attempt?.firstContentAt === undefined
            ) {
              throw refusal(name, request.model, part.finishReason.raw);
            }
            finish = part;
          } else if (attempt) {
            run!.content(attempt);
          }
          yield part;
        }
        if (!finish) throw new IncompleteStreamError({ provider: name, model: request.model });
      } catch (thrown) {
        const error = toRouterError(thrown, { provider: name, model: request.model });
        if (member !== undefined) error.member = member;
        if (attempt) run!.fail(attempt, error);
        throw error;
      } finally {
        if (attempt) {
          // The consumer stopped reading: a finished stream still succeeded; an unfinished one was cancelled.
          if (finish) {
            run!.succeed(attempt, {
              usage: finish.usage,
              responseModel: finish.model,
              responseId: finish.id,
              finishReason: finish.finishReason,
              warnings: finish.warnings,
            });
          } else run!.fail(attempt, new CancelledError({ provider: name, model: request.model }));
        }
      }
    },
  };
  const embed = provider.embed;
  if (embed) {
    recorded.embed = async (request, options) => {
      const run = options?.context instanceof AttemptLog ? options.context : undefined;
      const attempt = run?.begin(name, request);
      try {
        const response = await embed.call(provider, request, options);
        if (attempt) run!.succeed(attempt, { usage: response.usage, responseModel: response.model });
        return response;
      } catch (thrown) {
        const error = toRouterError(thrown, { provider: name, model: request.model });
        if (member !== undefined) error.member = member;
        if (attempt) run!.fail(attempt, error);
        throw error;
      }
    };
  }
  return recorded;
}

/** An answer the provider stopped on policy grounds, as a failure the router may fall back from. */
function refusal(provider: string, model: string, raw: string | undefined): ApiCallError {
  return new ApiCallError({
    message: `${provider} stopped the answer on policy grounds (finish reason ${raw ?? 'content_filter'})`,
    kind: 'content_filter',
    provider,
    model,
  });
}
