import { createClient } from 'redis';
import { hasRedisServer } from '../../bench/lib/redis-server.js';

// The spawner is shared with the bench's Redis contenders (bench/lib/redis-server.ts).
export { hasRedisServer, type RedisServer, startRedisServer } from '../../bench/lib/redis-server.js';

// CI installs redis-server (.ci/run): there a missing one is a broken setup, not a reason to skip.
if (!hasRedisServer && process.env.CI === 'true') {
  throw new Error(
    'redis-server is not on PATH in CI: .ci/run should have installed it (apt-get install redis-server)',
  );
}

/** Why a Redis suite skipped, printed once per suite. */
export const redisSkipReason =
  'redis-server is not on PATH: the Redis suites skip (apt-get install -y redis-server; CI installs it)';

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
