/** What the request log hides. */
export interface LogRedaction {
  /**
   * Names (any case) whose values are replaced by `[redacted]`: header-like fields anywhere in logged
   * content, and query parameters of the logged path. Added to {@link defaultRedactedNames}.
   */
  names?: readonly string[];
  /** Exact strings never written (the gateway's keys, the providers' keys), wherever they appear. */
  secrets?: readonly string[];
}

/** Names the log always redacts: the credential headers and query parameters of the usual APIs. */
export const defaultRedactedNames: readonly string[] = Object.freeze([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'x-goog-api-key',
  'api_key',
  'apikey',
  'key',
  'password',
  'secret',
  'token',
]);

const mask = '[redacted]';
/** Shorter strings would mask ordinary text; no real key is this short. */
const shortestSecret = 8;

/** Applies a {@link LogRedaction} to log lines, built once per log. */
export class Redactor {
  private readonly names: ReadonlySet<string>;
  private readonly secrets: readonly string[];
  /** A `JSON.stringify` replacer masking the named fields (for lines that carry content). */
  readonly replacer = (key: string, value: unknown): unknown =>
    key !== '' && this.names.has(key.toLowerCase()) ? mask : value;

  constructor(redaction: LogRedaction = {}) {
    this.names = new Set(
      [...defaultRedactedNames, ...(redaction.names ?? [])].map((name) => name.toLowerCase()),
    );
    this.secrets = [...new Set(redaction.secrets ?? [])].filter((secret) => secret.length >= shortestSecret);
  }

  /** A request path with the named query parameters masked. */
  path(path: string): string {
    const query = path.indexOf('?');
    if (query === -1) return path;
    const kept = path
      .slice(query + 1)
      .split('&')
      .map((pair) => {
        const equals = pair.indexOf('=');
        const name = decodeURIComponentSafe(equals === -1 ? pair : pair.slice(0, equals));
        return equals !== -1 && this.names.has(name.toLowerCase())
          ? `${pair.slice(0, equals)}=${mask}`
          : pair;
      });
    return `${path.slice(0, query)}?${kept.join('&')}`;
  }

  /** A whole line with every secret masked. */
  line(text: string): string {
    let line = text;
    for (const secret of this.secrets) if (line.includes(secret)) line = line.replaceAll(secret, mask);
    return line;
  }
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
