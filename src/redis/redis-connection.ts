/**
 * The few Redis operations the store needs, whatever the client. Everything the store does goes through
 * `evalSha` (so an adapter stays four methods long); pub/sub needs a connection of its own, which the
 * adapter opens once, on the first subscription.
 */
export interface RedisConnection {
  /** EVALSHA; rejects with an error whose message starts with `NOSCRIPT` when the script is not loaded. */
  evalSha(sha: string, call: { keys: string[]; arguments: string[] }): Promise<unknown>;
  /** SCRIPT LOAD; resolves with the script's SHA1. */
  scriptLoad(script: string): Promise<string>;
  publish(channel: string, message: string): Promise<unknown>;
  /** SUBSCRIBE on the adapter's subscriber connection; resolves with the function that unsubscribes. */
  subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>>;
  /** Closes what the adapter opened itself (the subscriber connection), never the caller's client. */
  close(): Promise<void>;
}

/** The part of a node-redis (`redis` 5+) client the store uses, typed structurally so no import is needed. */
export interface NodeRedisClientLike {
  evalSha(sha: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  scriptLoad(script: string): Promise<string>;
  publish(channel: string, message: string): Promise<unknown>;
  duplicate(): NodeRedisSubscriberLike;
}

/** A duplicated node-redis client, used for SUBSCRIBE. */
export interface NodeRedisSubscriberLike {
  connect(): Promise<unknown>;
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  destroy(): void;
}

/** The part of an ioredis client the store uses, typed structurally: ioredis need not be installed. */
export interface IoredisClientLike {
  evalsha(sha: string, numberOfKeys: number, ...keysAndArguments: string[]): Promise<unknown>;
  script(subcommand: 'LOAD', script: string): Promise<unknown>;
  publish(channel: string, message: string): Promise<unknown>;
  duplicate(): IoredisSubscriberLike;
}

/** A duplicated ioredis client, used for SUBSCRIBE. */
export interface IoredisSubscriberLike {
  subscribe(channel: string): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  disconnect(): void;
}

/**
 * Adapts a connected node-redis client (the documented default). The subscriber is a duplicate of it,
 * opened on the first subscription; its connection errors are left to its own reconnection.
 *
 * @example
 * const client = await createClient({ url: 'redis://127.0.0.1:6379' }).on('error', () => {}).connect();
 * const store = createRedisStateStore({ connection: fromNodeRedis(client) });
 */
export function fromNodeRedis(client: NodeRedisClientLike): RedisConnection {
  let subscriber: Promise<NodeRedisSubscriberLike> | undefined;
  let opened: NodeRedisSubscriberLike | undefined;
  const open = (): Promise<NodeRedisSubscriberLike> => {
    if (!subscriber) {
      const duplicate = client.duplicate();
      opened = duplicate;
      duplicate.on('error', () => {});
      subscriber = duplicate.connect().then(
        () => duplicate,
        (error: unknown) => {
          if (opened === duplicate) {
            subscriber = undefined;
            opened = undefined;
          }
          destroyQuietly(duplicate);
          throw error;
        },
      );
    }
    return subscriber;
  };
  return {
    evalSha: (sha, call) => client.evalSha(sha, call),
    scriptLoad: (script) => client.scriptLoad(script),
    publish: (channel, message) => client.publish(channel, message),
    async subscribe(channel, listener) {
      const connection = await open();
      await connection.subscribe(channel, (message) => listener(message));
      return async () => {
        // After close() the subscriber is gone, and with it the subscription.
        if (opened === connection) await connection.unsubscribe(channel);
      };
    },
    async close() {
      // Destroyed at once, connected or not: a subscriber still trying to reach a down Redis must not
      // hold the close open until Redis returns.
      const duplicate = opened;
      subscriber = undefined;
      opened = undefined;
      if (duplicate) destroyQuietly(duplicate);
    },
  };
}

/**
 * Adapts an ioredis client. The subscriber is `client.duplicate()`, made on the first subscription.
 *
 * @example
 * const store = createRedisStateStore({ connection: fromIoredis(new Redis(6379, '127.0.0.1')) });
 */
export function fromIoredis(client: IoredisClientLike): RedisConnection {
  let subscriber: IoredisSubscriberLike | undefined;
  const listeners = new Map<string, Set<(message: string) => void>>();
  const open = (): IoredisSubscriberLike => {
    if (!subscriber) {
      subscriber = client.duplicate();
      subscriber.on('error', () => {});
      subscriber.on('message', (channel, message) => {
        for (const listener of listeners.get(channel) ?? []) listener(message);
      });
    }
    return subscriber;
  };
  return {
    evalSha: (sha, call) => client.evalsha(sha, call.keys.length, ...call.keys, ...call.arguments),
    scriptLoad: async (script) => String(await client.script('LOAD', script)),
    publish: (channel, message) => client.publish(channel, message),
    async subscribe(channel, listener) {
      const connection = open();
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
      }
      set.add(listener);
      await connection.subscribe(channel);
      return async () => {
        set.delete(listener);
        if (set.size === 0) await connection.unsubscribe(channel);
      };
    },
    async close() {
      subscriber?.disconnect();
      subscriber = undefined;
    },
  };
}

/** Destroys a client that may already be closed (destroying a closed node-redis client throws). */
function destroyQuietly(client: { destroy(): void }): void {
  try {
    client.destroy();
  } catch {
    // Already closed: nothing is left open.
  }
}
