import type { Target } from '../types/attempt.js';
import type { Explanation } from '../types/call.js';
import type { MemberGroup } from './groups/member-group.js';
import { type ResolutionTable, resolveModel, targetFor } from './resolve-model.js';
import type { TargetSpec } from './router-types.js';

/** What planning reads: resolution's table, the groups and the fallback chains. */
export interface PlanTable extends ResolutionTable {
  globalFallbacks: readonly TargetSpec[];
  modelFallbacks: ReadonlyMap<string, readonly TargetSpec[]>;
  groups: ReadonlyMap<string, MemberGroup>;
  embeddingReplicas: ReadonlyMap<string, readonly TargetSpec[]>;
}

/**
 * The ordered plan for a model: the primary target resolution chose (or a group's members), then the
 * model's fallback chain (its own, else the global one), each target once. Frozen, since the router caches and shares it.
 */
export function planTargets(model: string, table: PlanTable): Explanation {
  const group = table.groups.get(model);
  // A group comes first: every member in configured order (the call reorders them), then the fallbacks.
  const resolution = group
    ? { step: 'group' as const, target: group.members[0]!.target }
    : resolveModel(model, table);
  const plan: Target[] = group ? group.members.map((member) => member.target) : [resolution.target];
  const chain = table.modelFallbacks.get(model) ?? table.globalFallbacks;
  for (const spec of chain) {
    const target = targetFor(spec, model, table.providers);
    if (!plan.some((planned) => planned.provider === target.provider && planned.model === target.model)) {
      plan.push(target);
    }
  }
  return frozen(model, resolution.step, plan);
}

/**
 * The ordered plan for an embedding call: the primary target resolution chose, then the replicas the
 * configuration lists for the requested model, each once. A replica named by provider alone receives the
 * primary's model name (the same model under another key); one with a `model` receives that name (an
 * Azure deployment of it). The completion fallbacks never take part: another model's vectors would not
 * be comparable with the caller's.
 */
export function planEmbeddingTargets(model: string, table: PlanTable): Explanation {
  const resolution = resolveModel(model, table);
  const plan: Target[] = [resolution.target];
  for (const spec of table.embeddingReplicas.get(model) ?? []) {
    const target =
      typeof spec === 'string'
        ? { provider: spec, model: resolution.target.model }
        : { provider: spec.provider, model: spec.model ?? resolution.target.model };
    if (!plan.some((planned) => planned.provider === target.provider && planned.model === target.model)) {
      plan.push(target);
    }
  }
  return frozen(model, resolution.step, plan);
}

function frozen(model: string, step: Explanation['step'], plan: Target[]): Explanation {
  return Object.freeze({ requestedModel: model, step, plan: Object.freeze(plan) as Target[] });
}
