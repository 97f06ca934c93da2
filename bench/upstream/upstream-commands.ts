import type { FakeBehaviour } from '../../src/testing/index.js';
import type { FrameClockSettings } from './frame-clock-server.js';

/** How an upstream answers: one behaviour, with a deterministic share of failures when `failure` is set. */
export interface UpstreamScript {
  /** Upstream name (the path segment the fake server routes on). */
  upstream: string;
  behaviour: FakeBehaviour;
  /** Every request whose position modulo 10 is in `slots` gets `behaviour` instead of the normal one. */
  failure?: { slots: readonly number[]; behaviour: FakeBehaviour };
}

/** CPU the upstream process has used, read before and after a run to show whether the upstream kept up. */
export interface CpuReading {
  cpuMicros: number;
  atMs: number;
}

/** Commands of the upstream process (`upstream-process.ts`). */
export type UpstreamCommands = {
  /** Starts `servers` fake provider servers (one origin each) and the frame-clock server. */
  start: { payload: { servers: number }; result: { urls: string[]; frameClockURL: string } };
  /** Scripts one upstream on every server. */
  script: { payload: UpstreamScript; result: null };
  /** Sets how the frame clock streams from the next request on. */
  clock: { payload: FrameClockSettings; result: null };
  cpu: { payload: null; result: CpuReading };
};

/** The share of the CPU the upstream used between two readings (1 = one core busy all the time). */
export function busyShare(before: CpuReading, after: CpuReading): number {
  const wallMicros = (after.atMs - before.atMs) * 1000;
  return wallMicros > 0 ? (after.cpuMicros - before.cpuMicros) / wallMicros : Number.NaN;
}
