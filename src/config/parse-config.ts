import { readFile } from 'node:fs/promises';
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { ANTHROPIC_API_KEY_VARIABLE } from '../providers/anthropic/anthropic-provider.js';
import { azureEnvironmentVariables } from '../providers/azure/azure-openai-provider.js';
import { GEMINI_API_KEY_VARIABLES } from '../providers/gemini/gemini-provider.js';
import { openAIApiKeyVariable } from '../providers/openai/openai-provider.js';
import { isPresetName, presets } from '../providers/openai-compatible/presets.js';
import {
  ConfigFileError,
  type ConfigIssue,
  type ConfigPath,
  formatPath,
  type LocatedIssue,
} from './config-issue.js';
import { configSchema, type GatewayConfig, type ProviderConfig } from './config-schema.js';
import { crossReferenceIssues } from './cross-references.js';
import { referenceSyntaxIssues } from './env-references.js';
import { describeZodIssues } from './zod-issues.js';

/**
 * Parses and validates a configuration (YAML, or JSON, which YAML reads too). Every problem is collected
 * and thrown at once as a `ConfigFileError`, each with its path and line. `${ENV}` references stay in the
 * result; `resolveEnv` substitutes them when the router is built. A provider without `apiKey` gets its
 * type's usual variable (`${OPENAI_API_KEY}`, ...).
 *
 * @example
 * const config = parseConfig('providers:\n  openai: { type: openai }\n', { file: 'inline.yaml' });
 * config.providers.openai.apiKey; // '${OPENAI_API_KEY}'
 */
export function parseConfig(text: string, options: { file?: string } = {}): GatewayConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const lines = text.split('\n');
    const issues = document.errors.map((error) => {
      const issue: ConfigIssue = { path: '', message: firstLine(error.message) };
      const line = lineCounter.linePos(error.pos[0]).line;
      issue.line = line;
      // `[${KEY}]` reads as a mapping inside a list: the commonest way to break a file with references.
      if (lines[line - 1]?.includes('${')) {
        issue.message += `; inside [ ] or { }, quote environment references: ["\${NAME}"]`;
      }
      return issue;
    });
    throw new ConfigFileError({ issues, file: options.file });
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // yaml refuses an alias bomb (too many alias expansions) by throwing.
    const message = `cannot expand the YAML aliases: ${error instanceof Error ? error.message : String(error)}`;
    throw new ConfigFileError({ issues: [{ path: '', message }], file: options.file });
  }
  const cycle = circularPath(raw);
  if (cycle !== undefined) {
    throw new ConfigFileError({
      issues: [{ path: formatPath(cycle), message: 'a YAML alias refers to a node that contains it' }],
      file: options.file,
    });
  }
  if (raw === null || raw === undefined) {
    throw new ConfigFileError({
      issues: [{ path: '', message: 'the file is empty; it needs at least a providers section' }],
      file: options.file,
    });
  }
  const located: LocatedIssue[] = [...referenceSyntaxIssues(raw)];
  const result = configSchema.safeParse(raw);
  if (!result.success) located.push(...describeZodIssues(result.error.issues, { raw }));
  located.push(...crossReferenceIssues(raw));
  if (located.length > 0 || !result.success) {
    throw new ConfigFileError({ issues: locate(located, { document, lineCounter }), file: options.file });
  }
  return withDefaultKeys(result.data);
}

/** Reads and validates a configuration file. Throws `ConfigFileError` listing every problem. */
export async function loadConfig(path: string): Promise<GatewayConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new ConfigFileError({
      issues: [{ path: '', message: `cannot read the file: ${reason}` }],
      file: path,
    });
  }
  return parseConfig(text, { file: path });
}

/** The path of the first value that contains itself (an alias inside its own anchor), if any. */
function circularPath(value: unknown): ConfigPath | undefined {
  const open = new Set<object>();
  const visit = (node: unknown, path: (string | number)[]): ConfigPath | undefined => {
    if (typeof node !== 'object' || node === null) return undefined;
    if (open.has(node)) return path;
    open.add(node);
    const entries: Array<[string | number, unknown]> = Array.isArray(node)
      ? [...node.entries()]
      : Object.entries(node);
    for (const [key, item] of entries) {
      const found = visit(item, [...path, key]);
      if (found) return found;
    }
    open.delete(node);
    return undefined;
  };
  return visit(value, []);
}

/** The environment variable a provider type conventionally reads its key from. */
export function defaultKeyVariable(provider: ProviderConfig): string | undefined {
  switch (provider.type) {
    case 'openai':
      return openAIApiKeyVariable;
    case 'anthropic':
      return ANTHROPIC_API_KEY_VARIABLE;
    case 'gemini':
      return GEMINI_API_KEY_VARIABLES[0];
    case 'azure':
      return azureEnvironmentVariables.apiKey;
    case 'openai-compatible':
      return provider.preset !== undefined && isPresetName(provider.preset)
        ? presets[provider.preset].apiKeyVariable
        : undefined;
  }
}

function withDefaultKeys(config: GatewayConfig): GatewayConfig {
  for (const provider of Object.values(config.providers)) {
    if (provider.apiKey !== undefined || provider.apiKeys !== undefined) continue;
    const variable = defaultKeyVariable(provider);
    if (variable !== undefined) provider.apiKey = `\${${variable}}`;
  }
  return config;
}

/** Formats issues with their lines, in file order, without duplicates. */
function locate(
  located: readonly LocatedIssue[],
  source: { document: Document; lineCounter: LineCounter },
): ConfigIssue[] {
  const { document, lineCounter } = source;
  const seen = new Set<string>();
  const issues: ConfigIssue[] = [];
  for (const { path, message } of located) {
    const issue: ConfigIssue = { path: formatPath(path), message };
    const key = `${issue.path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const offset = offsetOf(document, path);
    if (offset !== undefined) issue.line = lineCounter.linePos(offset).line;
    issues.push(issue);
  }
  return issues.sort(
    (left, right) => (left.line ?? Number.MAX_SAFE_INTEGER) - (right.line ?? Number.MAX_SAFE_INTEGER),
  );
}

/** Where the deepest node along `path` starts (a mapping entry's key, a list item). */
function offsetOf(document: Document, path: ConfigPath): number | undefined {
  let node: unknown = document.contents;
  let offset = (node as Node | null)?.range?.[0];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset;
}

function firstLine(message: string): string {
  const line = message.split('\n', 1)[0] ?? message;
  return line.charAt(0).toLowerCase() + line.slice(1);
}
