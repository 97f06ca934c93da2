import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Endpoint, ThroughputResult } from './load-commands.js';

function milliseconds(value: string, unit: string): number {
  const amount = Number(value);
  switch (unit) {
    case 'us':
      return amount / 1000;
    case 'ms':
      return amount;
    case 's':
      return amount * 1000;
    case 'm':
      return amount * 60_000;
    default:
      return Number.NaN;
  }
}

/** A Lua string that needs no escaping: a long bracket whose level the text does not contain. */
function luaString(text: string): string {
  let level = '=';
  while (text.includes(`]${level}]`)) level += '=';
  return `[${level}[${text}]${level}]`;
}

/** Reads wrk's report (run with `--latency`) into the bench's throughput shape. */
export function parseWrkReport(report: string): ThroughputResult {
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m),/.exec(report);
  if (!total) throw new Error(`wrk printed no request count:\n${report}`);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(report)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(report);
  const errors = socket ? socket.slice(1).reduce((sum, count) => sum + Number(count), 0) : 0;
  const at = (percent: string) => {
    const line = new RegExp(`^\\s+${percent}%\\s+([\\d.]+)(us|ms|s|m)$`, 'm').exec(report);
    return line ? milliseconds(line[1]!, line[2]!) : Number.NaN;
  };
  return {
    requests: Number(total[1]) - non2xx,
    non2xx,
    errors,
    elapsedMs: milliseconds(total[2]!, total[3]!),
    p50Ms: at('50'),
    p99Ms: at('99'),
  };
}

/**
 * One fixed-concurrency run of Debian's `wrk` (one thread): far less CPU per request than autocannon,
 * which matters when the load generator shares a core with the upstream. Inherits this process's core.
 */
export async function runWrk(options: {
  endpoint: Endpoint;
  body: string;
  concurrency: number;
  durationMs: number;
}): Promise<ThroughputResult> {
  const { endpoint, body, concurrency, durationMs } = options;
  const directory = await mkdtemp(join(tmpdir(), 'llmrouter-wrk-'));
  const script = join(directory, 'post.lua');
  const headers = Object.entries(endpoint.headers).map(
    ([name, value]) => `wrk.headers[ ${luaString(name)} ] = ${luaString(value)}`,
  );
  await writeFile(
    script,
    ['wrk.method = "POST"', `wrk.body = ${luaString(body)}`, ...headers, ''].join('\n'),
  );
  try {
    const seconds = Math.max(1, Math.round(durationMs / 1000));
    const args = ['-t1', `-c${concurrency}`, `-d${seconds}s`, '--latency', '-s', script, endpoint.url];
    const report = await new Promise<string>((resolve, reject) => {
      const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.once('error', reject);
      child.once('exit', (code) =>
        code === 0 ? resolve(output) : reject(new Error(`wrk exited ${code}:\n${output}`)),
      );
    });
    return parseWrkReport(report);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
