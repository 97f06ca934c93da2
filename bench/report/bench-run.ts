import type { BenchSettings } from '../lib/bench-settings.js';
import type { GatewayResults } from '../suites/gateway-suite.js';
import type { InProcessResults } from '../suites/in-process-suite.js';
import type { StreamingResults } from '../suites/streaming-suite.js';
import type { ProfileEntry } from './cpu-profile.js';

/** The machine and conditions a run took place under. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  nodeVersion: string;
  platform: string;
  /** `taskset` pinning was in effect. */
  pinned: boolean;
  /** 1-minute load average when the run started and ended (other work on the machine shows here). */
  loadBefore: number;
  loadAfter: number;
  /** Whether `wrk` was on the PATH (the full run then drives the gateway throughput runs with it). */
  wrkAvailable: boolean;
}

/** A CPU profile taken during the run, summarised. */
export interface ProfileSummary {
  name: string;
  /** What ran while the profile was taken. */
  workload: string;
  /** Calls or requests served while profiling, to turn self time into microseconds per operation. */
  operations: number;
  /** Top functions by self time. */
  functions: ProfileEntry[];
  /** Self time by llmrouter folder, package and Node subsystem. */
  areas: ProfileEntry[];
  /** Self time by the nearest llmrouter function on the stack. */
  callers: ProfileEntry[];
}

/** Everything one `npm run bench` measured. */
export interface BenchRun {
  settings: BenchSettings;
  machine: MachineInfo;
  startedAt: Date;
  durationMs: number;
  inProcess: InProcessResults | undefined;
  streaming: StreamingResults | undefined;
  gateway: GatewayResults | undefined;
  profiles: ProfileSummary[];
}
