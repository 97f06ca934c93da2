import { benchReplyText } from '../lib/bench-request.js';
import { serveParent } from '../lib/child-process.js';
import type { MinimalCommands, MinimalRun } from './minimal-commands.js';
import { type MinimalCall, minimalCall } from './minimal-contenders.js';

let call: MinimalCall | undefined;

/** Makes `calls` calls, `concurrency` at a time, and keeps only counts: no timing or record per call. */
async function run(make: MinimalCall, calls: number, concurrency: number): Promise<MinimalRun> {
  let started = 0;
  let done = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const worker = async () => {
    while (started < calls) {
      started++;
      try {
        if ((await make()) === benchReplyText) done++;
        else {
          failures++;
          firstFailure ??= 'unexpected answer';
        }
      } catch (error) {
        failures++;
        firstFailure ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
    }
  };
  const start = performance.now();
  const before = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(before);
  return {
    calls: done,
    failures,
    firstFailure,
    cpuMicros: cpu.user + cpu.system,
    elapsedMs: performance.now() - start,
  };
}

serveParent<MinimalCommands>({
  async setup(setup) {
    call = await minimalCall(setup);
    return null;
  },
  run({ calls, concurrency }) {
    if (!call) throw new Error('setup first');
    return run(call, calls, concurrency);
  },
});
