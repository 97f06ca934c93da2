import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One function's share of a CPU profile. */
export interface ProfileEntry {
  /** `name (path:line)`, the path relative to the repository. */
  location: string;
  selfMs: number;
  /** Share of all sampled time, idle excluded. */
  share: number;
}

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const root = fileURLToPath(new URL('../../', import.meta.url));
// Time the process spent waiting, not working: not where the time goes.
const notWork = new Set(['(idle)', '(program)', '(root)']);

function relativePath(url: string): string {
  return url.replace(/^file:\/\//, '').replace(root, '');
}

function describe(frame: ProfileNode['callFrame']): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  const path = relativePath(frame.url);
  // tsx compiles each source file without keeping its line numbers; only the file is worth printing.
  return path.startsWith('src/') ? `${name} (${path})` : `${name} (${path}:${frame.lineNumber + 1})`;
}

/** Which part of the stack a frame belongs to: an llmrouter folder, a package, Node's HTTP or the rest. */
function areaOf(frame: ProfileNode['callFrame']): string {
  if (frame.functionName === '(garbage collector)') return 'garbage collector';
  const url = frame.url;
  if (!url) return 'native (syscalls, JSON, V8 builtins)';
  const path = relativePath(url);
  const source = /^src\/([^/]+)\//.exec(path);
  if (source) return `llmrouter src/${source[1]}`;
  const packageName = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  if (packageName) return packageName[1]!;
  if (/^node:(_http|http)/.test(path)) return 'node:http';
  if (/^node:(net|stream|internal\/streams|internal\/stream_base)/.test(path)) return 'node:net and streams';
  if (/^node:internal\/modules/.test(path)) return 'module loading (start-up)';
  if (path.startsWith('node:')) return 'node internals (events, timers, abort, url ...)';
  return 'other';
}

/**
 * Reads a `.cpuprofile` written by `node --cpu-prof` and returns the functions with the most self time,
 * summed over every node of the same function, `(garbage collector)` included.
 */
export function summarizeProfile(profile: CpuProfile, top = 15): ProfileEntry[] {
  return selfTimeBy(profile, describe).slice(0, top);
}

/** Self time grouped by {@link areaOf}, largest first: where the time goes, when no one function dominates. */
export function summarizeByArea(profile: CpuProfile): ProfileEntry[] {
  return selfTimeBy(profile, areaOf);
}

/** Self time of every sample summed per key (idle and program frames left out), largest first. */
function selfTimeBy(profile: CpuProfile, keyOf: (frame: ProfileNode['callFrame']) => string): ProfileEntry[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<string, number>();
  let total = 0;
  for (let index = 0; index < profile.samples.length; index++) {
    const node = byNode.get(profile.samples[index]!);
    if (!node || notWork.has(node.callFrame.functionName)) continue;
    const delta = profile.timeDeltas[index] ?? 0;
    const key = keyOf(node.callFrame);
    selfMicros.set(key, (selfMicros.get(key) ?? 0) + delta);
    total += delta;
  }
  return [...selfMicros.entries()]
    .sort((left, right) => right[1] - left[1])
    .map(([location, micros]) => ({ location, selfMs: micros / 1000, share: micros / total }));
}

/**
 * Self time attributed to the nearest llmrouter function on the stack (that function's own work plus
 * the Node and library code it called synchronously), largest first. Samples with no llmrouter frame
 * (socket I/O, undici's parser, GC) are one line.
 */
export function summarizeByCaller(profile: CpuProfile, top = 15): ProfileEntry[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const owner = new Map<number, string>();
  const ownerOf = (id: number): string => {
    const known = owner.get(id);
    if (known !== undefined) return known;
    const node = byNode.get(id)!;
    const url = node.callFrame.url;
    let result: string;
    if (url && relativePath(url).startsWith('src/')) result = describe(node.callFrame);
    else {
      const up = parent.get(id);
      result = up === undefined ? 'no llmrouter frame on the stack' : ownerOf(up);
    }
    owner.set(id, result);
    return result;
  };
  const selfMicros = new Map<string, number>();
  let total = 0;
  for (let index = 0; index < profile.samples.length; index++) {
    const id = profile.samples[index]!;
    const node = byNode.get(id);
    if (!node || notWork.has(node.callFrame.functionName)) continue;
    const delta = profile.timeDeltas[index] ?? 0;
    const key = ownerOf(id);
    selfMicros.set(key, (selfMicros.get(key) ?? 0) + delta);
    total += delta;
  }
  return [...selfMicros.entries()]
    .sort((left, right) => right[1] - left[1])
    .slice(0, top)
    .map(([location, micros]) => ({ location, selfMs: micros / 1000, share: micros / total }));
}

/** Sampled time spent working (not idle), in microseconds. */
function busyMicros(profile: CpuProfile): number {
  const idle = new Set(
    profile.nodes.filter((node) => notWork.has(node.callFrame.functionName)).map((node) => node.id),
  );
  let total = 0;
  for (let index = 0; index < profile.samples.length; index++) {
    if (!idle.has(profile.samples[index]!)) total += profile.timeDeltas[index] ?? 0;
  }
  return total;
}

/**
 * Summarizes the busiest profile `node --cpu-prof --cpu-prof-dir=directory` left in `directory`: each
 * thread writes its own, and tsx's module-loader thread is not the one under test.
 */
export async function summarizeProfileDirectory(
  directory: string,
  top = 15,
): Promise<{ functions: ProfileEntry[]; areas: ProfileEntry[]; callers: ProfileEntry[] }> {
  const files = (await readdir(directory)).filter((file) => file.endsWith('.cpuprofile'));
  let busiest: CpuProfile | undefined;
  let busiestMicros = -1;
  for (const file of files) {
    const profile = JSON.parse(await readFile(join(directory, file), 'utf8')) as CpuProfile;
    const micros = busyMicros(profile);
    if (micros > busiestMicros) {
      busiest = profile;
      busiestMicros = micros;
    }
  }
  if (!busiest) throw new Error(`no .cpuprofile in ${directory}`);
  return {
    functions: summarizeProfile(busiest, top),
    areas: summarizeByArea(busiest),
    callers: summarizeByCaller(busiest, top),
  };
}
