import { ContextWindowError } from '../errors/context-window-error.js';
import { estimatePromptTokens } from '../middleware/estimate-tokens.js';
import {
  loadOpenAITokenizer,
  type OpenAIEncoding,
  openAIEncodingOf,
} from '../middleware/openai-tokenizer.js';
import type { Target } from '../types/attempt.js';
import type { CompletionRequest } from '../types/request.js';
import type { ContextWindows } from './context-windows.js';
import type { ProviderEntry } from './router-state.js';

/** What judging windows reads of the call. */
export interface ContextFitInput {
  request: CompletionRequest;
  plan: readonly Target[];
  entries: ReadonlyMap<string, ProviderEntry>;
  windows: ContextWindows;
}

/**
 * One call's judgement of context windows: which targets cannot hold the request (its prompt estimate
 * plus its `maxTokens`), and, once a target has rejected the prompt as too long, which remaining ones
 * are no larger than it. The prompt is first bounded by characters; only when that bound exceeds the
 * window of a target with a known OpenAI encoding is it counted with the real tokenizer (`sizing`).
 */
export class ContextFit {
  /** Pending while the real tokenizer counts the prompt; the walk awaits it before the first target. */
  sizing: Promise<void> | undefined;
  private readonly bound: number;
  private exact: Map<OpenAIEncoding, number> | undefined;
  private rejected: { window: number; by: string } | undefined;

  private constructor(private readonly input: ContextFitInput) {
    this.bound = estimatePromptTokens(input.request) + (input.request.maxTokens ?? 0);
  }

  /**
   * The judgement for a call, or `undefined` (nothing allocated) when every target with a known window
   * holds the request by the character bound: the case of nearly every call.
   */
  static of(input: ContextFitInput): ContextFit | undefined {
    let smallest = Number.POSITIVE_INFINITY;
    for (const target of input.plan) {
      const window = windowOf(input, target);
      if (window !== undefined && window < smallest) smallest = window;
    }
    if (smallest === Number.POSITIVE_INFINITY) return undefined;
    const fit = new ContextFit(input);
    if (fit.bound <= smallest) return undefined;
    fit.startSizing();
    return fit;
  }

  /** An empty judgement, for a call whose targets all fitted until one rejected the prompt. */
  static afterRejection(input: ContextFitInput): ContextFit {
    return new ContextFit(input);
  }

  /** Why `target` cannot hold the request, or `undefined` when it can (or its window is unknown). */
  check(target: Target): ContextWindowError | undefined {
    const window = windowOf(this.input, target);
    if (window === undefined) return undefined;
    const { provider, model } = target;
    const rejected = this.rejected;
    if (rejected && window <= rejected.window) {
      return new ContextWindowError({
        provider,
        model,
        contextWindow: window,
        requiredTokens: rejected.window + 1,
        verdict: 'not_larger',
        rejectedBy: rejected.by,
      });
    }
    const required = this.requiredBy(model);
    if (required <= window) return undefined;
    return new ContextWindowError({
      provider,
      model,
      contextWindow: window,
      requiredTokens: required,
      verdict: 'prompt_too_long',
    });
  }

  /**
   * `target` answered that the prompt is too long for it: the rest of the plan may only try larger
   * windows. A target of unknown window teaches nothing (there is no size to compare with).
   */
  rejectedBy(target: Target): void {
    const window = windowOf(this.input, target);
    if (window === undefined) return;
    if (!this.rejected || window > this.rejected.window) {
      this.rejected = { window, by: `${target.provider}/${target.model}` };
    }
  }

  private requiredBy(model: string): number {
    const encoding = this.exact ? openAIEncodingOf(model) : undefined;
    return (encoding && this.exact?.get(encoding)) ?? this.bound;
  }

  private startSizing(): void {
    const needed = new Set<OpenAIEncoding>();
    for (const target of this.input.plan) {
      const window = windowOf(this.input, target);
      const encoding = openAIEncodingOf(target.model);
      if (window !== undefined && encoding !== undefined && this.bound > window) needed.add(encoding);
    }
    if (needed.size === 0) return;
    const output = this.input.request.maxTokens ?? 0;
    this.sizing = Promise.all(
      [...needed].map(async (encoding) => {
        const measure = await loadOpenAITokenizer(encoding);
        this.exact ??= new Map();
        this.exact.set(encoding, estimatePromptTokens(this.input.request, measure) + output);
      }),
    ).then(
      () => undefined,
      // Without the tokenizer the character bound stands: a judgement on the safe side, never a failure.
      () => undefined,
    );
  }
}

function windowOf(input: ContextFitInput, target: Target): number | undefined {
  const entry = input.entries.get(target.provider);
  return entry ? input.windows.of(target.provider, entry.provider, target.model) : undefined;
}
