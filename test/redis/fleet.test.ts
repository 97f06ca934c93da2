import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../helpers/local-server.js';
import {
  hasRedisServer,
  type RedisServer,
  redisSkipReason,
  startRedisServer,
} from '../helpers/redis-server.js';
import { type ReplicaProcess, startReplicaProcess } from '../helpers/replica-process.js';

if (!hasRedisServer) console.warn(redisSkipReason);

const replicaScript = path.join(import.meta.dirname, 'fleet-replica.ts');

interface ReplicaResult {
  replica: string;
  calls: number;
  failed: number;
  primary: number;
  backup: number;
  errors: string[];
  statuses: string[];
  transitions: Array<{ to: string; at: number }>;
}

function startReplica(environment: Record<string, string>): ReplicaProcess<ReplicaResult> {
  return startReplicaProcess<ReplicaResult>(replicaScript, environment);
}

/** Four replicas at once, started together once all are connected and warmed up. */
async function runFleet(
  environment: Record<string, string>,
  onStart: () => void = () => {},
): Promise<ReplicaResult[]> {
  const replicas = ['1', '2', '3', '4'].map((replica) => startReplica({ ...environment, REPLICA: replica }));
  try {
    // Process start-up (tsx compiling the sources) is slow on a busy machine; the clock starts at `go`.
    await Promise.all(replicas.map((replica) => replica.ready));
    onStart();
    for (const replica of replicas) replica.child.stdin!.write('go\n');
    return await Promise.all(replicas.map((replica) => replica.result));
  } finally {
    for (const replica of replicas) if (replica.child.exitCode === null) replica.child.kill();
  }
}

const completion = (text: string) =>
  JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  });

describe.skipIf(!hasRedisServer)('a fleet of four router processes sharing one Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('stops calling a failing provider fleet-wide within 1.5 s, then sends exactly one half-open probe', async () => {
    let healthy = false;
    const arrivals: Array<{ at: number; replica: string; healthy: boolean }> = [];
    const provider: LocalServer = await startLocalServer(async (received, response) => {
      arrivals.push({ at: Date.now(), replica: String(received.headers['x-replica']), healthy });
      if (!healthy) {
        // A failing call takes a while, as a struggling provider's do: the fleet's batched count opens
        // every breaker before each replica has paid its own threshold.
        await new Promise((resolve) => setTimeout(resolve, 150));
        response.writeHead(503, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: 'down', type: 'server_error' } }));
        return;
      }
      // The probe takes a while, so any second probe would arrive while it is in flight.
      await new Promise((resolve) => setTimeout(resolve, 300));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(completion('ok'));
    });
    // Healthy again shortly after the fleet opened, before the 2 s cooldown ends.
    const recovery = setInterval(() => {
      if (arrivals.length > 0 && Date.now() - arrivals[0]!.at > 1_000) {
        healthy = true;
        clearInterval(recovery);
      }
    }, 50);
    try {
      const results = await runFleet({
        REDIS_URL: redis.url,
        PROVIDER_URL: provider.url,
        PREFIX: 'fleet-breaker:',
        DURATION_MS: '5000',
        COOLDOWN_MS: '2000',
        CONCURRENCY: '1',
      });
      for (const result of results) {
        expect(result.failed, result.errors.join('\n')).toBe(0);
      }
      const opens = results.flatMap((result) => result.transitions.filter((change) => change.to === 'open'));
      const firstOpen = Math.min(...opens.map((change) => change.at));
      const failing = arrivals.filter((arrival) => !arrival.healthy);
      const lastFailing = Math.max(...failing.map((arrival) => arrival.at));
      console.log(
        `fleet breaker: ${failing.length} failing calls reached the provider (four independent breakers: at least 12); last ${lastFailing - firstOpen} ms after the first open`,
      );
      expect(lastFailing - firstOpen).toBeLessThan(1_500);
      // Four independent breakers at threshold 3 would each pay 3 failures, plus what is in flight.
      expect(failing.length).toBeLessThan(12);

      const healthyArrivals = arrivals.filter((arrival) => arrival.healthy);
      const probe = healthyArrivals[0]!;
      const duringProbe = healthyArrivals.filter((arrival) => arrival.at < probe.at + 300);
      expect(duringProbe).toHaveLength(1);
      // The probe's success closed the breaker everywhere: every replica served from the provider again.
      for (const result of results) expect(result.primary).toBeGreaterThan(0);
    } finally {
      clearInterval(recovery);
      await provider.close();
    }
  }, 120_000);

  it('carries on locally while Redis is killed mid-run, without one failed call, and rejoins when it returns', async () => {
    const provider = await startLocalServer(async (_received, response) => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(completion('ok'));
    });
    let outage: ReturnType<typeof setTimeout> | undefined;
    let comeback: ReturnType<typeof setTimeout> | undefined;
    try {
      const results = await runFleet(
        {
          REDIS_URL: redis.url,
          PROVIDER_URL: provider.url,
          PREFIX: 'fleet-outage:',
          DURATION_MS: '8000',
          CONCURRENCY: '2',
        },
        () => {
          outage = setTimeout(() => void redis.kill(), 1_500);
          comeback = setTimeout(() => void redis.start(), 3_000);
        },
      );
      for (const result of results) {
        expect(result.failed, result.errors.join('\n')).toBe(0);
        expect(result.backup).toBe(0);
        expect(result.statuses).toContain('degraded');
        expect(result.statuses.at(-1)).toBe('connected');
      }
    } finally {
      clearTimeout(outage);
      clearTimeout(comeback);
      await provider.close();
    }
  }, 120_000);
});
