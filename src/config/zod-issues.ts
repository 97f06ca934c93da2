import type { z } from 'zod';
import type { ConfigPath, LocatedIssue } from './config-issue.js';
import { knownKeys, type ProviderType, providerTypes } from './config-schema.js';
import { suggestion } from './did-you-mean.js';

type ZodIssue = z.core.$ZodIssue;

/**
 * Rewords zod's issues for a configuration file: unknown keys and provider types get a "did you mean",
 * a union (a target written as a string or an object) reports the branch the value was meant for rather
 * than every branch, and type errors say what was found.
 */
export function describeZodIssues(
  issues: readonly ZodIssue[],
  context: { raw: unknown; base?: ConfigPath },
): LocatedIssue[] {
  const { raw, base = [] } = context;
  const located: LocatedIssue[] = [];
  for (const issue of issues) {
    const path = [
      ...base,
      ...issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment)),
    ];
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          const allowed = keysAt(path, raw);
          const hint = suggestion(key, allowed);
          located.push({
            path: [...path, key],
            message: `unknown setting${hint || (allowed.length > 0 ? ` (expected one of: ${allowed.join(', ')})` : '')}`,
          });
        }
        break;
      case 'invalid_union':
        located.push(...describeUnion(issue, { path, raw }));
        break;
      case 'invalid_type': {
        const found = valueAt(raw, path);
        located.push({
          path,
          message:
            found === undefined
              ? 'is required'
              : `must be ${article(issue.expected)}, not ${describe(found)}`,
        });
        break;
      }
      case 'too_small':
      case 'too_big':
        located.push({ path, message: describeBound(issue) });
        break;
      default:
        located.push({ path, message: lowerFirst(issue.message) });
    }
  }
  return located;
}

function describeUnion(
  issue: Extract<ZodIssue, { code: 'invalid_union' }>,
  context: { path: ConfigPath; raw: unknown },
): LocatedIssue[] {
  const { path, raw } = context;
  if ('discriminator' in issue && issue.discriminator === 'type') {
    const value = valueAt(raw, path);
    const expected = providerTypes.join(', ');
    if (value === undefined) return [{ path, message: `is required (one of: ${expected})` }];
    if (typeof value !== 'string')
      return [{ path, message: `must be one of ${expected}, not ${describe(value)}` }];
    return [
      {
        path,
        message: `"${value}" is not a provider type${suggestion(value, providerTypes)} (one of: ${expected})`,
      },
    ];
  }
  // The branch the value was meant for is the one that did not reject its type outright.
  const branches = issue.errors;
  const meant = branches.find(
    (branch) => !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0),
  );
  if (meant) return describeZodIssues(meant, { raw, base: path });
  const expected = branches
    .flatMap((branch) =>
      branch.filter((inner) => inner.code === 'invalid_type').map((inner) => article(inner.expected)),
    )
    .join(' or ');
  return [{ path, message: `must be ${expected || 'a valid value'}, not ${describe(valueAt(raw, path))}` }];
}

/** A number's bound in plain words; other bounds keep their schema's own message. */
function describeBound(issue: Extract<ZodIssue, { code: 'too_small' | 'too_big' }>): string {
  if (issue.origin !== 'number') return lowerFirst(issue.message);
  const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
  if (issue.inclusive === false)
    return `must be ${issue.code === 'too_small' ? 'more' : 'less'} than ${bound}`;
  return `must be at ${issue.code === 'too_small' ? 'least' : 'most'} ${bound}`;
}

/** The keys an object at `path` accepts. */
function keysAt(path: ConfigPath, raw: unknown): readonly string[] {
  const [section, , child] = path;
  if (path.length === 0) return knownKeys.root;
  if (path.length === 1) {
    if (
      section === 'retry' ||
      section === 'circuitBreaker' ||
      section === 'timeout' ||
      section === 'hedge' ||
      section === 'server'
    ) {
      return knownKeys[section];
    }
    return typeof section === 'string' ? (knownKeys.sections[section] ?? []) : [];
  }
  if (path.length === 2 && typeof section === 'string' && knownKeys.lists[section]) {
    return knownKeys.lists[section];
  }
  if (section === 'providers') {
    if (child === 'capabilities' && path.length === 3) return knownKeys.capabilities;
    if (path.length !== 2) return [];
    const type = valueAt(raw, [...path, 'type']);
    if (typeof type === 'string' && (providerTypes as readonly string[]).includes(type)) {
      return knownKeys.provider[type as ProviderType];
    }
    return [...new Set(Object.values(knownKeys.provider).flat())];
  }
  if (section === 'modelMap' || section === 'fallbacks') return knownKeys.target;
  if (section === 'groups') {
    if (path.length === 2) return knownKeys.group;
    if (child === 'members' && path.length === 4) return knownKeys.member;
  }
  if (section === 'server' && path[1] === 'limits' && path.length === 2) return knownKeys.serverLimits;
  return [];
}

/** The raw value at a path, or `undefined`. */
export function valueAt(raw: unknown, path: ConfigPath): unknown {
  let current = raw;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return String(value);
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

function article(expected: string): string {
  switch (expected) {
    case 'array':
      return 'a list';
    case 'object':
    case 'record':
      return 'a mapping';
    case 'int':
      return 'a whole number';
    default:
      return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
  }
}

function lowerFirst(message: string): string {
  return message.charAt(0).toLowerCase() + message.slice(1);
}
