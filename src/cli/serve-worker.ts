import cluster from 'node:cluster';
import { workerMetrics } from '../server/core/cluster-metrics.js';
import { createGatewayObservers } from '../server/create-gateway.js';
import type { CliIO } from './cli-io.js';
import { type ServeStartOptions, startServing } from './serve-start.js';
import { isTagged, type PrimaryMessage, type ReloadedMessage } from './worker-messages.js';

/**
 * One worker of `llmrouter serve --workers N`: a whole gateway (its own router, breakers, limits and
 * cache, unless the configuration shares them through the state store) on the port the primary holds.
 * Its log lines carry `worker`; `/metrics` answers with every worker's figures merged by the primary.
 * The primary drives it: `reload` re-reads the file, `shutdown` drains and exits 0, `force` exits at
 * once. SIGTERM or SIGINT sent to the worker itself (a terminal's Ctrl-C reaches the whole group) drain
 * it too, a second one exits at once; SIGHUP is left to the primary, which forwards it to every worker.
 */
export async function serveWorker(options: ServeStartOptions, io: CliIO): Promise<number> {
  const send = process.send?.bind(process);
  const worker = cluster.worker;
  if (send === undefined || worker === undefined) throw new Error('serveWorker runs in a cluster worker');
  const observers = createGatewayObservers();
  observers.metrics.exposeFrom(workerMetrics(observers.metrics.registry));
  const running = await startServing(options, io, { observers, logFields: { worker: worker.id } });
  if (running === 1) return 1;

  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const forced = () => {
    io.stderr.write(`worker ${worker.id}: exiting without waiting for in-flight requests\n`);
    process.exit(1);
  };
  let signals = 0;
  const onSignal = () => {
    signals++;
    if (signals === 1) stop();
    else forced();
  };
  const onMessage = (message: unknown) => {
    if (!isTagged<PrimaryMessage['llmrouter']>(message, ['reload', 'shutdown', 'force'])) return;
    if (message.llmrouter === 'shutdown') stop();
    else if (message.llmrouter === 'force') forced();
    else {
      running.reload().then(
        (outcome) =>
          send({
            llmrouter: 'reloaded',
            applied: outcome.applied,
            version: running.configVersion.version,
          } satisfies ReloadedMessage),
        (error: unknown) => {
          io.stderr.write(`reload failed: ${(error as Error).message}\n`);
          send({ llmrouter: 'reloaded', applied: false, version: running.configVersion.version });
        },
      );
    }
  };
  const ignore = () => {};
  process.on('message', onMessage);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('SIGHUP', ignore);
  await stopped;
  try {
    await running.shutdown();
  } finally {
    process.off('message', onMessage);
  }
  return 0;
}
