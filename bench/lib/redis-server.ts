import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { pinnedCommand } from './pinning.js';

/**
 * Debian's `redis-server` started for one suite or one bench run on a free port of 127.0.0.1, without
 * persistence. Shared by the Redis test suites (`test/helpers/redis-server.ts`) and the bench's
 * `router-redis` contender, which is why it lives here: the tests already import bench helpers, and
 * nothing under `src/` may start a process.
 */

/** True when `redis-server` is on PATH; whoever needs one skips with a clear message without it. */
export const hasRedisServer = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

/** A redis-server of the caller's own on 127.0.0.1, which it can kill and start again. */
export interface RedisServer {
  port: number;
  url: string;
  /** Kills the server (SIGKILL: an outage, not a shutdown). */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  /** Stops it for good. */
  stop(): Promise<void>;
}

/** Options of {@link startRedisServer}. */
export interface RedisServerOptions {
  /** Core to pin the server to with `taskset` (the bench's load core); unpinned when left out. */
  core?: number;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/** One PING over a raw socket; resolves true on `+PONG`. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.setTimeout(200, () => socket.destroy());
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      resolve(data.toString().startsWith('+PONG'));
      socket.destroy();
    });
  });
}

const running = new Set<ChildProcess>();

function killRunning(): void {
  for (const child of running) child.kill('SIGKILL');
}

// A server must not outlive its starter, even one interrupted: what is left is killed (by pid) on exit.
// The listener is there only while a server runs (the test suites' leak check counts listeners).
function track(child: ChildProcess): void {
  if (running.size === 0) process.on('exit', killRunning);
  running.add(child);
  child.once('exit', () => {
    running.delete(child);
    if (running.size === 0) process.off('exit', killRunning);
  });
}

/** Spawns `redis-server` on a free port without persistence and waits for its PONG (up to 10 s). */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    const { command, args } = pinnedCommand({
      core: options.core,
      command: 'redis-server',
      args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    });
    const started = spawn(command, args, { stdio: 'ignore' });
    child = started;
    track(started);
    for (let tries = 0; tries < 200; tries++) {
      if (await ping(port)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`redis-server did not answer PING on port ${port}`);
  }

  async function kill(): Promise<void> {
    const current = child;
    child = undefined;
    if (!current || current.exitCode !== null) return;
    const exited = once(current, 'exit');
    current.kill('SIGKILL');
    await exited;
  }

  await start();
  return { port, url: `redis://127.0.0.1:${port}`, kill, start, stop: kill };
}
