import type { ContenderName, ContenderTargets } from './contender.js';
import type { LoadResult } from './fixed-concurrency.js';

/** Commands of a contender process (`contender-process.ts`). */
export type ContenderCommands = {
  /** Loads the contender's library and builds its client; answers with the library's version. */
  setup: { payload: { contender: ContenderName; targets: ContenderTargets }; result: { version: string } };
  run: { payload: { concurrency: number; durationMs: number }; result: LoadResult & RouterCounters };
};

/** Fallbacks taken and breakers opened during a run (router contenders only; zero for the others). */
export interface RouterCounters {
  fallbacks: number;
  breakerOpened: number;
}
