import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/**
 * Which cores the bench pins its processes to. The process under test gets one core to itself; the fake
 * upstream and the load generator share the other, so the figures measure the contender, not contention.
 */
export interface CorePlan {
  /** `taskset` works here and there are at least two cores. */
  pinned: boolean;
  /** Core of the process under test. */
  subject: number;
  /** Core of the upstream, the load generator and the orchestrator. */
  load: number;
  cores: number;
}

let plan: CorePlan | undefined;

/** Detected once: whether `taskset` runs and how many cores there are. */
export function corePlan(): CorePlan {
  if (plan) return plan;
  const cores = availableParallelism();
  const works = cores >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  plan = { pinned: works, subject: 0, load: 1, cores };
  return plan;
}

/** The command that runs `command args` pinned to `core`, or unpinned when pinning is unavailable. */
export function pinnedCommand(options: {
  core: number | undefined;
  command: string;
  args: readonly string[];
}): {
  command: string;
  args: string[];
} {
  const { core, command, args } = options;
  if (core === undefined || !corePlan().pinned) return { command, args: [...args] };
  return { command: 'taskset', args: ['-c', String(core), command, ...args] };
}

/** Moves every thread of this process to `core` (the orchestrator sits with the load, off the subject's core). */
export function pinSelf(core: number): void {
  if (!corePlan().pinned) return;
  spawnSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' });
}
