import cluster, { type Worker } from 'node:cluster';
import type { Readable } from 'node:stream';
import { loadConfig } from '../config/parse-config.js';
import { resolveServerSettings } from '../config/server-settings.js';
import { MetricsAggregator } from '../server/core/cluster-metrics.js';
import { RequestLog } from '../server/core/request-log.js';
import type { CliIO, CliOutput } from './cli-io.js';
import { firstSignal } from './first-signal.js';
import { RestartBackoff } from './restart-backoff.js';
import { reportStartError, type ServeStartOptions } from './serve-start.js';
import { watchFile } from './watch-file.js';
import { isTagged, type PrimaryMessage, type ReloadedMessage } from './worker-messages.js';

/** Options of {@link serveCluster}. */
export interface ServeClusterOptions extends ServeStartOptions {
  /** How many workers to run. */
  workers: number;
  /** Reload every worker whenever the configuration file changes (as SIGHUP does). */
  watch?: boolean;
  /** Resolves when the workers should drain and stop. Default: the first SIGTERM or SIGINT. */
  stopSignal?: Promise<unknown>;
}

/** How long past the grace period the primary waits for the workers before killing them. */
const exitMarginMs = 5_000;

/**
 * `llmrouter serve --workers N`, the primary: checks the configuration, forks N workers (node:cluster,
 * which hands connections out round-robin on Linux) and forwards their log lines whole; replaces a
 * worker that dies with a back-off so a crash loop does not spin; forwards SIGHUP (and, with `watch`, a
 * change of the file) to every worker, each of which re-reads and validates the file; serves the
 * workers' merged metrics to whichever one is scraped; and on SIGTERM or SIGINT drains every worker,
 * then resolves with 0. Resolves with 1 when the configuration is invalid or a worker cannot start.
 */
