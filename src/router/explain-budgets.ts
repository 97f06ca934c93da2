import { type Middleware, reportsBudgets } from '../middleware/middleware.js';
import type { Explanation, TargetBudget } from '../types/call.js';

/**
 * A plan with each target's rate-limit budget, as `router.explain()` returns it: the cached plan itself
 * when no middleware reports budgets, else a copy with `budgets` read now (from memory, no store command).
 * A target governed by several limiters shows each one's budget, outermost first.
 */
export function explainWithBudgets(plan: Explanation, middleware: readonly Middleware[]): Explanation {
  const reporters = middleware.filter(reportsBudgets);
  if (reporters.length === 0) return plan;
  const budgets: TargetBudget[] = [];
  for (const target of plan.plan) {
    for (const reporter of reporters) {
      const budget = reporter.budgetOf(target);
      if (budget) budgets.push(budget);
    }
  }
  return { ...plan, budgets };
}
