import { setTimeout as sleep } from 'node:timers/promises';
import type { Router } from '../../src/index.js';
import { routerRequest } from '../in-process/contenders/adapter.js';
import { benchRouter } from '../in-process/contenders/router.js';
import { serveParent } from '../lib/child-process.js';
import { readRawStream } from './raw-sse.js';
import type { HeldStreamsResult, StreamCommands, StreamReader } from './stream-commands.js';

let serverURLs: string[] = [];
const routers = new Map<string, Router>();

function baseURL(upstream: string, server = 0): string {
  return `${serverURLs[server % serverURLs.length]}/${upstream}/v1`;
}

/** One router per upstream and origin, each as the in-process bench configures it. */
function routerFor(upstream: string, server = 0): Router {
  const key = `${upstream}@${server % serverURLs.length}`;
  let router = routers.get(key);
  if (!router) {
    router = benchRouter({
      primaryBaseURL: baseURL(upstream, server),
      fallbackBaseURL: baseURL('fallback', server),
    });
    routers.set(key, router);
  }
  return router;
}

/** Reads one whole stream, calling `onContent` per text delta. */
async function readStream(options: {
  reader: StreamReader;
  upstream: string;
  server?: number;
  onContent: (text: string) => void;
  signal?: AbortSignal;
}): Promise<void> {
  const { reader, upstream, server, onContent, signal } = options;
  if (reader === 'raw') {
    await readRawStream({ baseURL: baseURL(upstream, server), onContent, signal });
    return;
  }
  for await (const part of routerFor(upstream, server).stream(routerRequest, { signal })) {
    if (part.type === 'text-delta') onContent(part.text);
  }
}

/** Time from the call to its first content, the stream then read to its end so the connection is reused. */
async function timeToFirstContent(reader: StreamReader, upstream: string): Promise<number> {
  const start = performance.now();
  let first = Number.NaN;
  await readStream({
    reader,
    upstream,
    onContent: () => {
      if (Number.isNaN(first)) first = performance.now() - start;
    },
  });
  return first;
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the streaming process needs --expose-gc');
  gc();
  gc();
}

async function holdStreams(options: StreamCommands['held']['payload']): Promise<HeldStreamsResult> {
  const { upstream, warmUpstream, reader, count, partsPerStream } = options;
  const ignore = () => {};
  for (let stream = 0; stream < 50; stream++) {
    await readStream({ reader, upstream: warmUpstream, server: stream, onContent: ignore });
  }
  // Routers for every origin exist before the baseline, so only the streams themselves count.
  for (let server = 0; server < serverURLs.length; server++) routerFor(upstream, server);
  collect();
  const before = process.memoryUsage();
  const controllers: AbortController[] = [];
  let ready = 0;
  let onAllReady: () => void = () => {};
  const allReady = new Promise<void>((resolve) => {
    onAllReady = resolve;
  });
  const streams = Array.from({ length: count }, (_, index) => {
    let parts = 0;
    const controller = new AbortController();
    controllers.push(controller);
    return readStream({
      reader,
      upstream,
      // Spread over the origins: the raw reader's pool opens at most 256 connections per origin.
      server: index,
      signal: controller.signal,
      onContent: () => {
        if (++parts === partsPerStream && ++ready === count) onAllReady();
      },
    }).catch(() => {});
  });
  const timedOut = await Promise.race([allReady.then(() => false), sleep(30_000).then(() => true)]);
  const abortAll = () => {
    for (const controller of controllers) controller.abort();
  };
  if (timedOut) {
    abortAll();
    await Promise.all(streams);
    throw new Error(`only ${ready} of ${count} streams reached ${partsPerStream} parts within 30 s`);
  }
  collect();
  const after = process.memoryUsage();
  abortAll();
  await Promise.all(streams);
  return {
    count,
    heapBytesPerStream: (after.heapUsed - before.heapUsed) / count,
    rssBytesPerStream: (after.rss - before.rss) / count,
    partsPerStream,
  };
}

serveParent<StreamCommands>({
  setup(payload) {
    serverURLs = payload.serverURLs;
    return null;
  },
  async ttft({ upstream, calls }) {
    const raw: number[] = [];
    const router: number[] = [];
    for (let call = 0; call < calls; call++) {
      // Alternating call by call, so drift hits both readers alike.
      raw.push(await timeToFirstContent('raw', upstream));
      router.push(await timeToFirstContent('router', upstream));
    }
    return { raw, router };
  },
  async rate({ upstream, reader, durationMs, expectedParts }) {
    let parts = 0;
    let streams = 0;
    const onContent = () => {
      parts++;
    };
    const start = performance.now();
    const cpuBefore = process.cpuUsage();
    while (performance.now() - start < durationMs) {
      const partsBefore = parts;
      await readStream({ reader, upstream, onContent });
      if (parts - partsBefore !== expectedParts)
        throw new Error(`${reader} read ${parts - partsBefore} parts, expected ${expectedParts}`);
      streams++;
    }
    const cpu = process.cpuUsage(cpuBefore);
    return { parts, streams, elapsedMs: performance.now() - start, cpuMicros: cpu.user + cpu.system };
  },
  held: (payload) => holdStreams(payload),
});
