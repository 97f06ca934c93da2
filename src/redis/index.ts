export type {
  IoredisClientLike,
  IoredisSubscriberLike,
  NodeRedisClientLike,
  NodeRedisSubscriberLike,
  RedisConnection,
} from './redis-connection.js';
export { fromIoredis, fromNodeRedis } from './redis-connection.js';
export type { RedisStateStore, RedisStateStoreOptions } from './redis-state-store.js';
export { createRedisStateStore } from './redis-state-store.js';
