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
  errorKind?: string;
  error?: string;
  messages?: unknown;
  output?: string;
}

/**
 * Structured log: one JSON object per line. Lines written in the same tick go out in one write, so a
 * busy gateway makes one write per event-loop turn rather than one per request.
 */
export class RequestLog {
  private pending = '';
  private scheduled = false;

  constructor(
    private readonly output: LogOutput,
    private readonly enabled: boolean,
  ) {}

  /** Records a finished request. */
  request(entry: RequestLogEntry): void {
    if (this.enabled) this.line({ time: new Date().toISOString(), level: 'info', msg: 'request', ...entry });
  }

  /** Records something about the gateway itself (start, shutdown), whether or not request logging is on. */
  event(level: 'info' | 'warn' | 'error', fields: { msg: string; [field: string]: unknown }): void {
    this.line({ time: new Date().toISOString(), level, ...fields });
  }

  /** Writes what is pending now (before exit). */
  flush(): void {
    this.scheduled = false;
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    this.output.write(text);
  }

  private line(record: Record<string, unknown>): void {
    this.pending += `${JSON.stringify(record)}\n`;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }
}
