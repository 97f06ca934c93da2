import cluster from 'node:cluster';
import type { CliIO } from './cli-io.js';
import { firstSignal } from './first-signal.js';
import { serveCluster } from './serve-cluster.js';
import { startServing } from './serve-start.js';
import { serveWorker } from './serve-worker.js';
import { watchFile } from './watch-file.js';

/** Options of {@link serveCommand}. */
export interface ServeOptions {
  configPath: string;
  host?: string;
  port?: number;
  /** Reload the configuration whenever its file changes (as SIGHUP does). */
  watch?: boolean;
  /**
   * Run this many gateway processes on the one port (node:cluster), with a primary that supervises
   * them. Default: none, one process serves.
   */
  workers?: number;
  /** Resolves when the gateway should shut down. Default: the first SIGTERM or SIGINT. */
  stopSignal?: Promise<unknown>;
}

/**
 * `llmrouter serve --config FILE`: runs the gateway until SIGTERM (or SIGINT), then stops accepting
 * connections, lets in-flight requests finish within the grace period, and returns 0. A second signal
 * while draining exits at once. SIGHUP (and, with `watch`, a change of the file) reloads the
 * configuration: a valid one is swapped in, an invalid one is logged and the old one keeps serving.
 * Returns 1 when the configuration or the port cannot be used at start. With `workers`, the same in
 * each of that many worker processes, under a primary (see `serveCluster` and `serveWorker`).
 */
export async function serveCommand(options: ServeOptions, io: CliIO): Promise<number> {
  if (options.workers !== undefined) {
    if (cluster.isPrimary) return serveCluster({ ...options, workers: options.workers }, io);
    return serveWorker(options, io);
  }
  const running = await startServing(options, io);
  if (running === 1) return 1;
  const reload = () => {
    running.reload().catch((error: unknown) => {
      io.stderr.write(`reload failed: ${(error as Error).message}\n`);
    });
  };
  process.on('SIGHUP', reload);
  const stopWatching = options.watch ? watchFile(options.configPath, reload) : undefined;
  await (options.stopSignal ?? firstSignal());
  process.off('SIGHUP', reload);
  stopWatching?.();
  const forced = () => {
    io.stderr.write('second signal: exiting without waiting for in-flight requests\n');
    process.exit(1);
  };
  process.once('SIGTERM', forced);
  process.once('SIGINT', forced);
  try {
    await running.shutdown();
  } finally {
    process.off('SIGTERM', forced);
    process.off('SIGINT', forced);
  }
  return 0;
}
