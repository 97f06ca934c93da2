import { RouterError } from '../types/router-error.js';

/** Why a target's window was judged too small. */
export type ContextWindowVerdict =
  /** The request's estimated prompt plus its `maxTokens` exceeds the window. */
  | 'prompt_too_long'
  /** Another target rejected the prompt as too long, and this one's window is no larger than that one's. */
  | 'not_larger';

/**
 * The router did not send to a target because its context window cannot hold the request: recorded in
 * the trail as a skip (kind `context_length`), and thrown when no target of the plan could take it.
 */
export class ContextWindowError extends RouterError {
  /** The target's window, in tokens (from its provider's model table or the router's `contextWindows`). */
  readonly contextWindow: number;
  /** The tokens the request needs: its estimated prompt plus its `maxTokens`. */
  readonly requiredTokens: number;
  readonly verdict: ContextWindowVerdict;

  constructor(options: {
    provider: string;
    model: string;
    contextWindow: number;
    requiredTokens: number;
    verdict: ContextWindowVerdict;
    /** For `not_larger`: the target that rejected the prompt. */
    rejectedBy?: string;
  }) {
    const { provider, model, contextWindow, requiredTokens, verdict } = options;
    super({
      message:
        verdict === 'prompt_too_long'
          ? `Skipped ${provider}/${model}: the request needs about ${requiredTokens} tokens (prompt estimate plus maxTokens), over its ${contextWindow}-token context window`
          : `Skipped ${provider}/${model}: its ${contextWindow}-token context window is not larger than that of ${options.rejectedBy ?? 'the target'}, which rejected the prompt as too long`,
      kind: 'context_length',
      provider,
      model,
    });
    this.name = 'ContextWindowError';
    this.contextWindow = contextWindow;
    this.requiredTokens = requiredTokens;
    this.verdict = verdict;
  }
}
