import { readFile } from 'node:fs/promises';
import { ConfigFileError, formatIssue } from '../config/config-issue.js';
import { loadConfig } from '../config/parse-config.js';
import { type RunningGateway, type StartGatewayOptions, startGateway } from '../server/start-gateway.js';
import { type CliIO, colorsFor } from './cli-io.js';

/** What `serve` needs to start a gateway. */
export interface ServeStartOptions {
  configPath: string;
  host?: string;
  port?: number;
}

/**
 * Loads the configuration and starts a gateway on it, or reports why it cannot (an invalid file, a
 * port that cannot be used) on stderr and resolves with exit status 1.
 */
export async function startServing(
  options: ServeStartOptions,
  io: CliIO,
  extra: Pick<StartGatewayOptions, 'logFields' | 'observers'> = {},
): Promise<RunningGateway | 1> {
  try {
    const config = await loadConfig(options.configPath);
    return await startGateway({
      ...extra,
      config,
      configFile: options.configPath,
      configText: await readFile(options.configPath, 'utf8'),
      env: io.env,
      host: options.host,
      port: options.port,
      output: io.stdout,
    });
  } catch (error) {
    if (reportStartError(error, options.configPath, io)) return 1;
    throw error;
  }
}

/** Writes why serving cannot start, when `error` is one `serve` knows; false for anything else. */
export function reportStartError(error: unknown, configPath: string, io: CliIO): boolean {
  const color = colorsFor(io.stderr, io.env);
  if (error instanceof ConfigFileError) {
    io.stderr.write(`${color.red('✖')} ${error.file ?? configPath}: cannot serve\n`);
    for (const issue of error.issues) io.stderr.write(`  ${formatIssue(issue)}\n`);
    return true;
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    io.stderr.write(`${color.red('✖')} cannot listen: ${(error as Error).message}\n`);
    return true;
  }
  return false;
}
