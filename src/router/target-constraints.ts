import { type ExcludedTarget, NoEligibleTargetError } from '../errors/no-eligible-target-error.js';
import type { Target } from '../types/attempt.js';
import type { Tags, TargetConstraints } from '../types/tags.js';
import type { ProviderEntry } from './router-state.js';

/** A tag of a target: its own value when it sets the tag, else its provider's. */
export function tagOf(target: Target, entry: ProviderEntry | undefined, key: string) {
  const own = target.tags;
  if (own && Object.hasOwn(own, key)) return own[key];
  return entry?.provider.tags?.[key];
}

/**
 * A plan under a call's constraints: targets lacking a required tag value are left out (of the
 * primary's place and of every fallback), targets carrying every preferred one move to the front in
 * their order. Returns `plan` itself when the call has no constraints. Throws
 * {@link NoEligibleTargetError} when the requirement leaves nothing.
 */
export function constrainPlan(options: {
  model: string;
  plan: readonly Target[];
  entries: ReadonlyMap<string, ProviderEntry>;
  constraints: TargetConstraints | undefined;
}): readonly Target[] {
  const { plan, entries, constraints } = options;
  const required = nonEmpty(constraints?.require);
  const preferred = nonEmpty(constraints?.prefer);
  if (!required && !preferred) return plan;
  let kept: readonly Target[] = plan;
  if (required) {
    const { eligible, excluded } = splitByRequirement(plan, entries, required);
    if (eligible.length === 0) {
      throw new NoEligibleTargetError({ model: options.model, require: required, excluded });
    }
    kept = eligible;
  }
  if (!preferred) return kept;
  const first: Target[] = [];
  const rest: Target[] = [];
  for (const target of kept) {
    (mismatches(target, entries.get(target.provider), preferred) ? rest : first).push(target);
  }
  return first.length === 0 || rest.length === 0 ? kept : [...first, ...rest];
}

/** The targets of `plan` carrying every `required` tag value, and those that do not, with what they have. */
export function splitByRequirement(
  plan: readonly Target[],
  entries: ReadonlyMap<string, ProviderEntry>,
  required: Tags,
): { eligible: Target[]; excluded: ExcludedTarget[] } {
  const eligible: Target[] = [];
  const excluded: ExcludedTarget[] = [];
  for (const target of plan) {
    const mismatched = mismatches(target, entries.get(target.provider), required);
    if (mismatched) excluded.push({ ...target, mismatched });
    else eligible.push(target);
  }
  return { eligible, excluded };
}

function nonEmpty(tags: Tags | undefined): Tags | undefined {
  if (tags === undefined) return undefined;
  for (const _ in tags) return tags;
  return undefined;
}

function mismatches(
  target: Target,
  entry: ProviderEntry | undefined,
  wanted: Tags,
): Record<string, string | number | boolean | undefined> | undefined {
  let mismatched: Record<string, string | number | boolean | undefined> | undefined;
  for (const key in wanted) {
    const actual = tagOf(target, entry, key);
    if (actual !== wanted[key]) {
      mismatched ??= {};
      mismatched[key] = actual;
    }
  }
  return mismatched;
}
