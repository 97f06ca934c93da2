import type { ConfigPath, LocatedIssue } from './config-issue.js';
import { suggestion } from './did-you-mean.js';
import { valueAt } from './zod-issues.js';

/**
 * Checks that every provider named in `modelMap`, `fallbacks`, `embeddingReplicas` and group members is configured. Works on the raw file
 * so these errors are reported together with the schema's, even when other parts are malformed.
 */
export function crossReferenceIssues(raw: unknown): LocatedIssue[] {
  const providers = valueAt(raw, ['providers']);
  if (typeof providers !== 'object' || providers === null || Array.isArray(providers)) return [];
  const names = Object.keys(providers);
  if (names.length === 0) return [];
  const issues: LocatedIssue[] = [];

  const checkTarget = (spec: unknown, path: ConfigPath) => {
    const isObject = typeof spec === 'object' && spec !== null && !Array.isArray(spec);
    const name = isObject ? (spec as { provider?: unknown }).provider : spec;
    if (typeof name !== 'string' || name === '' || names.includes(name)) return;
    const hint = suggestion(name, names);
    issues.push({
      path: isObject ? [...path, 'provider'] : path,
      message: `"${name}" is not a configured provider${hint || ` (configured: ${names.join(', ')})`}`,
    });
  };
  const checkList = (list: unknown, path: ConfigPath) => {
    if (!Array.isArray(list)) return;
    for (const [index, spec] of list.entries()) checkTarget(spec, [...path, index]);
  };

  const modelMap = valueAt(raw, ['modelMap']);
  if (typeof modelMap === 'object' && modelMap !== null && !Array.isArray(modelMap)) {
    for (const [model, spec] of Object.entries(modelMap)) checkTarget(spec, ['modelMap', model]);
  }
  const fallbacks = valueAt(raw, ['fallbacks']);
  if (Array.isArray(fallbacks)) checkList(fallbacks, ['fallbacks']);
  else if (typeof fallbacks === 'object' && fallbacks !== null) {
    for (const [model, list] of Object.entries(fallbacks)) checkList(list, ['fallbacks', model]);
  }
  const replicas = valueAt(raw, ['embeddingReplicas']);
  if (typeof replicas === 'object' && replicas !== null && !Array.isArray(replicas)) {
    for (const [model, list] of Object.entries(replicas)) checkList(list, ['embeddingReplicas', model]);
  }
  const groups = valueAt(raw, ['groups']);
  if (typeof groups === 'object' && groups !== null && !Array.isArray(groups)) {
    for (const [name, group] of Object.entries(groups)) {
      const members = (group as { members?: unknown } | null)?.members;
      if (!Array.isArray(members)) continue;
      for (const [index, member] of members.entries())
        checkTarget(member, ['groups', name, 'members', index]);
    }
  }
  return issues;
}
