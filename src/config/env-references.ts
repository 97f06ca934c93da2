import { type ConfigPath, formatPath, type LocatedIssue } from './config-issue.js';

/** One `${NAME}` or `${NAME:-default}` in a configuration string. */
export interface EnvReference {
  name: string;
  /** The text after `:-`, used when the variable is unset or empty. */
  fallback: string | undefined;
}

/** Where a variable is referenced and whether every use has a default. */
export interface VariableUse {
  name: string;
  /** Configuration paths that reference it, e.g. `providers.openai.apiKey`. */
  paths: string[];
  /** True when every reference supplies a `:-` default, so an unset variable is not an error. */
  optional: boolean;
}

/** A referenced variable that is unset (or empty) where no default covers it. */
export interface MissingVariable {
  name: string;
  path: string;
}

const variableName = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s;

/** A `${...}` that cannot be read. */
class ReferenceSyntaxError extends Error {}

/**
 * Replaces each reference in `text` with what `resolve` returns. `$${` stands for a literal `${`.
 * Throws `ReferenceSyntaxError` for an unclosed `${` or a name that is not a variable name.
 */
function substitute(text: string, resolve: (reference: EnvReference) => string): string {
  if (!text.includes('${')) return text;
  let result = '';
  let from = 0;
  for (;;) {
    const start = text.indexOf('${', from);
    if (start === -1) return result + text.slice(from);
    if (start > from && text[start - 1] === '$') {
      result += `${text.slice(from, start - 1)}\${`;
      from = start + 2;
      continue;
    }
    const end = text.indexOf('}', start + 2);
    if (end === -1) throw new ReferenceSyntaxError(`"\${" at position ${start} is never closed with "}"`);
    const inner = text.slice(start + 2, end);
    const match = variableName.exec(inner);
    if (!match) {
      throw new ReferenceSyntaxError(
        `"\${${inner}}" is not an environment reference; write \${NAME} or \${NAME:-default}`,
      );
    }
    result += text.slice(from, start) + resolve({ name: match[1]!, fallback: match[2] });
    from = end + 1;
  }
}

/** Calls `visit` for every string in a parsed configuration, with its path. */
function walkStrings(config: unknown, visit: (text: string, path: ConfigPath) => void): void {
  const walk = (value: unknown, path: (string | number)[]): void => {
    if (typeof value === 'string') visit(value, path);
    else if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) walk(item, [...path, index]);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
    }
  };
  walk(config, []);
}

/** Rebuilds a parsed configuration with every string replaced by `map(text, path)`. */
function mapStrings(config: unknown, map: (text: string, path: ConfigPath) => string): unknown {
  const rebuild = (value: unknown, path: (string | number)[]): unknown => {
    if (typeof value === 'string') return map(value, path);
    if (Array.isArray(value)) return value.map((item, index) => rebuild(item, [...path, index]));
    if (typeof value === 'object' && value !== null) {
      const result: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) result[key] = rebuild(item, [...path, key]);
      return result;
    }
    return value;
  };
  return rebuild(config, []);
}

/** Every malformed `${...}` in a parsed configuration, as issues with their paths. */
export function referenceSyntaxIssues(config: unknown): LocatedIssue[] {
  const issues: LocatedIssue[] = [];
  walkStrings(config, (text, path) => {
    try {
      substitute(text, () => '');
    } catch (error) {
      if (!(error instanceof ReferenceSyntaxError)) throw error;
      issues.push({ path, message: error.message });
    }
  });
  return issues;
}

/** The environment variables a configuration references, in order of first use. */
export function referencedVariables(config: unknown): VariableUse[] {
  const uses = new Map<string, VariableUse>();
  walkStrings(config, (text, path) => {
    substitute(text, (reference) => {
      let use = uses.get(reference.name);
      if (!use) {
        use = { name: reference.name, paths: [], optional: true };
        uses.set(reference.name, use);
      }
      const where = formatPath(path);
      if (!use.paths.includes(where)) use.paths.push(where);
      if (reference.fallback === undefined) use.optional = false;
      return '';
    });
  });
  return [...uses.values()];
}

/** Whether a variable counts as set: present and not blank, as API keys need. */
export function isSet(env: Readonly<Record<string, string | undefined>>, name: string): boolean {
  const value = env[name];
  return value !== undefined && value.trim() !== '';
}

/**
 * Substitutes every `${NAME}` in a configuration from `env` (a blank value counts as unset, so
 * `${NAME:-default}` then takes its default). Unset variables without a default become `''` and are
 * listed in `missing`, for the caller to refuse or report.
 */
export function resolveEnv<T>(
  config: T,
  env: Readonly<Record<string, string | undefined>>,
): { config: T; missing: MissingVariable[] } {
  const missing: MissingVariable[] = [];
  const resolved = mapStrings(config, (text, path) =>
    substitute(text, (reference) => {
      if (isSet(env, reference.name)) return env[reference.name]!.trim();
      if (reference.fallback !== undefined) return reference.fallback;
      missing.push({ name: reference.name, path: formatPath(path) });
      return '';
    }),
  ) as T;
  return { config: resolved, missing };
}
