import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer } from '../helpers/local-server.js';
import {
  hasRedisServer,
  type RedisServer,
  redisSkipReason,
  startRedisServer,
} from '../helpers/redis-server.js';
import { type ReplicaProcess, startReplicaProcess } from '../helpers/replica-process.js';

if (!hasRedisServer) console.warn(redisSkipReason);

const replicaScript = path.join(import.meta.dirname, 'rate-limit-replica.ts');

interface ReplicaResult {
  calls: number;
  failed: number;
  primary: number;
  backup: number;
  errors: string[];
  degraded: number;
}

function startReplica(environment: Record<string, string>): ReplicaProcess<ReplicaResult> {
  return startReplicaProcess<ReplicaResult>(replicaScript, environment);
}

describe.skipIf(!hasRedisServer)('a rate limit shared by four router processes through one Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  // The issue asks for 60 RPM over a minute; a real minute is too long for CI, so the limit is scaled
  // by ten and the window shortened by ten: 600 RPM for 6 s is the same 60 calls (one each 100 ms).
  it('lets 60 ± 6 calls reach the provider in the window while four processes send as fast as they can', async () => {
    let arrivals = 0;
    const provider = await startLocalServer(async (_received, response) => {
      arrivals++;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id: 'chatcmpl-1',
          object: 'chat.completion',
          created: 1,
          model: 'm',
          choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }),
      );
    });
    const replicas = ['1', '2', '3', '4'].map(() =>
      startReplica({
        REDIS_URL: redis.url,
        PROVIDER_URL: provider.url,
        RPM: '600',
        DURATION_MS: '6000',
        CONCURRENCY: '4',
      }),
    );
    try {
      await Promise.all(replicas.map((replica) => replica.ready));
      for (const replica of replicas) replica.child.stdin!.write('go\n');
      const results = await Promise.all(replicas.map((replica) => replica.result));
      const sent = results.reduce((sum, result) => sum + result.calls, 0);
      const degraded = results.reduce((sum, result) => sum + result.degraded, 0);
      console.log(
        `rate-limit fleet: ${arrivals} of ${sent} calls reached the provider in 6 s at 600 RPM (${degraded} store commands failed)`,
      );
      for (const result of results) expect(result.failed, result.errors.join('\n')).toBe(0);
      // Far more calls were attempted than the limit allows, so the limit (not the senders) set the count.
      expect(sent).toBeGreaterThan(200);
      expect(arrivals).toBeGreaterThanOrEqual(54);
      expect(arrivals).toBeLessThanOrEqual(66);
    } finally {
      for (const replica of replicas) if (replica.child.exitCode === null) replica.child.kill();
      await provider.close();
    }
  }, 120_000);
});
