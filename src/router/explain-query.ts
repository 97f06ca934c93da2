import { defaultOutputReservation } from '../middleware/estimate-tokens.js';
import type { ExcludedFromPlan, ExplainQuery, Explanation } from '../types/call.js';
import type { ContextWindows } from './context-windows.js';
import { explainWithBudgets } from './explain-budgets.js';
import type { TokenEstimate } from './groups/order-members.js';
import type { RouterState } from './router-state.js';
import { constrainPlan, splitByRequirement } from './target-constraints.js';

/**
 * `router.explain()`: the plan for a model name, or for a query that also gives the call's size and
 * constraints. A query's plan is the one such a call would take: a group ordered for its kind and
 * priced for its tokens, the requirement and preference applied, and the targets whose window cannot
 * hold it left out, each listed in `excluded` with why. Reads memory only; nothing is advanced or sent.
 */
export function explainRoute(
  state: RouterState,
  windows: ContextWindows,
  query: string | ExplainQuery,
): Explanation {
  if (typeof query === 'string') return explainWithBudgets(state.explainLive(query), state.middleware);
  const { model, estimatedTokens, maxOutputTokens, require, prefer, operation } = query;
  const tokens: TokenEstimate | undefined =
    estimatedTokens === undefined
      ? undefined
      : { inputTokens: estimatedTokens, outputTokens: maxOutputTokens ?? defaultOutputReservation };
  const live = state.explainLive(model, tokens, operation);
  const excluded: ExcludedFromPlan[] = [];
  // The requirement's exclusions, listed; constrainPlan then applies both and throws when none is left.
  if (require) {
    for (const target of splitByRequirement(live.plan, state.entries, require).excluded) {
      excluded.push({ ...target, reason: 'require' });
    }
  }
  let plan = constrainPlan({
    model,
    plan: live.plan,
    entries: state.entries,
    constraints: { require, prefer },
  });
  if (estimatedTokens !== undefined) {
    const required = estimatedTokens + (maxOutputTokens ?? 0);
    plan = plan.filter((target) => {
      const entry = state.entries.get(target.provider);
      const window = entry ? windows.of(target.provider, entry.provider, target.model) : undefined;
      if (window === undefined || required <= window) return true;
      excluded.push({ ...target, reason: 'context_window', contextWindow: window, requiredTokens: required });
      return false;
    });
  }
  const explanation: Explanation = { ...live, plan: [...plan] };
  if (excluded.length > 0) explanation.excluded = excluded;
  return explainWithBudgets(explanation, state.middleware);
}
