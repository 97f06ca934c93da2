import { ConfigurationError } from '../errors/configuration-error.js';

/** A path into the configuration: object keys and array indexes. */
export type ConfigPath = readonly (string | number)[];

/** A problem located by path, before it is formatted for the reader. */
export interface LocatedIssue {
  path: ConfigPath;
  message: string;
}

/** One thing wrong with a configuration file. */
export interface ConfigIssue {
  /** Where, as written in messages: `fallbacks.gpt-4o-mini[1].provider`. Empty for the whole file. */
  path: string;
  /** What is wrong, and what would be right when that can be guessed. */
  message: string;
  /** 1-based line in the file, when known. */
  line?: number;
}

const plainKey = /^[A-Za-z_][\w-]*$/;

/**
 * Writes a path the way the configuration reads: `fallbacks.gpt-4o-mini[1].provider`. Keys that would
 * be ambiguous in that notation (`gpt-4.1`, `*`) are quoted: `fallbacks["gpt-4.1"]`.
 */
export function formatPath(path: ConfigPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (plainKey.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/** One issue as a line: `path (line 3): message`. */
export function formatIssue(issue: ConfigIssue): string {
  if (issue.path === '')
    return issue.line === undefined ? issue.message : `line ${issue.line}: ${issue.message}`;
  if (issue.line === undefined) return `${issue.path}: ${issue.message}`;
  return `${issue.path} (line ${issue.line}): ${issue.message}`;
}

/** A configuration file that cannot be used, with every problem found in it. */
export class ConfigFileError extends ConfigurationError {
  readonly issues: readonly ConfigIssue[];
  /** The file, when the configuration came from one. */
  readonly file: string | undefined;

  constructor(options: { issues: readonly ConfigIssue[]; file?: string }) {
    const count = options.issues.length;
    const heading = `${options.file ?? 'Configuration'}: ${count} ${count === 1 ? 'error' : 'errors'}`;
    super([heading, ...options.issues.map((issue) => `  ${formatIssue(issue)}`)].join('\n'));
    this.name = 'ConfigFileError';
    this.issues = options.issues;
    this.file = options.file;
  }
}