export async function serveCluster(options: ServeClusterOptions, io: CliIO): Promise<number> {
  let gracePeriodMs: number;
  try {
    const config = await loadConfig(options.configPath);
    gracePeriodMs = resolveServerSettings(config, {
      env: io.env,
      host: options.host,
      port: options.port,
    }).gracePeriodMs;
  } catch (error) {
    if (reportStartError(error, options.configPath, io)) return 1;
    throw error;
  }
  const log = new RequestLog(io.stdout, true);
  log.tag({ role: 'primary' });
  // Workers write to pipes the primary reads, so lines of different workers never interleave mid-line.
  cluster.setupPrimary({ silent: true });

  const startedAt = new Map<number, number>();
  const listening = new Map<number, Worker>();
  const backoff = new RestartBackoff();
  const restarts = new Set<NodeJS.Timeout>();
  const aggregator = new MetricsAggregator(() => listening.values());
  let starting = true;
  let stopping = false;
  let failed = false;
  let finish: (status: number) => void = () => {};
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });

  const fork = () => {
    const worker = cluster.fork(io.env);
    startedAt.set(worker.id, Date.now());
    forwardLines(worker.process.stdout, io.stdout);
    forwardLines(worker.process.stderr, io.stderr);
    log.event('info', { msg: 'worker started', worker: worker.id, pid: worker.process.pid });
  };
  const tell = (message: PrimaryMessage) => {
    for (const worker of Object.values(cluster.workers ?? {})) {
      if (worker?.isConnected()) worker.send(message);
    }
  };
  /**
   * Drains every worker: a listening one is told over IPC; one still starting has no handler for the
   * message yet, and SIGTERM either ends it (before its handler exists) or drains it (after).
   */
  const stopAll = () => {
    for (const worker of Object.values(cluster.workers ?? {})) {
      if (worker === undefined) continue;
      if (listening.has(worker.id) && worker.isConnected()) {
        worker.send({ llmrouter: 'shutdown' } satisfies PrimaryMessage);
      } else worker.process.kill('SIGTERM');
    }
  };

  let reload: { expected: number; replies: ReloadedMessage[] } | undefined;
  const onMessage = (worker: Worker, message: unknown) => {
    aggregator.onMessage(worker, message);
    if (!isTagged(message, ['reloaded']) || reload === undefined) return;
    reload.replies.push(message as ReloadedMessage);
    if (reload.replies.length < reload.expected) return;
    const applied = reload.replies.filter((reply) => reply.applied).length;
    const workers = reload.replies.length;
    reload = undefined;
    if (applied === workers) log.event('info', { msg: 'configuration reloaded on every worker', workers });
    else if (applied === 0) log.event('error', { msg: 'configuration refused by every worker', workers });
    else log.event('warn', { msg: 'configuration reloaded on some workers only', applied, workers });
    log.flush();
  };
  const onListening = (worker: Worker, address: { address: string; port: number }) => {
    listening.set(worker.id, worker);
    if (!starting || listening.size < options.workers) return;
    starting = false;
    const host = address.address.includes(':') ? `[${address.address}]` : address.address;
    log.event('info', {
      msg: `${options.workers} workers listening on http://${host}:${address.port}`,
      workers: options.workers,
    });
    log.flush();
  };
  const onExit = (worker: Worker, code: number | null, signal: string | null) => {
    const wasListening = listening.delete(worker.id);
    aggregator.onExit(worker);
    const uptimeMs = Date.now() - (startedAt.get(worker.id) ?? Date.now());
    startedAt.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) finish(0);
      return;
    }
    if (starting && !wasListening) {
      // The first start failed (the worker said why on stderr): stop rather than loop on it.
      log.event('error', { msg: 'a worker could not start; stopping', worker: worker.id, code, signal });
      stopping = true;
      failed = true;
      stopAll();
      if (Object.keys(cluster.workers ?? {}).length === 0) finish(1);
      return;
    }
    const restartInMs = backoff.delayAfter(uptimeMs);
    log.event('warn', { msg: 'worker exited; replacing it', worker: worker.id, code, signal, restartInMs });
    log.flush();
    const timer = setTimeout(() => {
      restarts.delete(timer);
      if (!stopping) fork();
    }, restartInMs);
    restarts.add(timer);
  };
  cluster.on('message', onMessage);
  cluster.on('listening', onListening);
  cluster.on('exit', onExit);

  const onHangup = () => {
    const connected = [...listening.values()].filter((worker) => worker.isConnected());
    if (connected.length === 0) return;
    reload = { expected: connected.length, replies: [] };
    for (const worker of connected) worker.send({ llmrouter: 'reload' } satisfies PrimaryMessage);
  };
  process.on('SIGHUP', onHangup);
  const stopWatching = options.watch ? watchFile(options.configPath, onHangup) : undefined;
  for (let index = 0; index < options.workers; index++) fork();

  const stop = await Promise.race([
    (options.stopSignal ?? firstSignal()).then(() => 'signal' as const),
    finished.then(() => 'failed' as const),
  ]);
  process.off('SIGHUP', onHangup);
  stopWatching?.();
  if (stop === 'signal' && !failed) {
    stopping = true;
    for (const timer of restarts) clearTimeout(timer);
    restarts.clear();
    log.event('info', {
      msg: 'shutting down: every worker drains its in-flight requests',
      workers: listening.size,
      gracePeriodMs,
    });
    log.flush();
    if (Object.keys(cluster.workers ?? {}).length === 0) finish(0);
    stopAll();
  }
  const forced = () => {
    io.stderr.write('second signal: exiting without waiting for in-flight requests\n');
    tell({ llmrouter: 'force' });
    process.exit(1);
  };
  process.once('SIGTERM', forced);
  process.once('SIGINT', forced);
  const overdue = setTimeout(() => {
    log.event('error', { msg: 'workers still running past the grace period; killing them' });
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
  }, gracePeriodMs + exitMarginMs);
  overdue.unref();
  try {
    const status = await finished;
    if (status === 0) log.event('info', { msg: 'every worker drained; stopped' });
    log.flush();
    return failed ? 1 : status;
  } finally {
    clearTimeout(overdue);
    process.off('SIGTERM', forced);
    process.off('SIGINT', forced);
    cluster.off('message', onMessage);
    cluster.off('listening', onListening);
    cluster.off('exit', onExit);
  }
}

/** Copies `from` to `to` in whole lines, so writes from several workers never split one. */
function forwardLines(from: Readable | null, to: CliOutput): void {
  if (from === null) return;
  let rest = '';
  from.setEncoding('utf8');
  from.on('data', (chunk: string) => {
    const end = chunk.lastIndexOf('\n');
    if (end === -1) {
      rest += chunk;
      return;
    }
    to.write(rest + chunk.slice(0, end + 1));
    rest = chunk.slice(end + 1);
  });
  from.on('end', () => {
    if (rest !== '') to.write(`${rest}\n`);
  });
}
