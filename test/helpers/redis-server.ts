import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { createClient } from 'redis';

/** True when Debian's `redis-server` (or any) is on PATH; the Redis suites skip without it. */
export const hasRedisServer = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

// CI installs redis-server (.ci/run): there a missing one is a broken setup, not a reason to skip.
if (!hasRedisServer && process.env.CI === 'true') {
  throw new Error(
    'redis-server is not on PATH in CI: .ci/run should have installed it (apt-get install redis-server)',
  );
}

/** Why a Redis suite skipped, printed once per suite. */
export const redisSkipReason =
  'redis-server is not on PATH: the Redis suites skip (apt-get install -y redis-server; CI installs it)';

/** A redis-server of the test's own on 127.0.0.1, which the test can kill and start again. */
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

/** Spawns `redis-server` on a free port without persistence and waits for its PONG (up to 10 s). */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    for (let tries = 0; tries < 200; tries++) {
      if (await ping(port)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`redis-server did not answer PING on port ${port}`);
  }

  async function kill(): Promise<void> {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = once(running, 'exit');
    running.kill('SIGKILL');
    await exited;
  }

  await start();
  return { port, url: `redis://127.0.0.1:${port}`, kill, start, stop: kill };
}

/** A node-redis client as the suites use one: no offline queue, a quick reconnect, errors left to the store. */
export type TestRedisClient = ReturnType<typeof createClient>;

/** Connects a client to `url` and adds it to `clients` (for the suite to destroy after). */
export async function connectRedisClient(url: string, clients: TestRedisClient[]): Promise<TestRedisClient> {
  const client = createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy: 50 } });
  client.on('error', () => {});
  await client.connect();
  clients.push(client);
  return client;
}
