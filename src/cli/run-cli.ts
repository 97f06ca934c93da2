import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { checkCommand } from './check-command.js';
import type { CliIO } from './cli-io.js';
import { demoCommand } from './demo/demo-command.js';
import { serveCommand } from './serve-command.js';

const usage = `llmrouter: route LLM calls across providers with retries, circuit breakers, timeouts and fallbacks

Usage
  llmrouter serve --config FILE [--host HOST] [--port PORT] [--watch] [--workers N|auto]
      Run the OpenAI-compatible gateway: POST /v1/chat/completions, GET /v1/models,
      GET /healthz, GET /readyz, GET /metrics. SIGTERM drains in-flight requests, then exits.
      SIGHUP reloads the configuration (an invalid one is logged and refused).
      --watch    reload whenever the configuration file changes
      --workers  run N gateway processes on the port (auto: one per core); breakers,
                 limits and cache are per worker unless the Redis state store is configured
  llmrouter check --config FILE [--require-env]
      Validate a configuration file and print where every model lands and its fallback plan.
      --require-env  treat unset environment variables as errors
  llmrouter demo [--requests N] [--duration SECONDS]
      Watch the router ride out a provider outage: three scripted providers in-process,
      no keys and no network.

Options
  -c, --config FILE   configuration file (YAML or JSON); see examples/llmrouter.yaml
  -h, --help          show this help
  -v, --version       show the version
`;

const options = {
  config: { type: 'string', short: 'c' },
  host: { type: 'string' },
  port: { type: 'string' },
  requests: { type: 'string' },
  duration: { type: 'string' },
  'require-env': { type: 'boolean' },
  watch: { type: 'boolean' },
  workers: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** A command-line mistake: reported with the usage, exit status 2. */
class UsageError extends Error {}

/**
 * Runs the `llmrouter` command with `args` (without `node` and the script) and resolves with its exit
 * status: 0 success, 1 a configuration or runtime error, 2 a usage error.
 */
export async function runCli(args: readonly string[], io: CliIO): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    io.stderr.write(`llmrouter: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    io.stdout.write(usage);
    return command === undefined && !values.help ? 2 : 0;
  }
  try {
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    switch (command) {
      case 'serve':
        return await serveCommand(
          {
            configPath: requireConfig(values.config),
            host: values.host,
            watch: values.watch,
            workers: values.workers === undefined ? undefined : workers(values.workers),
            port:
              values.port === undefined
                ? undefined
                : integer(values.port, { name: '--port', minimum: 0, maximum: 65_535 }),
          },
          io,
        );
      case 'check':
        return await checkCommand(
          { configPath: requireConfig(values.config), requireEnv: values['require-env'] },
          io,
        );
      case 'demo':
        return await demoCommand(
          {
            requests:
              values.requests === undefined
                ? undefined
                : integer(values.requests, { name: '--requests', minimum: 1, maximum: 100_000 }),
            durationMs:
              values.duration === undefined
                ? undefined
                : Math.round(seconds(values.duration, '--duration') * 1000),
          },
          io,
        );
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`llmrouter: ${error.message}\n\n${usage}`);
    return 2;
  }
}

function parse(args: readonly string[]) {
  return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
}

function requireConfig(path: string | undefined): string {
  if (path === undefined || path === '') throw new UsageError('--config FILE is required');
  return path;
}

function integer(text: string, range: { name: string; minimum: number; maximum: number }): number {
  const { name, minimum, maximum } = range;
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum || value > maximum) {
    throw new UsageError(`${name} must be a whole number from ${minimum} to ${maximum}, not "${text}"`);
  }
  return value;
}

/** `--workers`: a count, or `auto` for one per core the process may use. */
function workers(text: string): number {
  if (text === 'auto') return availableParallelism();
  return integer(text, { name: '--workers', minimum: 1, maximum: 256 });
}

function seconds(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > 600) {
    throw new UsageError(`${name} must be a number of seconds above 0 and at most 600, not "${text}"`);
  }
  return value;
}

function version(): string {
  try {
    const file = new URL('../../package.json', import.meta.url);
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
