import type { ResponseCacheStore } from '../state/response-cache-store.js';
import type { StateStore } from '../state/state-store.js';
import { canonical } from './canonical-json.js';
import { ConfigFileError } from './config-issue.js';
import type { GatewayConfig } from './config-schema.js';

/** The stores a configuration's `redis` section connects: what its breaker, rate limits and cache share. */
export interface SharedState {
  /** For the circuit breaker and the rate limits. */
  state: StateStore;
  /** For the response cache. */
  cache: ResponseCacheStore;
  /** Processes sharing the limits (`redis.replicas`). */
  replicas: number;
}

type RedisSection = NonNullable<GatewayConfig['redis']>;

interface Connected {
  settings: string;
  shared: Promise<SharedState & { close(): Promise<void> }>;
}

/** How long a start waits for Redis before it goes on without it. */
const connectWaitMs = 1_000;

// One connection per process, kept across reloads while the section stays the same.
let current: Connected | undefined;

/**
 * The shared stores for a resolved `redis` section: connected once per process and kept while the
 * section does not change (a reload that keeps it keeps the connection); a changed section connects
 * anew and closes the old connection (calls still on it run on local state, never fail). The client is
 * node-redis (`redis`, an optional peer dependency), loaded only here. A start waits at most a second
 * for Redis: an unreachable server leaves the stores `degraded` (each process on local state) until it
 * answers.
 */
export async function connectSharedState(
  section: RedisSection,
  log: (line: string) => void,
): Promise<SharedState> {
  const settings = canonical(section);
  if (current?.settings === settings) return current.shared;
  const previous = current;
  const shared = connect(section, log);
  current = { settings, shared };
  // A failed connection is reported to this load and tried again by the next.
  shared.catch(() => {
    if (current?.shared === shared) current = undefined;
  });
  const connected = await shared;
  if (previous) await closeConnected(previous);
  return connected;
}

/** Closes the process's Redis connection, if a configuration opened one (at shutdown). */
export async function closeSharedState(): Promise<void> {
  const open = current;
  current = undefined;
  if (open) await closeConnected(open);
}

async function closeConnected(connected: Connected): Promise<void> {
  const shared = await connected.shared.catch(() => undefined);
  await shared?.close().catch(() => undefined);
}

async function connect(
  section: RedisSection,
  log: (line: string) => void,
): Promise<SharedState & { close(): Promise<void> }> {
  const [redis, stores] = await Promise.all([loadRedisClient(), import('../redis/index.js')]);
  // No offline queue: while Redis is down a command fails at once and the stores run on local state.
  const client = redis.createClient({ url: section.url, disableOfflineQueue: true });
  client.on('error', () => {});
  // Waited for a moment, so a process usually starts connected; never longer: a process starts (and
  // serves on local state) while Redis is unreachable, and the client goes on trying in the background.
  const connecting = client.connect().then(
    () => undefined,
    () => undefined,
  );
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([connecting, new Promise((resolve) => (timer = setTimeout(resolve, connectWaitMs)))]);
  clearTimeout(timer);
  const options = {
    client,
    prefix: section.prefix,
    commandTimeoutMs: section.commandTimeoutMs,
    log,
  };
  const state = stores.createRedisStateStore(options);
  const cache = stores.createRedisResponseCacheStore(options);
  return {
    state,
    cache,
    replicas: section.replicas ?? 1,
    async close() {
      await state.close();
      try {
        client.destroy();
      } catch {
        // Already closed.
      }
    },
  };
}

async function loadRedisClient(): Promise<typeof import('redis')> {
  try {
    return await import('redis');
  } catch (error) {
    throw new ConfigFileError({
      issues: [
        {
          path: 'redis',
          message: `needs the node-redis client: npm install redis (${(error as Error).message})`,
        },
      ],
    });
  }
}
