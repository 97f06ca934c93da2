import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigFileError, type ConfigIssue, formatPath } from './config-issue.js';
import type { GatewayPlugin, GatewayPluginModule, LoadedPlugin } from './gateway-plugin.js';
import type { PluginEntry } from './router-settings-schema.js';

const hookNames = ['onAttempt', 'onRetry', 'onFallback', 'onCircuitStateChange', 'onHookError'];

/**
 * Loads the modules `plugins:` names: paths relative to the configuration file (or the working
 * directory without one), or package names resolved from there. A module is imported again only when
 * its file changed since the last load (the import is keyed by its modification time), so a reload picks
 * up an edited plugin. Every module that cannot be used is reported at once, as a `ConfigFileError` with
 * the entry's path (`plugins[1]`).
 */
export async function loadPlugins(
  entries: readonly PluginEntry[] | undefined,
  context: { configFile?: string } = {},
): Promise<LoadedPlugin[]> {
  if (!entries || entries.length === 0) return [];
  const configFile = context.configFile === undefined ? undefined : resolve(context.configFile);
  const base = configFile === undefined ? process.cwd() : dirname(configFile);
  const issues: Array<ConfigIssue | undefined> = [];
  const loaded = await Promise.all(
    entries.map(async (entry, index) => {
      const path = formatPath(['plugins', index]);
      const specifier = typeof entry === 'string' ? entry : entry.module;
      const options = typeof entry === 'string' ? {} : (entry.options ?? {});
      try {
        const file = await locate(specifier, base);
        const module = (await import(`${pathToFileURL(file).href}?v=${(await stat(file)).mtimeMs}`)) as {
          default?: unknown;
          plugin?: unknown;
        };
        const exported = (module.default ?? module.plugin) as GatewayPluginModule | undefined;
        if (exported === undefined) {
          throw new Error('has no default export (nor one named plugin): export a plugin or a factory');
        }
        const plugin = typeof exported === 'function' ? await exported({ options, configFile }) : exported;
        const problem = shapeProblem(plugin);
        if (problem !== undefined) throw new Error(problem);
        return { ...plugin, name: plugin.name ?? basename(file), module: file } satisfies LoadedPlugin;
      } catch (error) {
        issues[index] = { path, message: `${specifier}: ${firstLine(error)}` };
        return undefined;
      }
    }),
  );
  const found = issues.filter((issue) => issue !== undefined);
  if (found.length > 0) throw new ConfigFileError({ issues: found, file: configFile });
  return loaded.filter((plugin) => plugin !== undefined);
}

async function locate(specifier: string, base: string): Promise<string> {
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    const file = resolve(base, specifier);
    try {
      await stat(file);
    } catch {
      throw new Error(`no such file (looked for ${file})`);
    }
    return file;
  }
  try {
    return createRequire(join(base, 'llmrouter-config.js')).resolve(specifier);
  } catch {
    throw new Error(`cannot find the package from ${base}`);
  }
}

/** Why a plugin module's export is not a plugin, or `undefined` when it is one. */
function shapeProblem(plugin: unknown): string | undefined {
  if (typeof plugin !== 'object' || plugin === null || Array.isArray(plugin)) {
    return 'must export a plugin object ({ hooks, instrumentation, middleware }) or a function returning one';
  }
  const { name, hooks, instrumentation, middleware } = plugin as GatewayPlugin;
  if (name !== undefined && typeof name !== 'string') return 'name must be a string';
  if (hooks !== undefined) {
    if (typeof hooks !== 'object' || hooks === null) return 'hooks must be an object of functions';
    for (const [key, value] of Object.entries(hooks)) {
      if (!hookNames.includes(key))
        return `hooks.${key} is not a router hook (one of: ${hookNames.join(', ')})`;
      if (typeof value !== 'function') return `hooks.${key} must be a function`;
    }
  }
  if (instrumentation !== undefined) {
    const list = Array.isArray(instrumentation) ? instrumentation : [instrumentation];
    if (list.some((entry) => typeof (entry as { startCall?: unknown })?.startCall !== 'function')) {
      return 'instrumentation must have a startCall function';
    }
  }
  if (middleware !== undefined) {
    if (!Array.isArray(middleware) || middleware.some((entry) => typeof entry !== 'function')) {
      return 'middleware must be a list of functions (provider => provider)';
    }
  }
  return undefined;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0] ?? message;
}
