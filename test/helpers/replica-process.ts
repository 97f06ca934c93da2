import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A router replica in a child process: says `ready` once warmed up, then prints one JSON result line. */
export interface ReplicaProcess<Result> {
  child: ChildProcess;
  /** Settles when the replica printed `ready` (loaded, connected, warmed up). */
  ready: Promise<void>;
  /** The replica's JSON result line; rejects if it exits before printing one. */
  result: Promise<Result>;
}

/**
 * Starts `script` (a TypeScript file, run through tsx) with `environment` laid over this process's. The
 * replica waits on its stdin after `ready`, so a test can start a whole fleet at the same moment.
 */
export function startReplicaProcess<Result>(
  script: string,
  environment: Record<string, string>,
): ReplicaProcess<Result> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...environment },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const result = new Promise<Result>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line === 'ready') markReady();
      else if (line.startsWith('{')) resolve(JSON.parse(line) as Result);
    });
    child.once('exit', (code) => reject(new Error(`replica exited with ${code} before its result`)));
  });
  return { child, ready, result };
}
