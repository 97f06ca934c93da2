import type { StateStoreStatus } from '../state/state-store.js';
import type { RedisConnection } from './redis-connection.js';
import type { RedisScript } from './redis-scripts.js';

/** How a store runs its commands: the connection, the time limit, and whom to tell of an outage. */
export interface RedisCommandsOptions {
  connection: RedisConnection;
  /** Longest wait for one command; a slower one rejects and counts as a failure. */
  timeoutMs: number;
  /** What the log line calls the store (`Redis state store`). */
  subject: string;
  /** What the store does without Redis, for the log line (`running on local state`). */
  fallback: string;
  /** What it does again once Redis is back, for the log line (`sharing state`). */
  resumed: string;
  /** Called when the store loses Redis (`degraded`) and when it has it back (`connected`). */
  onStatusChange: ((status: StateStoreStatus, error?: unknown) => void) | undefined;
  /** Where the one line per status change goes; none when undefined. */
  log: ((line: string) => void) | undefined;
}

/** A store's bounded command runner, with what it has seen of Redis's health. */
export interface RedisCommands {
  /** `degraded` from a failed or timed-out command until the next one that succeeds. */
  readonly status: StateStoreStatus;
  /** Commands that failed or timed out so far (a counter to export as a metric). */
  readonly failedCommands: number;
  /** Runs a script by SHA (loading it only when Redis answers NOSCRIPT), within the time limit. */
  script(script: RedisScript, keys: string[], values: Array<string | number>): Promise<unknown>;
  /** Runs any other command within the time limit. */
  bounded<T>(action: () => Promise<T>): Promise<T>;
}

class CommandTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`Redis command took longer than ${timeoutMs} ms`);
    this.name = 'CommandTimeoutError';
  }
}

/**
 * The one way the Redis stores talk to Redis: every command bounded by a short time limit, scripts by
 * SHA, and an outage reported once per transition (a hook call and a log line), never per command.
 */
export function createRedisCommands(options: RedisCommandsOptions): RedisCommands {
  const { connection, timeoutMs } = options;
  let status: StateStoreStatus = 'connected';
  let failedCommands = 0;

  function report(next: StateStoreStatus, error?: unknown): void {
    if (status === next) return;
    status = next;
    const reason = error instanceof Error ? `: ${error.message}` : '';
    options.log?.(
      next === 'degraded'
        ? `llmrouter: ${options.subject} unreachable${reason}; ${options.fallback}`
        : `llmrouter: ${options.subject} reachable again; ${options.resumed}`,
    );
    try {
      options.onStatusChange?.(next, error);
    } catch {
      // A throwing hook must not turn a Redis outage into a failed call.
    }
  }

  async function bounded<T>(action: () => Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expiry = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new CommandTimeoutError(timeoutMs)), timeoutMs);
      timer.unref?.();
    });
    const pending = action();
    // A command that loses the race may still settle later; its rejection is nobody's to handle.
    pending.catch(() => {});
    try {
      const result = await Promise.race([pending, expiry]);
      report('connected');
      return result;
    } catch (error) {
      failedCommands++;
      report('degraded', error);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async function run(script: RedisScript, call: { keys: string[]; arguments: string[] }): Promise<unknown> {
    try {
      return await connection.evalSha(script.sha, call);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      await connection.scriptLoad(script.source);
      return connection.evalSha(script.sha, call);
    }
  }

  return {
    get status() {
      return status;
    },
    get failedCommands() {
      return failedCommands;
    },
    script: (script, keys, values) => bounded(() => run(script, { keys, arguments: values.map(String) })),
    bounded,
  };
}
