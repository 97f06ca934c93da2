import { readFile } from 'node:fs/promises';
import { ConfigFileError, formatIssue } from '../config/config-issue.js';
import type { GatewayConfig } from '../config/config-schema.js';
import { loadConfig } from '../config/parse-config.js';
import { type RunningGateway, startGateway } from '../server/start-gateway.js';
import { type CliIO, colorsFor } from './cli-io.js';
import { watchFile } from './watch-file.js';

/** Options of {@link serveCommand}. */
export interface ServeOptions {
  configPath: string;
  host?: string;
  port?: number;
  /** Reload the configuration whenever its file changes (as SIGHUP does). */
  watch?: boolean;
  /** Resolves when the gateway should shut down. Default: the first SIGTERM or SIGINT. */
  stopSignal?: Promise<unknown>;
}

/**
 * `llmrouter serve --config FILE`: runs the gateway until SIGTERM (or SIGINT), then stops accepting
 * connections, lets in-flight requests finish within the grace period, and returns 0. A second signal
 * while draining exits at once. SIGHUP (and, with `watch`, a change of the file) reloads the
 * configuration: a valid one is swapped in, an invalid one is logged and the old one keeps serving.
 * Returns 1 when the configuration or the port cannot be used at start.
 */
export async function serveCommand(options: ServeOptions, io: CliIO): Promise<number> {
  const color = colorsFor(io.stderr, io.env);
  let config: GatewayConfig;
  let running: RunningGateway;
  try {
    config = await loadConfig(options.configPath);
    running = await startGateway({
      config,
      configFile: options.configPath,
      configText: await readFile(options.configPath, 'utf8'),
      env: io.env,
      host: options.host,
      port: options.port,
      output: io.stdout,
    });
  } catch (error) {
    if (error instanceof ConfigFileError) {
      io.stderr.write(`${color.red('✖')} ${error.file ?? options.configPath}: cannot serve\n`);
      for (const issue of error.issues) io.stderr.write(`  ${formatIssue(issue)}\n`);
      return 1;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      io.stderr.write(`${color.red('✖')} cannot listen: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
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

function firstSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
