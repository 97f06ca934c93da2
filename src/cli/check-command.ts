import { buildRouter } from '../config/build-router.js';
import { ConfigFileError, formatIssue } from '../config/config-issue.js';
import type { GatewayConfig } from '../config/config-schema.js';
import { isSet, referencedVariables } from '../config/env-references.js';
import { loadConfig } from '../config/parse-config.js';
import { routableModels } from '../config/routable-models.js';
import { resolveServerSettings } from '../config/server-settings.js';
import { createMemoryResponseCacheStore } from '../state/memory-response-cache-store.js';
import { memoryStateStore } from '../state/memory-state-store.js';
import type { ResolutionStep } from '../types/call.js';
import { type CliIO, colorsFor } from './cli-io.js';

/** Options of {@link checkCommand}. */
export interface CheckOptions {
  configPath: string;
  /** Treat unset environment variables as errors (for the machine that will run `serve`). */
  requireEnv?: boolean;
}

const stepNames: Record<ResolutionStep, string> = {
  group: 'group',
  'model-map': 'model map',
  'provider-name': 'provider name',
  'model-scan': 'model list',
};

/**
 * `llmrouter check --config FILE`: validates the file and prints, for every model a client can request,
 * the provider it lands on and its fallback plan (the router's own `explain`), the middleware, the
 * server settings, and which referenced environment variables are unset. Returns the exit status: 1 on
 * any error. Unset variables are warnings, since a file is often checked where its secrets do not live,
 * unless `requireEnv` is set.
 */
export async function checkCommand(options: CheckOptions, io: CliIO): Promise<number> {
  const color = colorsFor(io.stdout, io.env);
  const out = (line = '') => io.stdout.write(`${line}\n`);
  let config: GatewayConfig;
  try {
    config = await loadConfig(options.configPath);
  } catch (error) {
    return reportErrors(io, { error, file: options.configPath });
  }

  const variables = referencedVariables(config);
  const unset = variables.filter((variable) => !variable.optional && !isSet(io.env, variable.name));
  // Unset variables get placeholders so the plan can still be shown; `serve` would refuse them.
  const env = { ...io.env };
  for (const variable of unset) env[variable.name] = 'unset-placeholder';
  let built: ReturnType<typeof buildRouter>;
  try {
    // Check never contacts Redis: a `redis` section is built on in-memory stand-ins and described below.
    const shared = config.redis
      ? {
          state: memoryStateStore(),
          cache: createMemoryResponseCacheStore(),
          replicas: config.redis.replicas ?? 1,
        }
      : undefined;
    built = buildRouter(config, { env, shared });
  } catch (error) {
    return reportErrors(io, { error, file: options.configPath });
  }

  const errors: string[] = [];
  const warnings: string[] = [];
  const routable = routableModels(config, built);
  const providerCount = Object.keys(config.providers).length;
  out(
    `${color.green('✔')} ${options.configPath}: valid (${providerCount} ${providerCount === 1 ? 'provider' : 'providers'}, ${routable.length} requestable ${routable.length === 1 ? 'model' : 'models'})`,
  );
  out();
  out(
    color.bold('Routing') +
      color.dim('  (requested model: how it resolves → primary target, then fallbacks in order)'),
  );
  const width = Math.max(...routable.map((entry) => entry.model.length), 5);
  for (const entry of routable) {
    if (entry.error) {
      errors.push(`model "${entry.model}" cannot be routed: ${entry.error.message}`);
      out(`  ${color.red('✖')} ${entry.model.padEnd(width)}  ${color.red(entry.error.message)}`);
      continue;
    }
    const explanation = entry.explanation!;
    const plan = explanation.plan
      .map((target) => `${target.member ?? target.provider}/${target.model}`)
      .join(color.dim(' → '));
    out(`  ${entry.model.padEnd(width)}  ${color.dim(stepNames[explanation.step].padEnd(10))}  ${plan}`);
  }
  out(
    color.dim(
      `  (a provider's name also routes to its default model: ${Object.keys(config.providers).join(', ')})`,
    ),
  );

  const groups = routable.filter((entry) => entry.explanation?.group);
  if (groups.length > 0) {
    out();
    out(color.bold('Groups') + color.dim('  (strategy, then each member: name, target, weight, tags)'));
    for (const entry of groups) {
      const group = entry.explanation!.group!;
      out(`  ${group.name}  ${color.dim('strategy')} ${group.strategy}`);
      for (const member of group.members) {
        const tags = member.tags
          ? `  ${Object.entries(member.tags)
              .map(([key, value]) => `${key}=${value}`)
              .join(' ')}`
          : '';
        out(
          `    ${member.member.padEnd(16)} ${member.provider}/${member.model}  ${color.dim('weight')} ${member.weight}${tags}`,
        );
      }
    }
  }

  const requestable = new Set(routable.map((entry) => entry.model));
  if (config.fallbacks && !Array.isArray(config.fallbacks)) {
    for (const model of Object.keys(config.fallbacks)) {
      if (model !== '*' && !requestable.has(model) && !(model in config.providers)) {
        warnings.push(
          `fallbacks["${model}"] is a chain for a model no provider serves and the model map does not name`,
        );
      }
    }
  }
  for (const [name, provider] of Object.entries(config.providers)) {
    if (provider.apiKey !== undefined && provider.apiKey !== '' && !provider.apiKey.includes('${')) {
      warnings.push(
        `providers.${name}.apiKey is written in the file; use an environment reference such as \${${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY}`,
      );
    }
  }

  out();
  out(color.bold('Middleware') + color.dim('  (applied to every provider, outermost first)'));
  const middleware = describeMiddleware(config);
  for (const line of middleware) out(`  ${line}`);
  if (middleware.length === 0)
    out(color.dim('  none: a failed attempt falls back at once, and nothing bounds its time'));

  out();
  out(color.bold('Environment'));
  if (variables.length === 0) out(color.dim('  no environment references'));
  for (const variable of variables) {
    const set = isSet(io.env, variable.name);
    const state = set
      ? color.green('set  ')
      : variable.optional
        ? color.dim('unset (has a default)')
        : color.yellow('unset');
    out(
      `  ${set ? color.green('✔') : variable.optional ? color.dim('·') : color.yellow('!')} ${variable.name.padEnd(24)} ${state}  ${color.dim(variable.paths.join(', '))}`,
    );
  }
  if (unset.length > 0) {
    const message = `${unset.length} referenced environment ${unset.length === 1 ? 'variable is' : 'variables are'} unset (${unset.map((variable) => variable.name).join(', ')}): \`serve\` will not start without ${unset.length === 1 ? 'it' : 'them'}`;
    (options.requireEnv ? errors : warnings).push(message);
  }

  out();
  out(color.bold('Server'));
  try {
    const settings = resolveServerSettings(config, { env });
    out(
      `  listens on ${settings.host}:${settings.port}, ${settings.keys.length > 0 ? `${settings.keys.length} gateway ${settings.keys.length === 1 ? 'key' : 'keys'}` : 'no gateway keys'}, body limit ${settings.bodyLimitBytes} bytes, grace period ${settings.gracePeriodMs} ms`,
    );
    if (settings.hostNote) out(`  ${color.yellow('!')} ${settings.hostNote}`);
  } catch (error) {
    if (!(error instanceof ConfigFileError)) throw error;
    for (const issue of error.issues) errors.push(formatIssue(issue));
  }

  if (warnings.length > 0) {
    out();
    for (const warning of warnings) out(`${color.yellow('warning:')} ${warning}`);
  }
  if (errors.length > 0) {
    io.stderr.write('\n');
    for (const error of errors) io.stderr.write(`${colorsFor(io.stderr, io.env).red('error:')} ${error}\n`);
    return 1;
  }
  return 0;
}

