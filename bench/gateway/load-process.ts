import autocannon from 'autocannon';
import { Agent, request } from 'undici';
import { serveParent } from '../lib/child-process.js';
import { readSseContent } from '../streaming/raw-sse.js';
import type { Endpoint, FrameResult, LatencySamples, LoadCommands } from './load-commands.js';
import { runWrk } from './wrk.js';

// The load generator: autocannon for throughput, undici for the precise sequential measurements. It
// shares the load core with the upstream, off the gateway's core.
const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 1_024 });

async function throughput(payload: LoadCommands['throughput']['payload']) {
  const body = payload.endpoint.body ?? payload.body;
  if (payload.tool === 'wrk') return runWrk({ ...payload, body });
  const { endpoint, concurrency, durationMs } = payload;
  const latencies: number[] = [];
  const instance = autocannon({
    url: endpoint.url,
    method: 'POST',
    headers: endpoint.headers,
    body,
    connections: concurrency,
    duration: durationMs / 1000,
    timeout: 30,
  });
  // autocannon's histogram keeps whole milliseconds; the raw response times keep the fraction.
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await instance;
  latencies.sort((left, right) => left - right);
  const at = (fraction: number) =>
    latencies[Math.max(0, Math.ceil(fraction * latencies.length) - 1)] ?? Number.NaN;
  return {
    requests: latencies.length,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    elapsedMs: result.duration * 1000,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

async function latency(payload: LoadCommands['latency']['payload']): Promise<LatencySamples[]> {
  const { endpoints, body, calls } = payload;
  const samples = endpoints.map(
    (): LatencySamples => ({ latencies: [], reportedOverheadMs: [], failures: 0 }),
  );
  for (let call = 0; call < calls; call++) {
    for (let offset = 0; offset < endpoints.length; offset++) {
      const index = (call + offset) % endpoints.length;
      const endpoint = endpoints[index]!;
      const sample = samples[index]!;
      const start = process.hrtime.bigint();
      const response = await request(endpoint.url, {
        method: 'POST',
        headers: endpoint.headers,
        body: endpoint.body ?? body,
        dispatcher,
      });
      await response.body.text();
      const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
      if (response.statusCode !== 200) {
        sample.failures++;
        continue;
      }
      sample.latencies.push(elapsed);
      const reported = response.headers['x-llmrouter-overhead-ms'];
      if (typeof reported === 'string') sample.reportedOverheadMs.push(Number(reported));
    }
  }
  return samples;
}

async function readClockStream(options: {
  endpoint: Endpoint;
  body: string;
  frames: number;
  into: FrameResult;
}): Promise<void> {
  const { endpoint, body, frames, into } = options;
  const start = process.hrtime.bigint();
  let arrival = start;
  let expected = 0;
  let received = 0;
  let inOrder = true;
  const response = await request(endpoint.url, {
    method: 'POST',
    headers: endpoint.headers,
    body,
    dispatcher,
  });
  if (response.statusCode !== 200) {
    const text = await response.body.text();
    throw new Error(`status ${response.statusCode}: ${text.slice(0, 200)}`);
  }
  const done = await readSseContent({
    body: response.body,
    onChunk: () => {
      arrival = process.hrtime.bigint();
    },
    onContent: (text) => {
      // A gateway may merge or split frames; every "<index>:<ns> " stamp in the text is one upstream frame.
      for (const stamp of text.split(' ')) {
        if (stamp === '') continue;
        const separator = stamp.indexOf(':');
        const index = Number(stamp.slice(0, separator));
        const sent = BigInt(stamp.slice(separator + 1));
        if (index !== expected) inOrder = false;
        if (expected === 0) into.ttftMs.push(Number(arrival - start) / 1e6);
        expected = index + 1;
        received++;
        into.framesReceived++;
        into.transitMicros.push(Number(arrival - sent) / 1e3);
      }
    },
  });
  const lost = frames - received;
  into.framesLost += Math.max(0, lost);
  if (!done || !inOrder || lost !== 0) into.brokenStreams++;
}

async function frames(payload: LoadCommands['frames']['payload']): Promise<FrameResult> {
  const { endpoint, body, streams, concurrency } = payload;
  const result: FrameResult = {
    streams,
    brokenStreams: 0,
    framesReceived: 0,
    framesLost: 0,
    transitMicros: [],
    ttftMs: [],
    firstError: undefined,
  };
  let started = 0;
  const worker = async () => {
    while (started < streams) {
      started++;
      try {
        await readClockStream({ endpoint, body, frames: payload.frames, into: result });
      } catch (error) {
        result.brokenStreams++;
        result.framesLost += payload.frames;
        result.firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, streams) }, worker));
  return result;
}

serveParent<LoadCommands>({ throughput, latency, frames });
