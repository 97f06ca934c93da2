import type { ReasoningOptions } from '../../types/request.js';

/**
 * `max_tokens` when the request sets none. Anthropic requires the field; 4096 fits every Claude model's
 * output limit and keeps the output-token rate-limit reservation, which Anthropic estimates from
 * `max_tokens`, small. Callers who want longer answers set `maxTokens`.
 */
export const DEFAULT_MAX_TOKENS = 4096;

/** Anthropic's smallest accepted thinking budget. */
export const MIN_THINKING_BUDGET = 1024;

// Longest prefix first: `claude-opus-4-5` must not match `claude-opus-4`.
const outputLimits: ReadonlyArray<readonly [prefix: string, limit: number]> = [
  ['claude-opus-4-5', 64_000],
  ['claude-opus-4-1', 32_000],
  ['claude-opus-4', 32_000],
  ['claude-sonnet-4', 64_000],
  ['claude-haiku-4', 64_000],
  ['claude-3-7-sonnet', 64_000],
  ['claude-3-5', 8_192],
  ['claude-3', 4_096],
];

/** The most output tokens a known model accepts, or `undefined` for a model not in the table. */
export function maxOutputTokens(model: string): number | undefined {
  for (const [prefix, limit] of outputLimits) if (model.startsWith(prefix)) return limit;
  return undefined;
}

const budgetByEffort: Readonly<Record<NonNullable<ReasoningOptions['effort']>, number>> = {
  minimal: MIN_THINKING_BUDGET,
  low: 2_048,
  medium: 8_192,
  high: 16_384,
};

/**
 * The `max_tokens` and thinking budget for one request. Without thinking: the caller's `maxTokens`, else
 * {@link DEFAULT_MAX_TOKENS}. With thinking (a `reasoning` option): the budget is `budgetTokens`, else
 * the effort's budget (medium when neither is given); `max_tokens` is the caller's, else the budget
 * plus the default answer room, capped at the model's output limit. Anthropic counts thinking inside
 * `max_tokens` and requires `budget_tokens < max_tokens`, so the budget is lowered to fit (never below
 * Anthropic's minimum of 1024; a smaller `maxTokens` is the caller's to fix).
 */
export function tokenLimits(options: {
  model: string;
  maxTokens: number | undefined;
  reasoning: ReasoningOptions | undefined;
  defaultMaxTokens: number;
}): { maxTokens: number; thinkingBudget: number | undefined } {
  const { reasoning } = options;
  if (!reasoning)
    return { maxTokens: options.maxTokens ?? options.defaultMaxTokens, thinkingBudget: undefined };
  const requested = reasoning.budgetTokens ?? budgetByEffort[reasoning.effort ?? 'medium'];
  let maxTokens = options.maxTokens;
  if (maxTokens === undefined) {
    const limit = maxOutputTokens(options.model);
    maxTokens = requested + options.defaultMaxTokens;
    if (limit !== undefined && maxTokens > limit) maxTokens = limit;
  }
  const thinkingBudget = Math.max(MIN_THINKING_BUDGET, Math.min(requested, maxTokens - 1));
  return { maxTokens, thinkingBudget };
}
