import path from 'node:path';
import { createClient } from 'redis';
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

  async function runFleet(options: { rpm: number; leaseMs: number }) {
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
        RPM: String(options.rpm),
        DURATION_MS: '6000',
        CONCURRENCY: '4',
        LEASE_MS: String(options.leaseMs),
        PREFIX: `limits-${options.rpm}-${options.leaseMs}:`,
      }),
    );
    try {
      await Promise.all(replicas.map((replica) => replica.ready));
      const before = await scriptCalls();
      for (const replica of replicas) replica.child.stdin!.write('go\n');
      const results = await Promise.all(replicas.map((replica) => replica.result));
      const decisions = (await scriptCalls()) - before;
      const sent = results.reduce((sum, result) => sum + result.calls, 0);
      const degraded = results.reduce((sum, result) => sum + result.degraded, 0);
      console.log(
        `rate-limit fleet: ${arrivals} of ${sent} calls reached the provider in 6 s at ${options.rpm} RPM, leaseMs ${options.leaseMs} (${decisions} store decisions, ${degraded} store commands failed)`,
      );
      for (const result of results) expect(result.failed, result.errors.join('\n')).toBe(0);
      return { arrivals, sent, decisions };
    } finally {
      for (const replica of replicas) if (replica.child.exitCode === null) replica.child.kill();
      await provider.close();
    }
  }

  /** EVALSHA calls Redis has run (each rate decision is one). */
  async function scriptCalls(): Promise<number> {
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const text = await client.info('commandstats');
      return Number(/^cmdstat_evalsha:calls=(\d+)/m.exec(text)?.[1] ?? 0);
    } finally {
      client.destroy();
    }
  }

  // The issue asks for 60 RPM over a minute; a real minute is too long for CI, so the limit is scaled
  // by ten and the window shortened by ten: 600 RPM for 6 s is the same 60 calls (one each 100 ms).
  it('lets 60 ± 6 calls reach the provider in the window while four processes send as fast as they can', async () => {
    const { arrivals, sent } = await runFleet({ rpm: 600, leaseMs: 0 });
    // Far more calls were attempted than the limit allows, so the limit (not the senders) set the count.
    expect(sent).toBeGreaterThan(200);
    expect(arrivals).toBeGreaterThanOrEqual(54);
    expect(arrivals).toBeLessThanOrEqual(66);
  }, 120_000);

  it('with leases, keeps 6,000 RPM to 600 ± 60 in 6 s on a small part of the store decisions', async () => {
    const { arrivals, sent, decisions } = await runFleet({ rpm: 6_000, leaseMs: 1_000 });
    expect(sent).toBeGreaterThan(2_000);
    expect(arrivals).toBeGreaterThanOrEqual(540);
    expect(arrivals).toBeLessThanOrEqual(660);
    // Each process leases 25 slots (a quarter of a second of the limit) per decision.
    expect(decisions).toBeLessThan(arrivals / 5);
  }, 120_000);
});
