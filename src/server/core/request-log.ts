import type { CacheResult } from './cache-result.js';
import { type LogRedaction, Redactor } from './log-redaction.js';

/** Where log lines go: anything with `write`, such as `process.stdout`. */
export interface LogOutput {
  write(text: string): unknown;
}

/** One request as the log records it. Message content appears only when the gateway is told to log it. */
export interface RequestLogEntry {
  id: string;
  method: string;
  path: string;
  status: number;
  /** The model the client asked for. */
  model?: string;
  /** The provider that served (or last failed). */
  provider?: string;
  /** The model that provider received. */
  servedModel?: string;
  attempts?: number;
  fallback?: boolean;
  stream?: boolean;
  latencyMs: number;
  overheadMs?: number;
  timeToFirstTokenMs?: number;
  inputTokens?: number;
  outputTokens?: number;
  /** What the response cache did (`hit`, `miss`, `bypass`), when the router has one. */
  cache?: CacheResult;
  errorKind?: string;
  error?: string;
  /** What the request's surface could not carry to the serving provider. */
  warnings?: string[];
  messages?: unknown;
  output?: string;
}

/** Lines wait at most this long to be written... */
const flushAfterMs = 20;
/** ...or until this much text is pending. */
const flushAtLength = 32 * 1024;

/**
 * Structured log: one JSON object per line. Lines are written in batches, at most 20 ms or 32 KB apart,
 * and at once by `flush()` (the gateway calls it at start-up and shutdown). Each write to a pipe costs a
 * system call and wakes the reader: writing every event-loop turn cost a busy gateway about 13 µs per
 * request, more than the rest of the log. A crash loses at most the last 20 ms of lines.
 */
export class RequestLog {
  private pending = '';
  private timer: NodeJS.Timeout | undefined = undefined;
  private readonly onTimer = () => this.flush();
  private redactor: Redactor;
  /** `"name":value,` for each field {@link tag} added, written into every line. */
  private tags = '';

  /** `redaction`: what no line may show; credential names are always masked (see `log-redaction.ts`). */
  constructor(
    private readonly output: LogOutput,
    private readonly enabled: boolean,
    redaction?: LogRedaction,
  ) {
    this.redactor = new Redactor(redaction);
  }

  /** What no line may show from now on (a reloaded configuration's keys and names). */
  redact(redaction: LogRedaction): void {
    this.redactor = new Redactor(redaction);
  }

  /** Records a finished request. */
  request(entry: RequestLogEntry): void {
    if (!this.enabled) return;
    const redactor = this.redactor;
    entry.path = redactor.path(entry.path);
    // Content is the client's: its fields are masked by name. The rest of an entry is the gateway's own.
    const json = JSON.stringify(entry, entry.messages === undefined ? undefined : redactor.replacer);
    // The entry's own JSON after the fixed fields: no merged copy of it per request. An entry always has
    // fields (`id` first), so its JSON opens with `{"`.
    this.append(`{"time":"${isoNow()}","level":"info","msg":"request",${this.tags}${json.slice(1)}\n`);
  }

  /** Records something about the gateway itself (start, shutdown), whether or not request logging is on. */
  event(level: 'info' | 'warn' | 'error', fields: { msg: string; [field: string]: unknown }): void {
    const json = JSON.stringify({ time: isoNow(), level, ...fields });
    this.append(this.tags === '' ? `${json}\n` : `${json.slice(0, -1)},${this.tags.slice(0, -1)}}\n`);
  }

  /**
   * Writes `fields` into every line from now on (a cluster worker's number), serialised once here
   * rather than per line.
   */
  tag(fields: Readonly<Record<string, string | number>>): void {
    this.tags = Object.entries(fields)
      .map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)},`)
      .join('');
  }

  /** Writes what is pending now (at start-up, before exit). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    this.output.write(text);
  }

  private append(line: string): void {
    this.pending += this.redactor.line(line);
    if (this.pending.length >= flushAtLength) this.flush();
    else if (this.timer === undefined) {
      this.timer = setTimeout(this.onTimer, flushAfterMs);
      // Pending lines never keep the process alive; shutdown flushes them.
      this.timer.unref();
    }
  }
}

let isoMs = Number.NaN;
let isoText = '';

/** The current time as ISO 8601, formatted once per millisecond however many lines share it. */
function isoNow(): string {
  const now = Date.now();
  if (now !== isoMs) {
    isoMs = now;
    isoText = new Date(now).toISOString();
  }
  return isoText;
}