function describeMiddleware(config: GatewayConfig): string[] {
  const lines: string[] = [];
  if (config.retry) {
    const retry = config.retry;
    lines.push(
      `retry            ${retry.attempts ?? 3} attempts per target, backoff from ${retry.baseDelayMs ?? 1_000} ms (full jitter, capped at ${retry.maxDelayMs ?? 30_000} ms), Retry-After honoured up to ${retry.maxRetryAfterMs ?? 30_000} ms`,
    );
  }
  if (config.circuitBreaker) {
    const breaker = config.circuitBreaker;
    lines.push(
      `circuit breaker  per ${breaker.scope ?? 'provider'}: opens after ${breaker.failureThreshold ?? 5} consecutive failures, cooldown ${breaker.cooldownMs ?? 30_000} ms, ${breaker.halfOpenProbes ?? 1} half-open ${(breaker.halfOpenProbes ?? 1) === 1 ? 'probe' : 'probes'}`,
    );
  }
  if (config.redis) {
    const { prefix, replicas } = config.redis;
    lines.push(
      `shared state     the breaker, rate limits and cache share through Redis (redis.url, keys under ${prefix ?? 'llmrouter:'}, ${replicas ?? 1} ${(replicas ?? 1) === 1 ? 'replica' : 'replicas'}); not contacted by check`,
    );
  }
  for (const limit of config.rateLimits ?? []) {
    const figures = [
      limit.requestsPerMinute === undefined ? undefined : `${limit.requestsPerMinute} requests/min`,
      limit.tokensPerMinute === undefined ? undefined : `${limit.tokensPerMinute} tokens/min`,
    ].filter((figure) => figure !== undefined);
    const leases = config.redis && limit.leaseMs ? `, taken in leases of ${limit.leaseMs} ms` : '';
    lines.push(
      `rate limit       per ${limit.scope ?? 'provider'}: ${figures.join(', ')}, at the limit ${limit.onLimit ?? 'wait'}${leases}`,
    );
  }
  if (config.timeout) {
    const parts: string[] = [];
    if (config.timeout.totalMs !== undefined) parts.push(`${config.timeout.totalMs} ms total`);
    if (config.timeout.firstContentMs !== undefined)
      parts.push(`${config.timeout.firstContentMs} ms to first content`);
    if (config.timeout.idleMs !== undefined)
      parts.push(`${config.timeout.idleMs} ms idle between stream parts`);
    lines.push(`timeout          per attempt: ${parts.join(', ') || 'no limits set'}`);
  }
  return lines;
}

function reportErrors(io: CliIO, failure: { error: unknown; file: string }): number {
  const { error, file } = failure;
  const color = colorsFor(io.stderr, io.env);
  if (!(error instanceof ConfigFileError)) throw error;
  const count = error.issues.length;
  io.stderr.write(`${color.red('✖')} ${error.file ?? file}: ${count} ${count === 1 ? 'error' : 'errors'}\n`);
  for (const issue of error.issues) io.stderr.write(`  ${formatIssue(issue)}\n`);
  return 1;
}
