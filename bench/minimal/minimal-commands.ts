/**
 * The contenders of the minimal harness, each in a process of its own: `group` is `router`'s middleware
 * with the model served by a 4-member `latency` group (issue 14).
 */
export type MinimalContender = 'raw' | 'adapter' | 'router' | 'group';

/** What one contender process is set up with. */
export interface MinimalSetup {
  contender: MinimalContender;
  /** The `dist/` folder llmrouter is loaded from (this checkout's build, or another's for before/after). */
  dist: string;
  /** OpenAI-style base URL (`.../v1`) of the primary upstream. */
  primaryBaseURL: string;
  /** Base URL of the router's fallback (never called while the primary answers). */
  fallbackBaseURL: string;
}

/** What a timed run measured: nothing per call, only the totals. */
export interface MinimalRun {
  calls: number;
  /** Calls that threw or read another answer; any at all makes the run worthless. */
  failures: number;
  firstFailure: string | undefined;
  cpuMicros: number;
  elapsedMs: number;
}

/** Commands of `minimal-process.ts`. */
export type MinimalCommands = {
  setup: { payload: MinimalSetup; result: null };
  run: { payload: { calls: number; concurrency: number }; result: MinimalRun };
};
