export type {
  IoredisClientLike,
  IoredisSubscriberLike,
  NodeRedisClientLike,
  NodeRedisSubscriberLike,
  RedisConnection,
} from './redis-connection.js';
export { fromIoredis, fromNodeRedis } from './redis-connection.js';
export type {
  RedisResponseCacheStore,
  RedisResponseCacheStoreOptions,
} from './redis-response-cache-store.js';
export { createRedisResponseCacheStore } from './redis-response-cache-store.js';
export type { RedisStateStore, RedisStateStoreOptions } from './redis-state-store.js';
export { createRedisStateStore } from './redis-state-store.js';
