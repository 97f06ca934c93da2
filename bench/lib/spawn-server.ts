import { type ChildProcess, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { pinnedCommand } from './pinning.js';

/** A server program the bench started (a gateway), known by its pid. */
export interface SpawnedServer {
  readonly pid: number;
  readonly port: number;
  /** Its output so far (for a startup failure's report). */
  output(): string;
  /** SIGTERM to this pid, SIGKILL after three seconds. */
  close(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Gateways must not outlive the bench, even when it is interrupted: kill them (by pid) on exit. */
function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const server of running) server.kill('SIGKILL');
  });
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts a server program pinned to `core`, and resolves once `port` accepts connections. Its output is
 * kept (not printed) so a request log does not flood the bench's own output or cost a terminal's speed.
 */
export async function spawnServer(options: {
  command: string;
  args: readonly string[];
  core: number | undefined;
  port: number;
  cwd?: string;
  env?: Record<string, string>;
}): Promise<SpawnedServer> {
  const pinned = pinnedCommand({ core: options.core, command: options.command, args: options.args });
  const child = spawn(pinned.command, pinned.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killOnExit(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    // The head is where startup errors are; a request log's lines after it are dropped.
    if (output.length < 16_384) output += chunk.toString('utf8');
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 30_000;
  while (!(await portAnswers(options.port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.args.join(' ')} did not start listening on ${options.port}:\n${output}`);
    }
    await sleep(100);
  }
  return {
    pid: child.pid ?? -1,
    port: options.port,
    output: () => output,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
